using System;
using System.Threading;
using FotaDevice.Protocol.Smp.Groups;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;

namespace FotaDevice.Platform.Esp32
{
    /// <summary>
    /// SMP over BLE: the standard SMP GATT service and characteristic (write without response in,
    /// notify out), as mcumgr clients and nRF Connect Device Manager expect. The write handler only
    /// copies the bytes into a bounded queue and responds; a worker thread feeds the SMP server, so
    /// flash work never runs in the BLE callback. A full queue is refused with a protocol error
    /// rather than losing data. Replies are fragmented to the negotiated MTU − 3.
    /// </summary>
    public sealed class BleSmpTransport : ISmpTransport
    {
        /// <summary>The SMP service (Zephyr, MCUmgr).</summary>
        public static readonly Guid ServiceUuid = new Guid("8D53DC1D-1DB7-4CD3-868B-8A527460AA84");

        /// <summary>The SMP characteristic.</summary>
        public static readonly Guid CharacteristicUuid = new Guid("DA2E7828-FBCE-4E01-AE9E-261174997C48");

        private const int QueueLength = 16;

        private readonly byte[][] _queue = new byte[QueueLength][];
        private readonly object _sync = new object();
        private readonly AutoResetEvent _pending = new AutoResetEvent(false);
        private readonly ILog _log;
        private int _head;
        private int _count;
        private GattLocalCharacteristic _characteristic;
        private SmpServer _server;

        /// <summary>Creates the transport; <see cref="Start"/> makes it visible.</summary>
        public BleSmpTransport(ILog log)
        {
            _log = log;
        }

        /// <summary>
        /// Starts the GATT server and advertising under <paramref name="deviceName"/>, serving
        /// <paramref name="server"/>. With <paramref name="passkey"/> ≥ 0, clients must pair with that
        /// fixed passkey (LE Secure Connections, authenticated) before they may write.
        /// </summary>
        public void Start(string deviceName, SmpServer server, int passkey, bool allowBonding)
        {
            _server = server;
            BluetoothLEServer ble = BluetoothLEServer.Instance;
            ble.DeviceName = deviceName;
            bool secure = passkey >= 0;
            if (secure)
            {
                ble.Pairing.IOCapabilities = DevicePairingIOCapabilities.DisplayOnly;
                ble.Pairing.ProtectionLevel = DevicePairingProtectionLevel.EncryptionAndAuthentication;
                ble.Pairing.AllowBonding = allowBonding;
                int code = passkey;
                ble.Pairing.PairingRequested += (sender, args) =>
                {
                    if (args.PairingKind == DevicePairingKinds.DisplayPin)
                    {
                        args.Accept(code);
                    }
                    else
                    {
                        args.Accept();
                    }
                };
            }

            GattServiceProviderResult created = GattServiceProvider.Create(ServiceUuid);
            if (created.Error != BluetoothError.Success)
            {
                throw new InvalidOperationException("the SMP service could not be created (BLE error " + ((int)created.Error).ToString() + ")");
            }

            GattLocalCharacteristicParameters parameters = new GattLocalCharacteristicParameters();
            parameters.CharacteristicProperties = GattCharacteristicProperties.WriteWithoutResponse | GattCharacteristicProperties.Write | GattCharacteristicProperties.Notify;
            parameters.WriteProtectionLevel = secure ? GattProtectionLevel.EncryptionAndAuthenticationRequired : GattProtectionLevel.Plain;
            parameters.UserDescription = "SMP";
            GattLocalCharacteristicResult characteristic = created.ServiceProvider.Service.CreateCharacteristic(CharacteristicUuid, parameters);
            if (characteristic.Error != BluetoothError.Success)
            {
                throw new InvalidOperationException("the SMP characteristic could not be created (BLE error " + ((int)characteristic.Error).ToString() + ")");
            }

            _characteristic = characteristic.Characteristic;
            _characteristic.WriteRequested += OnWrite;
            ble.Session.SessionStatusChanged += OnSessionStatus;

            new Thread(new ThreadStart(Work)).Start();
            GattServiceProviderAdvertisingParameters advertising = new GattServiceProviderAdvertisingParameters();
            advertising.IsConnectable = true;
            advertising.IsDiscoverable = true;
            created.ServiceProvider.StartAdvertising(advertising);
            _log.Info("BLE: advertising as \"" + deviceName + "\"" + (secure ? " (pairing with passkey required)" : string.Empty));
        }

        /// <inheritdoc/>
        public void Send(object client, byte[] buffer, int offset, int count)
        {
            byte[] fragment = new byte[count];
            Array.Copy(buffer, offset, fragment, 0, count);
            _characteristic.NotifyValue(new nanoFramework.Device.Bluetooth.Buffer(fragment));
        }

        /// <inheritdoc/>
        public int MaxFragment(object client)
        {
            int mtu = BluetoothLEServer.Instance.Session.MaxMtuSize;
            return mtu > 23 ? mtu - 3 : 20;
        }

        /// <summary>The BLE callback: copy, queue, respond. Nothing slow happens here.</summary>
        private void OnWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest request = args.GetRequest();
            nanoFramework.Device.Bluetooth.Buffer value = request.Value;
            lock (_sync)
            {
                if (_count == QueueLength)
                {
                    request.RespondWithProtocolError(GattProtocolError.InsufficientResources);
                    return;
                }

                byte[] bytes = new byte[value.Length];
                DataReader.FromBuffer(value).ReadBytes(bytes);
                _queue[(_head + _count) % QueueLength] = bytes;
                _count++;
            }

            request.Respond();
            _pending.Set();
        }

        private void OnSessionStatus(object sender, GattSessionStatusChangedEventArgs args)
        {
            if (args.Status == GattSessionStatus.Closed)
            {
                lock (_sync)
                {
                    _count = 0;
                }

                _server.Disconnected(BluetoothLEServer.Instance.Session);
                _log.Info("BLE: client disconnected");
            }
        }

        /// <summary>The worker: hands queued writes to the SMP server, in order.</summary>
        private void Work()
        {
            while (true)
            {
                _pending.WaitOne();
                while (true)
                {
                    byte[] bytes;
                    lock (_sync)
                    {
                        if (_count == 0)
                        {
                            break;
                        }

                        bytes = _queue[_head];
                        _queue[_head] = null;
                        _head = (_head + 1) % QueueLength;
                        _count--;
                    }

                    try
                    {
                        _server.Receive(BluetoothLEServer.Instance.Session, bytes, 0, bytes.Length);
                    }
                    catch (Exception e)
                    {
                        _log.Warn("BLE: request failed: " + e.Message); // the server answers errors itself; this is a bug guard
                    }
                }
            }
        }
    }
}
