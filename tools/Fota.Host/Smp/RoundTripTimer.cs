namespace FotaDevice.Host.Smp;

/// <summary>
/// The retransmission timeout of an upload, from the measured round trip as TCP computes it
/// (Jacobson/Karels, RFC 6298): SRTT and RTTVAR smoothed over the samples, RTO = SRTT + 4·RTTVAR,
/// clamped to [<see cref="Min"/>, <see cref="Max"/>]. Before the first sample the RTO is
/// <see cref="Max"/> (the user's <c>--timeout</c>, or the link's default). A timeout doubles the RTO,
/// up to <see cref="MaxBackOff"/>, and it stays backed off until the next sample. Karn's rule is the
/// caller's: no samples from requests that were sent again.
/// </summary>
public sealed class RoundTripTimer
{
    /// <summary>The default lower bound of the RTO: a spurious resend costs a duplicate, a late one a stall.</summary>
    public static readonly TimeSpan DefaultMin = TimeSpan.FromMilliseconds(200);

    /// <param name="min">The lowest RTO.</param>
    /// <param name="max">The highest RTO computed from samples, and the RTO before the first sample.</param>
    /// <param name="maxBackOff">The highest RTO after timeouts (at least <paramref name="max"/>).</param>
    public RoundTripTimer(TimeSpan min, TimeSpan max, TimeSpan maxBackOff)
    {
        if (min <= TimeSpan.Zero || max < min)
        {
            throw new ArgumentException($"a round-trip timer needs 0 < min ({min.TotalMilliseconds} ms) <= max ({max.TotalMilliseconds} ms)");
        }

        Min = min;
        Max = max;
        MaxBackOff = maxBackOff < max ? max : maxBackOff;
        Timeout = max;
    }

    /// <summary>The lowest RTO.</summary>
    public TimeSpan Min { get; }

    /// <summary>The highest RTO computed from samples; the RTO before the first sample.</summary>
    public TimeSpan Max { get; }

    /// <summary>The highest RTO after timeouts.</summary>
    public TimeSpan MaxBackOff { get; }

    /// <summary>The smoothed round trip (SRTT), or null before the first sample.</summary>
    public TimeSpan? Smoothed { get; private set; }

    /// <summary>The round trip's mean deviation (RTTVAR), or null before the first sample.</summary>
    public TimeSpan? Variation { get; private set; }

    /// <summary>How many round trips were measured.</summary>
    public int Samples { get; private set; }

    /// <summary>How long to wait for a reply before sending again (RTO), backed off after timeouts.</summary>
    public TimeSpan Timeout { get; private set; }

    /// <summary>A measured round trip of a request sent once.</summary>
    public void Sample(TimeSpan roundTrip)
    {
        if (roundTrip < TimeSpan.Zero)
        {
            roundTrip = TimeSpan.Zero;
        }

        if (Smoothed is not { } srtt || Variation is not { } rttvar)
        {
            Smoothed = roundTrip;
            Variation = roundTrip / 2;
        }
        else
        {
            Variation = (3 * rttvar + (srtt - roundTrip).Duration()) / 4;
            Smoothed = (7 * srtt + roundTrip) / 8;
        }

        Samples++;
        var rto = Smoothed.Value + 4 * Variation.Value;
        Timeout = rto < Min ? Min : rto > Max ? Max : rto;
    }

    /// <summary>A reply did not come in time: wait twice as long for the next (until a new sample).</summary>
    public void BackOff()
    {
        var doubled = Timeout + Timeout;
        Timeout = doubled > MaxBackOff ? MaxBackOff : doubled;
    }
}
