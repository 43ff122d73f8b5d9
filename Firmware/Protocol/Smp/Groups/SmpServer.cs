using FotaDevice.Update;

namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>
    /// The device's SMP server for one start: the OS, image and FOTA groups over the update service,
    /// request reassembly for stream transports (BLE writes), fragmentation of replies, and the restart
    /// an SMP reset asks for, done only after its reply has been handed to the transport. Requests are
    /// handled one at a time; fixed buffers, sized by <see cref="SmpServerSettings.BufferSize"/>.
    /// </summary>
    public sealed class SmpServer
    {
        private readonly UpdateEngine _engine;
        private readonly ISmpTransport _transport;
        private readonly SmpDispatcher _dispatcher;
        private readonly SmpRequestAssembler _assembler;
        private readonly SmpResponseFragmenter _fragmenter = new SmpResponseFragmenter(SmpResponseFragmenter.PayloadSizeForAttMtu(SmpResponseFragmenter.MinimumAttMtu));
        private readonly OsGroup _os;
        private readonly ImageGroup _image;
        private object _streamClient;

        /// <summary>Creates the server for this start's update service.</summary>
        public SmpServer(UpdateEngine engine, SmpServerSettings settings, ISmpTransport transport)
        {
            _engine = engine;
            _transport = transport;
            _dispatcher = new SmpDispatcher(new byte[settings.BufferSize + 64], 4);
            _assembler = new SmpRequestAssembler(new byte[settings.BufferSize]);
            _os = new OsGroup(settings, engine);
            _image = new ImageGroup(engine);
            _dispatcher.Register(_os);
            _dispatcher.Register(_image);
            _dispatcher.Register(new FotaGroup(engine));
            if (settings.Log != null)
            {
                _dispatcher.Register(new LogGroup(settings.Log));
            }
        }

        /// <summary>One whole request in one datagram (UDP).</summary>
        public void ReceiveDatagram(object client, byte[] data, int offset, int count)
        {
            Process(client, data, offset, count);
        }

        /// <summary>Bytes of a stream (BLE writes): a request may span writes, a write may hold parts of two.</summary>
        public void Receive(object client, byte[] data, int offset, int count)
        {
            if (_streamClient == null || !_streamClient.Equals(client))
            {
                _assembler.Reset();
                _streamClient = client;
            }

            while (count > 0)
            {
                int taken = _assembler.Write(data, offset, count);
                offset += taken;
                count -= taken;
                if (_assembler.Status == SmpRequestAssembler.RequestReady)
                {
                    Process(client, _assembler.Buffer, 0, _assembler.RequestLength);
                    _assembler.Next();
                }
                else if (_assembler.Status == SmpRequestAssembler.RequestTooLong)
                {
                    Send(client, _dispatcher.RejectTooLong(_assembler.Header));
                    _assembler.Next();
                }
                else if (taken == 0)
                {
                    return;
                }
            }
        }

        /// <summary>The client went away: its half-received request is dropped, what its upload stored is synced.</summary>
        public void Disconnected(object client)
        {
            if (_streamClient != null && _streamClient.Equals(client))
            {
                _assembler.Reset();
                _streamClient = null;
            }

            _engine.ClientLeft(client);
        }

        private void Process(object client, byte[] data, int offset, int count)
        {
            _image.Client = client;
            _os.Client = client;
            Send(client, _dispatcher.Process(data, offset, count));
            _engine.FinishChecks(); // an upload's last reply is out: its signature check runs now, not before the reply
            if (_os.ResetRequested)
            {
                _os.ResetRequested = false;
                _engine.Reboot();
            }
        }

        private void Send(object client, int length)
        {
            if (length == 0)
            {
                return;
            }

            _fragmenter.MaxFragmentSize = _transport.MaxFragment(client);
            _fragmenter.Start(_dispatcher.ResponseBuffer, 0, length);
            int fragmentOffset;
            int fragmentLength;
            while (_fragmenter.TryGetNext(out fragmentOffset, out fragmentLength))
            {
                _transport.Send(client, _dispatcher.ResponseBuffer, fragmentOffset, fragmentLength);
            }
        }
    }
}
