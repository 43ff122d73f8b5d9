using System;
using System.Threading;
using FotaDevice.Platform.Ble;
using FotaDevice.Protocol.Smp.Groups;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;

namespace FotaDevice.Platform.Esp32
{
    /// <summary>
    /// The standard SMP GATT service on nanoFramework.Device.Bluetooth: creates the service and
    /// characteristic, advertises, and forwards every event to <see cref="SmpGattLink"/>, where the
    /// logic is (portable and tested on .NET). Write handler: copy, hand over, respond.
    /// </summary>
    public sealed class BleSmpService : IGattNotifier
    {
        /// <summary>The SMP service (Zephyr, MCUmgr).</summary>
        public static readonly Guid ServiceUuid = new Guid("8D53DC1D-1DB7-4CD3-868B-8A527460AA84");

        /// <summary>The SMP characteristic.</summary>
        public static readonly Guid CharacteristicUuid = new Guid("DA2E7828-FBCE-4E01-AE9E-261174997C48");

        private readonly ILog _log;
        private SmpGattLink _link;
        private GattLocalCharacteristic _characteristic;

        /// <summary>Creates the service; <see cref="Start"/> makes it visible.</summary>
        public BleSmpService(ILog log)
        {
            _log = log;
        }

        /// <summary>
        /// Starts advertising under <paramref name="deviceName"/> and serving <paramref name="link"/>.
        /// With <paramref name="passkey"/> ≥ 0 clients must pair with that fixed passkey (LE Secure
        /// Connections, authenticated). The characteristic then takes only writes with response:
        /// nanoFramework answers a write without response to a protected characteristic with nothing,
        /// so a phone would never be asked to pair; a write request gets "insufficient
        /// authentication", and the phone pairs.
        /// </summary>
        public void Start(string deviceName, SmpGattLink link, int passkey, bool allowBonding)
        {
            _link = link;
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
            parameters.CharacteristicProperties = secure
                ? GattCharacteristicProperties.Write | GattCharacteristicProperties.Notify
                : GattCharacteristicProperties.WriteWithoutResponse | GattCharacteristicProperties.Write | GattCharacteristicProperties.Notify;
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
            ble.Session.MaxPduSizeChanged += OnMtu;

            new Thread(new ThreadStart(link.Run)).Start();
            GattServiceProviderAdvertisingParameters advertising = new GattServiceProviderAdvertisingParameters();
            advertising.IsConnectable = true;
            advertising.IsDiscoverable = true;
            created.ServiceProvider.StartAdvertising(advertising);
            _log.Info("BLE: advertising as \"" + deviceName + "\"" + (secure ? " (pairing with passkey required)" : string.Empty));
        }

        /// <inheritdoc/>
        public bool Notify(byte[] data, int offset, int count)
        {
            byte[] fragment = new byte[count];
            Array.Copy(data, offset, fragment, 0, count);
            GattClientNotificationResult[] results = _characteristic.NotifyValue(new nanoFramework.Device.Bluetooth.Buffer(fragment));
            for (int i = 0; i < results.Length; i++)
            {
                if (results[i].Status != GattCommunicationStatus.Success)
                {
                    return false;
                }
            }

            return true;
        }

        private void OnWrite(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest request = args.GetRequest();
            nanoFramework.Device.Bluetooth.Buffer value = request.Value;
            byte[] bytes = new byte[value.Length];
            DataReader.FromBuffer(value).ReadBytes(bytes);
            _link.OnWrite(bytes, 0, bytes.Length); // a full queue drops the request whole; the link resynchronises
            request.Respond();
        }

        private void OnMtu(object sender, EventArgs args)
        {
            _link.OnMtuChanged(BluetoothLEServer.Instance.Session.MaxMtuSize);
        }

        private void OnSessionStatus(object sender, GattSessionStatusChangedEventArgs args)
        {
            if (args.Status == GattSessionStatus.Closed)
            {
                _link.OnDisconnected();
            }
        }
    }
}
