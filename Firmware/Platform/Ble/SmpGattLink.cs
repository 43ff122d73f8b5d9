using System;
using System.Threading;
using FotaDevice.Protocol.Smp;
using FotaDevice.Protocol.Smp.Groups;

namespace FotaDevice.Platform.Ble
{
    /// <summary>
    /// SMP over one GATT characteristic, the portable part of the BLE transport: a bounded write
    /// queue between the BLE callback and a worker, request boundaries kept across dropped writes,
    /// the MTU per connection, replies fragmented to whole notifications that are retried rather
    /// than lost, and disconnects handled in order with the writes. The nanoFramework shell only
    /// creates the GATT service and forwards its events here.
    /// </summary>
    /// <remarks>
    /// Facts of nanoFramework.Device.Bluetooth 1.1.123 this is built for: every write (also write
    /// without response) blocks the BLE host until the handler returns, so <see cref="OnWrite"/> only
    /// copies; a write without response cannot be refused, so a full queue must drop, and a dropped
    /// write would desynchronise the request stream. The link therefore reads every request's length
    /// from its SMP header as the writes arrive (dropped ones included), discards the whole request a
    /// drop broke and starts clean at the next one; the client's retry of that request then works.
    /// The queue is one byte ring of <c>bufferCount × (bufferSize + 8)</c> bytes, allocated once.
    /// The MTU is one server-wide value there, 0 until negotiated and not reset on disconnect, so
    /// the link keeps its own, 23 at each connection.
    /// </remarks>
    public sealed class SmpGattLink : ISmpTransport
    {
        /// <summary>The ATT MTU every connection starts with.</summary>
        public const int DefaultAttMtu = 23;

        // An entry is one int: the write's length in the low 16 bits (at most the ring's length), the flags above.
        private const int LengthMask = 0xFFFF;
        private const int FlagDiscard = 1 << 16;
        private const int FlagDisconnect = 2 << 16;

        private readonly object _sync = new object();
        private readonly AutoResetEvent _pending = new AutoResetEvent(false);
        private readonly IGattNotifier _notifier;
        private readonly ILog _log;
        private readonly byte[] _ring;
        private readonly int[] _entries;
        private readonly int[] _entryRequest;
        private readonly byte[] _header = new byte[SmpHeader.Size];
        private int _ringHead;
        private int _ringUsed;
        private int _entryHead;
        private int _entryCount;
        private int _headerHave;
        private int _remaining;
        private int _request;
        private int _brokenRequest = -1;
        private int _resetFor = -1;
        private int _mtu = DefaultAttMtu;
        private object _connection = new object();
        private SmpServer _server;

        /// <summary>
        /// Creates the link for <paramref name="bufferCount"/> requests of up to
        /// <paramref name="bufferSize"/> bytes in flight (what MCUmgr parameters advertise).
        /// </summary>
        public SmpGattLink(IGattNotifier notifier, int bufferCount, int bufferSize, ILog log)
        {
            _notifier = notifier;
            _log = log;
            int requests = bufferCount > 0 ? bufferCount : 1;
            _ring = new byte[requests * (bufferSize + SmpHeader.Size)];
            int entries = requests * ((bufferSize + SmpHeader.Size) / (DefaultAttMtu - 3) + 2) + 4;
            _entries = new int[entries];
            _entryRequest = new int[entries];
            NotifyTries = 8;
        }

        /// <summary>How often a notification the stack refused is tried before the reply is given up (default 8).</summary>
        public int NotifyTries { get; set; }

        /// <summary>Writes dropped because the queue was full (their requests were discarded whole).</summary>
        public int DroppedWrites { get; private set; }

        /// <summary>Replies given up because the stack kept refusing their notifications.</summary>
        public int LostReplies { get; private set; }

        /// <summary>The ATT MTU of the current connection.</summary>
        public int Mtu
        {
            get { return _mtu; }
        }

        /// <summary>The client object the SMP server sees for the current connection (a new one per connection).</summary>
        public object Connection
        {
            get { return _connection; }
        }

        /// <summary>The server the worker feeds.</summary>
        public void Attach(SmpServer server)
        {
            _server = server;
        }

        /// <summary>
        /// The BLE write callback: copies the bytes and returns at once. False when the queue was full
        /// and the write was dropped (the request it belongs to is then discarded).
        /// </summary>
        public bool OnWrite(byte[] data, int offset, int count)
        {
            bool queued;
            lock (_sync)
            {
                int request = Track(data, offset, count);
                // Two entries stay free for disconnects.
                queued = count <= _ring.Length - _ringUsed && count <= LengthMask && _entryCount < _entries.Length - 2;
                if (queued)
                {
                    Enqueue(data, offset, count, request, request == _brokenRequest ? FlagDiscard : 0);
                }
                else
                {
                    DroppedWrites++;
                    Break(request);
                }
            }

            if (queued)
            {
                _pending.Set();
            }

            return queued;
        }

        /// <summary>The stack reports a new MTU for the connection.</summary>
        public void OnMtuChanged(int mtu)
        {
            if (mtu >= DefaultAttMtu)
            {
                _mtu = mtu;
            }
        }

        /// <summary>The client disconnected: handled by the worker after the writes before it.</summary>
        public void OnDisconnected()
        {
            lock (_sync)
            {
                if (_entryCount < _entries.Length)
                {
                    Enqueue(null, 0, 0, _request, FlagDisconnect);
                }

                _headerHave = 0;
                _remaining = 0;
                _mtu = DefaultAttMtu; // the next connection negotiates its own
            }

            _pending.Set();
        }

        /// <inheritdoc/>
        public int MaxFragment(object client)
        {
            return _mtu - 3;
        }

        /// <inheritdoc/>
        public void Send(object client, byte[] buffer, int offset, int count)
        {
            int wait = 5;
            for (int attempt = 0; attempt < NotifyTries; attempt++)
            {
                if (_notifier.Notify(buffer, offset, count))
                {
                    return;
                }

                Thread.Sleep(wait);
                wait = wait < 160 ? wait * 2 : wait;
            }

            LostReplies++;
            _log.Warn("BLE: a reply could not be notified (out of buffers); the client will ask again");
        }

        /// <summary>The worker thread's loop: feeds queued writes to the server in order, forever.</summary>
        public void Run()
        {
            while (true)
            {
                _pending.WaitOne();
                while (ProcessOne())
                {
                }
            }
        }

        /// <summary>Handles the oldest queued write or disconnect; false when the queue is empty.</summary>
        /// <remarks>
        /// The write's bytes are fed to the server straight from the ring (in two parts where they wrap);
        /// they stay counted as used until then, so writes arriving meanwhile never overwrite them.
        /// </remarks>
        public bool ProcessOne()
        {
            int start;
            int length;
            int request;
            int flags;
            int broken;
            lock (_sync)
            {
                if (_entryCount == 0)
                {
                    return false;
                }

                start = _ringHead;
                length = _entries[_entryHead] & LengthMask;
                request = _entryRequest[_entryHead];
                flags = _entries[_entryHead] & ~LengthMask;
                broken = _brokenRequest;
            }

            Deliver(start, length, request, flags, broken);
            lock (_sync)
            {
                _ringHead = (_ringHead + length) % _ring.Length;
                _ringUsed -= length;
                _entryHead = (_entryHead + 1) % _entries.Length;
                _entryCount--;
            }

            return true;
        }

        private void Deliver(int start, int length, int request, int flags, int broken)
        {
            if ((flags & FlagDisconnect) != 0)
            {
                _server.Disconnected(_connection);
                _connection = new object();
                _log.Info("BLE: client disconnected");
                return;
            }

            if (broken >= 0 && _resetFor < broken && (request >= broken || (flags & FlagDiscard) != 0))
            {
                _server.Disconnected(_connection); // forget the part of the broken request already fed
                _resetFor = broken;
            }

            if ((flags & FlagDiscard) != 0 || request == broken)
            {
                return;
            }

            try
            {
                int first = length < _ring.Length - start ? length : _ring.Length - start;
                _server.Receive(_connection, _ring, start, first);
                if (first < length)
                {
                    _server.Receive(_connection, _ring, 0, length - first);
                }
            }
            catch (Exception e)
            {
                _log.Warn("BLE: request failed: " + e.Message); // the server answers errors itself; this guards the worker
            }
        }

        /// <summary>Follows SMP request boundaries over the writes; returns the request this write starts in.</summary>
        private int Track(byte[] data, int offset, int count)
        {
            int request = _request;
            bool first = true;
            while (count > 0)
            {
                if (_remaining == 0)
                {
                    int need = SmpHeader.Size - _headerHave;
                    int take = count < need ? count : need;
                    if (_headerHave == 0)
                    {
                        _request++;
                        if (first)
                        {
                            request = _request;
                        }
                    }

                    Array.Copy(data, offset, _header, _headerHave, take);
                    _headerHave += take;
                    offset += take;
                    count -= take;
                    if (_headerHave == SmpHeader.Size)
                    {
                        _headerHave = 0;
                        _remaining = (_header[2] << 8) | _header[3];
                    }
                }
                else
                {
                    int take = count < _remaining ? count : _remaining;
                    _remaining -= take;
                    offset += take;
                    count -= take;
                }

                first = false;
            }

            return request;
        }

        private void Break(int request)
        {
            _brokenRequest = request;
            for (int i = 0; i < _entryCount; i++)
            {
                int at = (_entryHead + i) % _entries.Length;
                if (_entryRequest[at] == request)
                {
                    _entries[at] |= FlagDiscard;
                }
            }
        }

        private void Enqueue(byte[] data, int offset, int count, int request, int flags)
        {
            int at = (_entryHead + _entryCount) % _entries.Length;
            int start = (_ringHead + _ringUsed) % _ring.Length;
            _entries[at] = count | flags;
            _entryRequest[at] = request;
            _entryCount++;
            int first = count < _ring.Length - start ? count : _ring.Length - start;
            if (count > 0)
            {
                Array.Copy(data, offset, _ring, start, first);
                Array.Copy(data, offset + first, _ring, 0, count - first);
            }

            _ringUsed += count;
        }
    }
}
