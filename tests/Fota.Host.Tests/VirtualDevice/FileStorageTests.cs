using FotaDevice.Host.VirtualDevice;
using FotaDevice.Update.State;
using Xunit;

namespace FotaDevice.Host.Tests.VirtualDevice;

public sealed class FileStorageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fota-storage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ASlotKeepsWhatWasAppendedAcrossInstances()
    {
        var path = Path.Combine(_dir, "slot-a.bin");
        var slot = new FileSlot(path, 1000);
        Assert.Equal(0, slot.Length);
        slot.Append(0, [1, 2, 3, 4], 1, 3);
        slot.Append(3, [9], 0, 1);

        var again = new FileSlot(path, 1000); // a restarted process
        Assert.Equal(4, again.Length);
        var buffer = new byte[10];
        Assert.Equal(4, again.Read(0, buffer, 2, 8));
        Assert.Equal(new byte[] { 0, 0, 2, 3, 4, 9 }, buffer[..6]);
        Assert.Equal(2, again.Read(2, buffer, 0, 10));
        Assert.Equal(0, again.Read(4, buffer, 0, 5));
    }

    [Fact]
    public void ASlotRefusesGapsOverwritesAndOverflowWithoutChangingAnything()
    {
        var slot = new FileSlot(Path.Combine(_dir, "slot.bin"), 5);
        slot.Append(0, [1, 2, 3], 0, 3);
        Assert.Throws<IOException>(() => slot.Append(4, [1], 0, 1));
        Assert.Throws<IOException>(() => slot.Append(1, [1], 0, 1));
        Assert.Throws<IOException>(() => slot.Append(3, [1, 2, 3], 0, 3));
        Assert.Equal(3, slot.Length);
        slot.Erase();
        Assert.Equal(0, slot.Length);
    }

    [Fact]
    public void BootStateSurvivesInFilesAndACorruptCopyIsIgnored()
    {
        var store = new BootStateStore(new FileRecordStore(_dir));
        var state = new BootState { ConfirmedSlot = 1, SecurityCounter = 3 };
        store.Save(state);
        state.SecurityCounter = 4;
        store.Save(state);

        // Damage the newest copy (each save writes both, the older first: sequence 4 went to copy 1).
        var newest = Path.Combine(_dir, "boot-state-1.bin");
        var bytes = File.ReadAllBytes(newest);
        bytes[20] ^= 0xFF;
        File.WriteAllBytes(newest, bytes);

        var loaded = new BootState();
        Assert.True(new BootStateStore(new FileRecordStore(_dir)).Load(loaded));
        Assert.Equal(4u, loaded.SecurityCounter); // the other copy holds the same state: nothing is lost
        Assert.Equal(1, loaded.ConfirmedSlot);
    }

    [Fact]
    public void MissingRecordFilesMeanANewDevice()
    {
        var loaded = new BootState();
        Assert.False(new BootStateStore(new FileRecordStore(_dir)).Load(loaded));
    }
}
