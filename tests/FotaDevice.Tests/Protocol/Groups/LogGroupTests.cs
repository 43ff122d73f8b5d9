using FotaDevice.Platform.Logging;
using FotaDevice.Protocol.Smp;
using FotaDevice.Protocol.Smp.Groups;
using FotaDevice.Tests.Fakes;
using Xunit;

namespace FotaDevice.Tests.Protocol.Groups;

/// <summary>Group 65: the device's RAM log over SMP, as <c>fota log</c> reads it.</summary>
public sealed class LogGroupTests : IDisposable
{
    private readonly RingLog _log = new(16, new ListLog());
    private readonly SmpRig _rig;

    public LogGroupTests()
    {
        _rig = new SmpRig(server: new SmpServerSettings { BufferSize = 512, Log = _log });
        _rig.Start();
    }

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void AReaderGetsTheNewestLinesAndThenOnlyWhatIsNew()
    {
        _log.Info("approval required: press the button");
        _log.Warn("refused: signed by a key this device does not trust");
        var all = Read(null);
        Assert.Equal(1L, all["first"]);
        Assert.Equal(2L, all["last"]);
        Assert.Equal(new[] { "I approval required: press the button", "W refused: signed by a key this device does not trust" }, Lines(all));

        _log.Info("restarting");
        var fresh = Read(2);
        Assert.Equal(new[] { "I restarting" }, Lines(fresh));
        Assert.Empty(Lines(Read(3)));
    }

    [Fact]
    public void TheReplyIsCutToTheBufferAndSaysWhereItStopped()
    {
        for (var i = 0; i < 16; i++)
        {
            _log.Info(new string('x', 150) + i);
        }

        var first = Read(null);
        var lines = Lines(first);
        Assert.InRange(lines.Length, 1, 15); // 16 lines of 150+ bytes do not fit 512 + 64
        Assert.Equal((long)first["first"]! + lines.Length - 1, first["last"]);
        var rest = Read((long)first["last"]!);
        Assert.Equal((long)first["last"]! + 1, rest["first"]);
    }

    [Fact]
    public void WithoutALogTheGroupIsNotServed()
    {
        using var plain = new SmpRig(server: new SmpServerSettings());
        plain.Start();
        var reply = plain.Request(SmpHeader.OpRead, LogGroup.Id, 0, w => { w.WriteStartMap(0); w.WriteEndMap(); });
        Assert.NotNull(reply["rc"] ?? reply["err"]);
    }

    private Dictionary<string, object?> Read(long? after) => _rig.Request(SmpHeader.OpRead, LogGroup.Id, 0, w =>
    {
        w.WriteStartMap(after.HasValue ? 1 : 0);
        if (after.HasValue)
        {
            w.WriteTextString("after");
            w.WriteInt64(after.Value);
        }

        w.WriteEndMap();
    });

    private static string[] Lines(Dictionary<string, object?> reply) => ((IEnumerable<object?>)reply["lines"]!).Select(l => (string)l!).ToArray();
}
