using FotaDevice.Testing.Links;
using FotaDevice.Host.Images;
using FotaDevice.Host.Smp;
using FotaDevice.Host.Tests.Images;
using FotaDevice.Image;
using FotaDevice.Protocol.Smp.Groups;
using Xunit;

namespace FotaDevice.Host.Tests.EndToEnd;

/// <summary>
/// The upload pipeline against the virtual device over a lossy loopback link: what is resent after a
/// lost reply or request, how many requests are in flight, how large they are, the timeout from the
/// round trip, and a whole upload at 2 % loss. Losses are scripted or seeded; nothing is timed.
/// </summary>
[Collection("AppRuntime")]
public sealed class UploadPipelineTests : IDisposable
{
    /// <summary>Long enough that no reply is late on a loaded machine: only scripted losses make resends.</summary>
    private static readonly UploadOptions Patient = new() { MinTimeout = TimeSpan.FromSeconds(5) };

    private readonly DeviceRig _rig = DeviceRig.InTemporaryFolder("fota-pipeline-");
    private readonly EcdsaTestSigner _signer = new();

    public void Dispose()
    {
        _rig.Dispose();
        _signer.Dispose();
    }

    [Fact]
    public async Task ALostReplyCausesNoResendWhenALaterReplyCoversIt()
    {
        var uploadReplies = 0;
        var (smp, link) = Connect(new LossyLinkOptions { DropReply = frame => IsUpload(frame) && ++uploadReplies == 5 }, timeout: 10);
        using (smp.Client)
        {
            var image = Image(40_000);
            var result = await smp.UploadAsync(image, Patient, null);
            Assert.True(result.Match);
            Assert.Equal(1, link.LostReplies);
            Assert.Equal(0, result.Resent);
            var offsets = UploadOffsets(link);
            Assert.Equal(offsets.Count, offsets.Distinct().Count()); // every chunk sent once
        }
    }

    [Fact]
    public async Task ALostRequestIsResentFromTheDevicesOffsetOnly()
    {
        var uploads = 0;
        long lost = -1;
        var (smp, link) = Connect(new LossyLinkOptions
        {
            DropRequest = frame =>
            {
                if (!IsUpload(frame) || ++uploads != 6)
                {
                    return false;
                }

                lost = Offset(frame);
                return true;
            },
        }, timeout: 10);
        using (smp.Client)
        {
            var image = Image(40_000);
            var result = await smp.UploadAsync(image, Patient, null);
            Assert.True(result.Match);
            Assert.Equal(1, link.LostRequests);
            Assert.True(lost > 0);
            var again = UploadOffsets(link).GroupBy(o => o).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.Contains(lost, again);
            Assert.All(again, offset => Assert.True(offset >= lost, $"resent {offset}, below the device's offset {lost}"));
            // The lost chunk and those the device discarded after it: at most a window's worth.
            Assert.InRange(again.Count, 1, result.Window);
            Assert.Equal(again.Count, result.Resent);
            Assert.Equal(0, result.Timeouts);
        }
    }

    [Fact]
    public async Task ALostLastReplyIsRecoveredByResendingTheLastChunkAfterTheTimeout()
    {
        var image = Image(20_000);
        var dropped = false;
        var (smp, link) = Connect(new LossyLinkOptions { DropReply = frame => !dropped && IsUpload(frame) && SmpReply.ParseMap(frame.AsMemory(8)).ContainsKey("match") && (dropped = true) });
        using (smp.Client)
        {
            var result = await smp.UploadAsync(image, new UploadOptions { MinTimeout = TimeSpan.FromMilliseconds(50) }, null);
            Assert.True(result.Match); // the resent last chunk is answered with the same match
            Assert.Equal(1, link.LostReplies);
            Assert.True(result.Timeouts >= 1);
            var offsets = UploadOffsets(link);
            Assert.All(offsets.GroupBy(o => o).Where(g => g.Count() > 1), g => Assert.Equal(offsets[^1], g.Key)); // only the last chunk again
        }
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(0.5, false)]
    public async Task AChunkResentWhileTheDeviceChecksTheImageIsWaitedForAsLongAsTheCheckPatience(double patience, bool completes)
    {
        // As on an ESP32 after a late or lost last reply: the resent last chunk is answered only after the
        // 4 s check, longer than the client's own tries wait (0.3 + 0.6 + 1.2 s).
        var dropped = false;
        var (smp, link) = Connect(new LossyLinkOptions { DropReply = frame => !dropped && IsUpload(frame) && SmpReply.ParseMap(frame.AsMemory(8)).ContainsKey("match") && (dropped = true) },
            timeout: 0.3, signatureCheckTime: TimeSpan.FromSeconds(4));
        using (smp.Client)
        {
            var upload = smp.UploadAsync(Image(20_000), new UploadOptions { MinTimeout = TimeSpan.FromMilliseconds(50), CheckPatience = TimeSpan.FromSeconds(patience) }, null);
            if (completes)
            {
                var result = await upload;
                Assert.True(result.Match);
                Assert.True(result.Timeouts >= 1);
            }
            else
            {
                var e = await Assert.ThrowsAsync<SmpCheckTimeoutException>(() => upload);
                Assert.Contains("with every byte of the upload sent (the device may still be checking the image)", e.Message);
                Assert.True(e.Silent.TotalSeconds >= 2.1, $"silent {e.Silent}"); // the tries' 0.3 + 0.6 + 1.2 s, more than the patience
            }

            Assert.True(link.LostReplies == 1, $"lost {link.LostReplies}; sent {string.Join(",", UploadOffsets(link))}");
        }
    }

    [Fact]
    public async Task TheVerdictWaitEndsWhileTheDeviceStillSaysReceiving()
    {
        using var device = new FakeSmpDevice(w =>
        {
            w.WriteStartMap(2);
            w.WriteTextString("upload_verdict");
            w.WriteTextString(UploadVerdict.Receiving);
            w.WriteTextString("upload_reason");
            w.WriteTextString(string.Empty);
            w.WriteEndMap();
        });
        using var client = SmpClient.Connect(device.Address);
        var verdict = await new SmpDevice(client).UploadVerdictAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(new UploadVerdict(UploadVerdict.Receiving, null), verdict);
    }

    [Theory]
    [InlineData(SmpServerSettings.DefaultBufferCount, null, SmpServerSettings.DefaultBufferCount - 1)]
    [InlineData(SmpServerSettings.DefaultBufferCount, 10, SmpServerSettings.DefaultBufferCount - 1)] // never more than buf_count - 1
    [InlineData(SmpServerSettings.DefaultBufferCount, 1, 1)]
    [InlineData(5, null, 4)]
    public async Task TheRequestsInFlightNeverExceedBufCountMinusOne(int bufferCount, int? window, int expected)
    {
        var (smp, link) = Connect(new LossyLinkOptions { RoundTrip = TimeSpan.FromMilliseconds(20) }, bufferCount: bufferCount);
        using (smp.Client)
        {
            var result = await smp.UploadAsync(Image(30_000), Patient with { Window = window }, null);
            Assert.True(result.Match);
            Assert.Equal(expected, result.Window);
            Assert.Equal(expected, link.MostUnanswered); // seen at the link: the window filled, and no further
        }
    }

    [Theory]
    [InlineData(247, 1220)] // 5 writes of 244
    [InlineData(185, 1092)] // 6 writes of 182
    [InlineData(23, 1220)]  // 61 writes of 20
    public async Task RequestsAreWholeWritesAndFitTheDevicesBuffer(int mtu, int size)
    {
        var (smp, link) = Connect(new LossyLinkOptions { WriteSize = mtu - 3 });
        using (smp.Client)
        {
            var result = await smp.UploadAsync(Image(30_000), Patient, null);
            Assert.True(result.Match);
            Assert.Equal(size, result.RequestSize);
            var uploads = link.Sent.Where(IsUpload).ToList();
            Assert.All(uploads, frame => Assert.True(frame.Length <= SmpServerSettings.DefaultBufferSize, $"{frame.Length} bytes"));
            Assert.All(uploads.SkipLast(1), frame => Assert.Equal(size, frame.Length)); // the last carries what is left
            Assert.Equal(0, size % (mtu - 3));
        }
    }

    [Fact]
    public void RequestSizesAreTheLargestWholeNumberOfWrites()
    {
        Assert.Equal(1220, UploadRequests.RequestSize(1220, 244));
        Assert.Equal(1092, UploadRequests.RequestSize(1220, 182));
        Assert.Equal(1220, UploadRequests.RequestSize(1220, 0));   // UDP: buf_size
        Assert.Equal(100, UploadRequests.RequestSize(100, 244));   // one write holds it
        var image = new byte[200_000];
        var sha = new byte[32];
        // Around every CBOR length boundary of "off" (24, 256, 65536) the request is filled to the byte.
        foreach (var offset in new long[] { 0, 23, 24, 255, 256, 65_535, 65_536, 150_000 })
        {
            foreach (var size in new[] { 300, 1092, 1220 })
            {
                var count = UploadRequests.DataFitting(size, image, offset, sha);
                Assert.Equal(size, 8 + UploadRequests.Encode(image, offset, count, offset == 0 ? sha : null).Length);
            }
        }

        Assert.Throws<SmpException>(() => UploadRequests.DataFitting(60, image, 0, sha));
    }

    [Fact]
    public void TheRetransmissionTimeoutFollowsTheMeasuredRoundTrip()
    {
        var timer = new RoundTripTimer(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8));
        Assert.Equal(TimeSpan.FromSeconds(2), timer.Timeout); // before a sample: the user's --timeout
        timer.Sample(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMilliseconds(100), timer.Smoothed);
        Assert.Equal(TimeSpan.FromMilliseconds(300), timer.Timeout); // SRTT + 4 * RTTVAR = 100 + 4 * 50
        for (var i = 0; i < 50; i++)
        {
            timer.Sample(TimeSpan.FromMilliseconds(100));
        }

        Assert.InRange(timer.Timeout.TotalMilliseconds, 100, 101); // a steady round trip: RTTVAR decays
        timer.BackOff();
        timer.BackOff();
        Assert.InRange(timer.Timeout.TotalMilliseconds, 400, 404);
        for (var i = 0; i < 10; i++)
        {
            timer.BackOff();
        }

        Assert.Equal(TimeSpan.FromSeconds(8), timer.Timeout); // backed off, up to its bound
        timer.Sample(TimeSpan.FromMilliseconds(100));
        Assert.InRange(timer.Timeout.TotalMilliseconds, 100, 150); // a new sample ends the back-off
        timer.Sample(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(2), timer.Timeout); // never above the user's --timeout
        var floor = new RoundTripTimer(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        floor.Sample(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(200), floor.Timeout);
    }

    [Fact]
    public async Task TheUploadMeasuresTheLinksRoundTrip()
    {
        var (smp, _) = Connect(new LossyLinkOptions { RoundTrip = TimeSpan.FromMilliseconds(40) }, timeout: 5);
        using (smp.Client)
        {
            var result = await smp.UploadAsync(Image(20_000), new UploadOptions { MinTimeout = TimeSpan.FromMilliseconds(1) }, null);
            Assert.True(result.Match);
            Assert.NotNull(result.RoundTrip);
            Assert.True(result.RoundTrip >= TimeSpan.FromMilliseconds(40), $"SRTT {result.RoundTrip}");
            Assert.True(result.RetransmitTimeout >= result.RoundTrip && result.RetransmitTimeout < TimeSpan.FromSeconds(5), $"RTO {result.RetransmitTimeout}");
        }
    }

    [Fact]
    public async Task AnUploadAtTwoPercentLossCompletesWithTheRightHash()
    {
        var (smp, link) = Connect(new LossyLinkOptions { Seed = 9, RequestLoss = 0.02, ReplyLoss = 0.02, RoundTrip = TimeSpan.FromMilliseconds(10) });
        using (smp.Client)
        {
            var image = Image(150_000);
            var result = await smp.UploadAsync(image, (int?)null, null);
            Assert.True(result.Match);
            Assert.True(link.LostRequests > 0 && link.LostReplies > 0, $"lost {link.LostRequests} requests, {link.LostReplies} replies");
            var slot = (await smp.ListAsync()).Single();
            Assert.Equal(ImageReader.Read(image).ComputedHash, slot.Hash);
            Assert.True(slot.Bootable, slot.Reason);
        }
    }

    private static bool IsUpload(byte[] frame) => frame.Length >= 8 && ((frame[4] << 8) | frame[5]) == 1 && frame[7] == 1;

    private static long Offset(byte[] frame) => (long)SmpReply.ParseMap(frame.AsMemory(8))["off"]!;

    private static List<long> UploadOffsets(LossyLink link) => link.Sent.Where(IsUpload).Select(Offset).ToList();

    private (SmpDevice Device, LossyLink Link) Connect(LossyLinkOptions options, int bufferCount = SmpServerSettings.DefaultBufferCount, double timeout = 2, TimeSpan signatureCheckTime = default)
    {
        var runner = _rig.Start([_signer.PublicKeyInfo], out _, bufferCount: bufferCount, signatureCheckTime: signatureCheckTime);
        var link = new LossyLink(new UdpSmpLink(runner.Endpoint), options);
        return (new SmpDevice(new SmpClient(link) { Timeout = TimeSpan.FromSeconds(timeout) }), link);
    }

    private byte[] Image(int padding) => DemoImages.Build(_signer, "2.0.0", 2, padding: padding);
}
