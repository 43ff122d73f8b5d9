using FotaDevice.Platform.Storage;
using FotaDevice.Testing.Storage;
using FotaDevice.Tests.Fakes;
using Xunit;

namespace FotaDevice.Tests.Reliability;

/// <summary>The fault injector under the file adapters tears each operation as <see cref="Tear"/> documents, so the campaign cuts what it says it cuts.</summary>
public sealed class FaultyFileSystemTests
{
    private const string Path = "slot.bin";
    private static readonly byte[] Old = Enumerable.Range(0, 64).Select(i => (byte)(i + 100)).ToArray();
    private static readonly byte[] New = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(Tear.OldContent)]
    [InlineData(Tear.Unwritten)]
    [InlineData(Tear.Zeroed)]
    public void ACutBlockWriteLeavesTheNewLengthOverOtherBytes(Tear tear)
    {
        var files = Emptied(out var power);
        files.Tear = tear;
        power.CutAt = power.Operations + 1;
        var slot = new FileSlot(files, Path, 1024, new WriteBlock(64));
        Assert.Throws<PowerCutException>(() => slot.Append(0, New, 0, New.Length)); // a whole block: written and synced at once

        var expected = tear switch { Tear.OldContent => Old, Tear.Unwritten => Filled(0xFF), _ => Filled(0) };
        Assert.Equal(expected, files.Contents(Path));
        Assert.Equal(64, new FileSlot(files, Path, 1024, new WriteBlock(64)).Length); // after the restart the slot takes that length
    }

    [Fact]
    public void ACutBlockWriteTornAsAPrefixKeepsOnlyAPrefix()
    {
        var files = Emptied(out var power);
        files.Tear = Tear.Prefix;
        power.CutAt = power.Operations + 1;
        Assert.Throws<PowerCutException>(() => new FileSlot(files, Path, 1024, new WriteBlock(64)).Append(0, New, 0, New.Length));

        var left = files.Contents(Path)!;
        Assert.True(left.Length < New.Length);
        Assert.Equal(New.AsSpan(0, left.Length).ToArray(), left);
    }

    [Theory]
    [InlineData(Tear.Prefix, false)]
    [InlineData(Tear.OldContent, false)]
    [InlineData(Tear.Unwritten, true)]
    [InlineData(Tear.Zeroed, false)]
    public void ACutEraseIsDoneNotDoneOrPartly(Tear tear, bool done)
    {
        var power = new PowerCutPlan(5);
        var files = new FaultyFileSystem(power);
        files.Put(Path, Old);
        files.Tear = tear;
        power.CutAt = 1;
        Assert.Throws<PowerCutException>(() => new FileSlot(files, Path, 1024, new WriteBlock(64)).Erase());

        var left = files.Contents(Path)!;
        if (done)
        {
            Assert.Empty(left);
        }
        else if (tear == Tear.Prefix)
        {
            Assert.Equal(Old.AsSpan(0, left.Length).ToArray(), left);
        }
        else
        {
            Assert.Equal(Old, left);
        }
    }

    [Fact]
    public void AfterTheCutEveryWriteFailsAndReadsStillWorkUntilThePowerIsBack()
    {
        var power = new PowerCutPlan(5);
        var files = new FaultyFileSystem(power);
        var records = new FileRecordStore(files, "fota");
        records.Write(0, Old, 0, Old.Length);
        power.CutAt = power.Operations + 1;
        Assert.Throws<PowerCutException>(() => records.Write(1, New, 0, New.Length));
        Assert.Throws<PowerCutException>(() => records.Write(0, New, 0, New.Length));
        var buffer = new byte[64];
        Assert.Equal(64, records.Read(0, buffer, 0, 64));
        Assert.Equal(Old, buffer);

        power.Restore();
        records.Write(1, New, 0, New.Length);
        Assert.Equal(64, records.Read(1, buffer, 0, 64));
        Assert.Equal(New, buffer);
    }

    /// <summary>A file that held <see cref="Old"/> and was then emptied (its medium still holds the old bytes).</summary>
    private static FaultyFileSystem Emptied(out PowerCutPlan power)
    {
        power = new PowerCutPlan(5);
        var files = new FaultyFileSystem(power);
        files.Put(Path, Old);
        new FileSlot(files, Path, 1024, new WriteBlock(64)).Erase();
        return files;
    }

    private static byte[] Filled(byte value) => Enumerable.Repeat(value, 64).ToArray();
}
