using System.Security.Cryptography;
using FotaDevice.Host.Smp;

namespace FotaDevice.Benchmarks;

/// <summary>
/// A model of an upload to an ESP32 over BLE, run connection event by connection event: the link
/// (ATT MTU, connection interval, packets per interval in each direction: a write carries MTU − 3
/// bytes, a reply goes as notifications), the client's real requests (sizes and bytes from
/// <see cref="UploadRequests"/>, the window from <see cref="SmpDevice.Window"/>; one request until the
/// first reply), and the device: one SMP thread that handles a request once its last write is in,
/// at a cost per request byte plus SHA-256 of the chunk as it arrives, at the interpreter's estimated
/// speed; the reply is ready when it is done. After the last reply, the signature check (ECDSA P-256).
/// Flash erases and the BLE stack's own work are not modelled.
/// </summary>
public static class Esp32UploadModel
{
    /// <summary>IL instructions nanoCLR executes per 64-byte SHA-256 block (docs/benchmarks.md, "Executed IL instructions", after).</summary>
    private const double Sha256IlPerBlock = 6_541;

    /// <summary>IL instructions of one ECDSA P-256 verify (docs/benchmarks.md, same table).</summary>
    private const double EcdsaP256VerifyIl = 3_381_636;

    /// <summary>
    /// The SMP upload path without hashing: about 3 ms per 936-byte request on the ESP32 estimate
    /// (issue 9's measurement on nanoCLR, scaled as docs/benchmarks.md does), taken as a cost per request byte.
    /// </summary>
    private const double RequestMsPerByte = 3.0 / 936;

    /// <summary>
    /// Interpreter speeds on the ESP32 (docs/benchmarks.md, "Estimates for an ESP32 at 240 MHz"): by IL
    /// rate 0.5-2 M IL/s with 1 M central; by CoreMark, nanoCLR's 175-220 M IL/s on x86 over 70, about 2.8 M.
    /// </summary>
    private static readonly (string Name, double IlPerSecond)[] Speeds = [("0.5 M", 0.5e6), ("1 M", 1e6), ("2.8 M", 2.8e6)];

    private static readonly Link[] Links = [new(247, 15, 4), new(247, 30, 6), new(185, 15, 2), new(23, 30, 4)];

    public static void Run(TextWriter output, byte[] image, int bufferSize, int bufferCount)
    {
        var window = SmpDevice.Window(null, bufferCount);
        output.WriteLine($"  ESP32 over BLE, a model ({image.Length / 1024} KiB image, buf_size {bufferSize}, buf_count {bufferCount}: {window} in flight): per connection interval");
        output.WriteLine("  a number of packets each way; the device handles one request at a time: 3 ms per 936 request bytes (issue 9)");
        output.WriteLine($"  plus SHA-256 as it arrives, {Sha256IlPerBlock:N0} IL instructions per 64-byte block, at 0.5 / 1 / 2.8 M IL/s (docs/benchmarks.md:");
        output.WriteLine($"  SHA-256 at {Hash(0.5e6):F1} / {Hash(1e6):F1} / {Hash(2.8e6):F1} KiB/s); then the P-256 check, {EcdsaP256VerifyIl / 1e6:F2} M IL instructions. Goodput / link capacity:");
        output.WriteLine($"  {"ATT MTU",7} {"interval",8} {"pkts/int",8} {"request",8} {"capacity",11} {"link only",17} {"ESP32 0.5 M IL/s",17} {"1 M IL/s",17} {"2.8 M IL/s",17} {"verdict at 1 M",15}");
        foreach (var link in Links)
        {
            var requests = Requests(image, UploadRequests.RequestSize(bufferSize, link.Mtu - 3), link);
            var capacity = link.CapacityKiBps;
            var linkOnly = image.Length / 1024.0 / (Simulate(requests, window, link, 0) / 1000);
            var line = $"  {link.Mtu,7} {link.IntervalMs,5} ms {link.PacketsPerInterval,8} {requests[0].Bytes,8} {capacity,6:F1} KiB/s {Rate(linkOnly, capacity)}";
            double verdictSeconds = 0;
            foreach (var (_, speed) in Speeds)
            {
                var ms = Simulate(requests, window, link, speed);
                line += $" {Rate(image.Length / 1024.0 / (ms / 1000), capacity)}";
                if (speed == 1e6)
                {
                    verdictSeconds = ms / 1000 + EcdsaP256VerifyIl / speed;
                }
            }

            output.WriteLine(line + $" {verdictSeconds,12:F1} s");
        }
    }

    private static double Hash(double ilPerSecond) => 64 / (Sha256IlPerBlock / ilPerSecond) / 1024;

    private static string Rate(double kibps, double capacity) => $"{kibps,5:F1} KiB/s ({kibps / capacity,4:P0})";

    /// <summary>The client's requests for this link: bytes, writes, image bytes and reply notifications of each.</summary>
    private static List<Request> Requests(byte[] image, int requestSize, Link link)
    {
        var sha = SHA256.HashData(image);
        var requests = new List<Request>();
        for (long offset = 0; offset < image.Length;)
        {
            var count = UploadRequests.DataFitting(requestSize, image, offset, sha);
            var bytes = 8 + UploadRequests.Encode(image, offset, count, offset == 0 ? sha : null).Length;
            offset += count;
            var reply = 8 + 1 + 4 + 5 + (offset == image.Length ? 6 + 1 : 0); // {"off": N} and, last, "match": true
            requests.Add(new Request(bytes, Writes(bytes, link), count, Writes(reply, link)));
        }

        return requests;
    }

    private static int Writes(int bytes, Link link) => (bytes + link.Mtu - 4) / (link.Mtu - 3);

    /// <summary>Milliseconds until the last reply is in, connection event by connection event (speed 0: the device costs nothing).</summary>
    private static double Simulate(List<Request> requests, int window, Link link, double ilPerSecond)
    {
        var writes = new Queue<Packets>();  // requests being written, oldest first
        var replies = new Queue<Packets>(); // replies the device has made, oldest first
        var next = 0;
        var inFlight = 0;
        var answered = 0;
        double deviceFree = 0;
        for (long e = 0; ; e++)
        {
            var now = e * link.IntervalMs;
            var limit = answered == 0 ? 1 : window; // the first request alone: its reply says where to go on
            while (inFlight < limit && next < requests.Count)
            {
                writes.Enqueue(new Packets(next, requests[next].Writes, 0));
                next++;
                inFlight++;
            }

            for (var packets = link.PacketsPerInterval; packets > 0 && writes.Count > 0; packets--)
            {
                if (--writes.Peek().Left > 0)
                {
                    continue;
                }

                var request = requests[writes.Dequeue().Index];
                var handling = ilPerSecond > 0 ? request.Bytes * RequestMsPerByte + request.Data / 64.0 * Sha256IlPerBlock / ilPerSecond * 1000 : 0;
                deviceFree = Math.Max(now, deviceFree) + handling;
                replies.Enqueue(new Packets(0, request.Notifications, deviceFree));
            }

            var freed = 0;
            for (var packets = link.PacketsPerInterval; packets > 0 && replies.Count > 0 && replies.Peek().ReadyAt <= now; packets--)
            {
                if (--replies.Peek().Left > 0)
                {
                    continue;
                }

                replies.Dequeue();
                freed++;
                if (++answered == requests.Count)
                {
                    return now;
                }
            }

            inFlight -= freed; // the client writes again at the next connection event
        }
    }

    /// <summary>A request or reply on its way: the packets it still needs.</summary>
    private sealed class Packets(int index, int left, double readyAt)
    {
        public int Index { get; } = index;

        public int Left { get; set; } = left;

        public double ReadyAt { get; } = readyAt;
    }

    private sealed record Link(int Mtu, int IntervalMs, int PacketsPerInterval)
    {
        public double CapacityKiBps => (Mtu - 3) * PacketsPerInterval * (1000.0 / IntervalMs) / 1024;
    }

    private sealed record Request(int Bytes, int Writes, int Data, int Notifications);
}
