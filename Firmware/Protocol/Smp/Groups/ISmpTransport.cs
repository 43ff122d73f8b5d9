namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>Where the SMP server's replies go: a BLE notification per fragment, a UDP datagram.</summary>
    public interface ISmpTransport
    {
        /// <summary>Sends one fragment of a reply to <paramref name="client"/>.</summary>
        void Send(object client, byte[] buffer, int offset, int count);

        /// <summary>The largest fragment <paramref name="client"/> takes (BLE: ATT MTU − 3; UDP: a whole message).</summary>
        int MaxFragment(object client);
    }
}
