using FotaDevice.Platform.Storage;
using FotaDevice.Update.State;
using Xunit;

namespace FotaDevice.Tests.Platform;

/// <summary>
/// The file adapters the ESP32 (on I:) and the virtual device both run: slots shaped for flash and
/// the two boot-record files.
/// </summary>

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

        slot.Flush();

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
    public void AnUploadIsWrittenInWholeBlocksWithOneOpen()
    {
        var slot = new FileSlot(Path.Combine(_dir, "slot.bin"), 96 * 1024);
        var opensAtStart = slot.Opens;
        var chunk = new byte[936]; // a typical SMP upload chunk
        var image = new byte[96 * 1024];
        new Random(7).NextBytes(image);
        var offset = 0;
        while (offset < image.Length)
        {
            var count = Math.Min(chunk.Length, image.Length - offset);
            slot.Append(offset, image, offset, count);
            offset += count;
        }

        slot.Flush();
        Assert.Equal(image.Length / FileSlot.DefaultBlockSize, slot.Syncs); // one sync per 4 KiB, none per chunk
        Assert.Equal(1, slot.Opens - opensAtStart);

        var back = new byte[image.Length];
        var read = 0;
        while (read < back.Length)
        {
            read += slot.Read(read, back, read, Math.Min(512, back.Length - read));
        }

        Assert.Equal(image, back);
        Assert.Equal(1, slot.Opens - opensAtStart); // reading back reused the open file
    }

    [Fact]
    public void APowerCutLosesOnlyTheUnsyncedTailAndTheUploadResumesThere()
    {
        var path = Path.Combine(_dir, "slot.bin");
        var slot = new FileSlot(path, 64 * 1024, 4096);
        var data = new byte[10000];
        new Random(3).NextBytes(data);
        slot.Append(0, data, 0, 5000);
        slot.Append(5000, data, 5000, 5000);
        Assert.Equal(10000, slot.Length);

        // Power cut: the process is gone without Flush; only whole synced blocks reached the file.
        var afterCut = new FileSlot(path, 64 * 1024, 4096);
        Assert.Equal(8192, afterCut.Length);
        afterCut.Append(8192, data, 8192, 10000 - 8192);
        var back = new byte[10000];
        Assert.Equal(10000, afterCut.Read(0, back, 0, back.Length));
        Assert.Equal(data, back);
    }

    [Fact]
    public void TwoSlotsShareOneWriteBlockAndNeitherLosesBytesWhenItChangesHands()
    {
        var block = new WriteBlock(64);
        var a = new FileSlot(Path.Combine(_dir, "a.bin"), 1000, block);
        var b = new FileSlot(Path.Combine(_dir, "b.bin"), 1000, block);
        var data = new byte[300];
        new Random(5).NextBytes(data);

        a.Append(0, data, 0, 100);   // one block synced, 36 bytes buffered for a
        b.Append(0, data, 100, 10);  // b takes the block: a's 36 bytes go to a's file first
        Assert.Equal(100, new FileSlot(Path.Combine(_dir, "a.bin"), 1000).Length);
        a.Append(100, data, 100, 50); // and back: b's 10 bytes reach b's file
        Assert.Equal(10, new FileSlot(Path.Combine(_dir, "b.bin"), 1000).Length);

        var back = new byte[150];
        Assert.Equal(150, a.Read(0, back, 0, 150));
        Assert.Equal(data.AsSpan(0, 150).ToArray(), back);
        var backB = new byte[10];
        Assert.Equal(10, b.Read(0, backB, 0, 10));
        Assert.Equal(data.AsSpan(100, 10).ToArray(), backB);
        Assert.Equal(150, a.Length);
        Assert.Equal(10, b.Length);
    }

    [Fact]
    public void CloseWritesOutWhatWaitsInTheBlockEvenWithTheFileNotOpen()
    {
        var path = Path.Combine(_dir, "slot.bin");
        var slot = new FileSlot(path, 4096);
        slot.Erase();                  // leaves the file closed
        slot.Append(0, [1, 2, 3], 0, 3); // into the block only
        slot.Close();
        Assert.Equal(3, new FileSlot(path, 4096).Length);
    }

    [Fact]
    public void AReadSeesBufferedAppendsAndEraseDropsThem()
    {
        var slot = new FileSlot(Path.Combine(_dir, "slot.bin"), 100, 64);
        slot.Append(0, [5, 6, 7], 0, 3);
        var buffer = new byte[3];
        Assert.Equal(3, slot.Read(0, buffer, 0, 3));
        Assert.Equal(new byte[] { 5, 6, 7 }, buffer);
        slot.Append(3, [8], 0, 1);
        slot.Erase();
        Assert.Equal(0, slot.Length);
        Assert.Equal(0, new FileSlot(Path.Combine(_dir, "slot.bin"), 100).Length);
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
