using FotaDevice.Host.Ble;
using Xunit;

namespace FotaDevice.Host.Tests.Ble;

/// <summary>The pieces of the BLE link that need no bus: device names, reply reassembly, write pacing.</summary>
public sealed class BlePartsTests
{
    [Theory]
    [InlineData("ble:AA:BB:CC:DD:EE:FF", "AA:BB:CC:DD:EE:FF", null)]
    [InlineData("ble:aa:bb:cc:dd:ee:0f", "AA:BB:CC:DD:EE:0F", null)]
    [InlineData("ble:MyBoard", null, "MyBoard")]
    [InlineData("ble:AA:BB:CC", null, "AA:BB:CC")]
    public void TargetsAreAddressesOrNames(string text, string? address, string? name)
    {
        var target = BleTarget.Parse(text);
        Assert.Equal(address, target.Address);
        Assert.Equal(name, target.Name);
    }

    [Fact]
    public void AnEmptyTargetIsAnError() =>
        Assert.Contains("needs a device name or address", Assert.Throws<ArgumentException>(() => BleTarget.Parse("ble:")).Message);

    [Fact]
    public void NamesMatchTheNameOrTheAliasAndAddressesIgnoreCase()
    {
        Assert.True(BleTarget.Parse("ble:MyBoard").Matches("11:22:33:44:55:66", "esp32", "MyBoard"));
        Assert.False(BleTarget.Parse("ble:MyBoard").Matches("11:22:33:44:55:66", "myboard", null));
        Assert.True(BleTarget.Parse("ble:11:22:33:44:55:66").Matches("11:22:33:44:55:66", null, null));
    }

    [Theory]
    [InlineData("123456", 123456u)]
    [InlineData("000042", 42u)]
    public void PasskeysAreUpToSixDigits(string text, uint value) => Assert.Equal(value, BleOptions.ParsePasskey(text));

    [Theory]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("")]
    [InlineData("-1")]
    public void OtherPasskeysAreRefused(string text) => Assert.Throws<ArgumentException>(() => BleOptions.ParsePasskey(text));

    [Fact]
    public void RepliesSpanningNotificationsArePutBackTogether()
    {
        var first = Reply(sequence: 1, bodyLength: 30);
        var second = Reply(sequence: 2, bodyLength: 3);
        var stream = first.Concat(second).ToArray();
        var assembler = new NotificationAssembler();
        var done = new List<byte[]>();
        for (var i = 0; i < stream.Length; i += 20) // MTU 23: 20-byte notifications, the second reply starts inside one
        {
            done.AddRange(assembler.Add(stream.AsSpan(i, Math.Min(20, stream.Length - i))));
        }

        Assert.Equal(2, done.Count);
        Assert.Equal(first, done[0]);
        Assert.Equal(second, done[1]);
    }

    [Fact]
    public void AHalfReplyIsForgottenWhenTheConnectionDrops()
    {
        var assembler = new NotificationAssembler();
        Assert.Empty(assembler.Add(Reply(1, 30).AsSpan(0, 20)));
        assembler.Reset();
        var next = Reply(2, 4);
        Assert.Equal(next, Assert.Single(assembler.Add(next)));
    }

    [Fact]
    public void AnIdleDeviceTakesARequestOfAnyLengthButLaterOnesWaitForRoomInItsQueue()
    {
        var pacer = new WritePacer(16, TimeSpan.FromSeconds(5));
        Assert.True(pacer.HasRoomFor(102)); // nothing unanswered: the device takes the writes as they come
        pacer.Sent(1, 9);
        Assert.True(pacer.HasRoomFor(7));   // 9 + 7 fit the 16-write queue
        Assert.False(pacer.HasRoomFor(8));
        pacer.Sent(2, 7);
        Assert.False(pacer.HasRoomFor(1));
        pacer.Answered(1);                  // request 1 is in; request 2's writes may all still wait
        Assert.True(pacer.HasRoomFor(9));
        Assert.False(pacer.HasRoomFor(10));
        pacer.Answered(2);
        Assert.True(pacer.HasRoomFor(500));
    }

    [Fact]
    public void AnAnswerFreesOlderRequestsAndSilenceIsWrittenOffAfterTheExpiry()
    {
        var now = DateTime.UnixEpoch;
        var pacer = new WritePacer(16, TimeSpan.FromSeconds(5), () => now);
        pacer.Sent(1, 8);
        pacer.Sent(2, 8);
        pacer.Answered(2); // the device answers in order: 1 was taken in too
        Assert.True(pacer.HasRoomFor(16));
        pacer.Sent(3, 16);
        Assert.False(pacer.HasRoomFor(1));
        now += TimeSpan.FromSeconds(6);     // request 3 never got an answer
        Assert.True(pacer.HasRoomFor(1));
    }

    [Fact]
    public async Task AWaitingWriteGoesAsSoonAsTheAnswerComes()
    {
        var pacer = new WritePacer(16, TimeSpan.FromSeconds(30));
        pacer.Sent(1, 16);
        var waiting = pacer.WaitForRoomAsync(16, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        pacer.Answered(1);
        await waiting.WaitAsync(TimeSpan.FromSeconds(2));
    }

    private static byte[] Reply(int sequence, int bodyLength)
    {
        var reply = new byte[8 + bodyLength];
        reply[0] = 3;
        reply[2] = (byte)(bodyLength >> 8);
        reply[3] = (byte)bodyLength;
        reply[6] = (byte)sequence;
        for (var i = 8; i < reply.Length; i++)
        {
            reply[i] = (byte)(i * 7 + sequence);
        }

        return reply;
    }
}
