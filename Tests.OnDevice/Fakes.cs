using System;
using FotaDevice.Image;
using FotaDevice.Platform;
using FotaDevice.Platform.Ble;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;

namespace FotaDevice.OnDevice
{
    /// <summary>A slot in RAM.</summary>
    internal sealed class RamSlot : ISlot
    {
        private readonly byte[] _data;

        public RamSlot(int capacity)
        {
            _data = new byte[capacity];
        }

        public int Capacity
        {
            get { return _data.Length; }
        }

        public int Length { get; private set; }

        public void Erase()
        {
            Length = 0;
        }

        public void Append(int offset, byte[] data, int dataOffset, int count)
        {
            if (offset != Length || count > _data.Length - offset)
            {
                throw new InvalidOperationException("bad append");
            }

            Array.Copy(data, dataOffset, _data, offset, count);
            Length += count;
        }

        public void Flush()
        {
        }

        public int Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            int n = Length - offset < count ? Length - offset : count;
            if (n <= 0)
            {
                return 0;
            }

            Array.Copy(_data, offset, buffer, bufferOffset, n);
            return n;
        }
    }

    /// <summary>The two boot-record copies in RAM.</summary>
    internal sealed class RamRecords : IRecordStore
    {
        public readonly byte[][] Copies = new byte[2][];

        public int Read(int copy, byte[] buffer, int offset, int count)
        {
            byte[] data = Copies[copy];
            if (data == null)
            {
                return 0;
            }

            int n = data.Length < count ? data.Length : count;
            Array.Copy(data, 0, buffer, offset, n);
            return n;
        }

        public void Write(int copy, byte[] data, int offset, int count)
        {
            byte[] stored = new byte[count];
            Array.Copy(data, offset, stored, 0, count);
            Copies[copy] = stored;
        }
    }

    /// <summary>A clock the test moves.</summary>
    internal sealed class ManualClock : IClock
    {
        public long UptimeMilliseconds { get; set; }
    }

    /// <summary>A log nobody reads.</summary>
    internal sealed class QuietLog : ILog
    {
        public void Info(string message)
        {
        }

        public void Warn(string message)
        {
        }
    }

    /// <summary>A verifier that calls a slot bootable if it is not empty; version = first byte.</summary>
    internal sealed class FirstByteVerifier : ISlotVerifier
    {
        private readonly ISlot[] _slots;

        public FirstByteVerifier(ISlot[] slots)
        {
            _slots = slots;
        }

        public SlotVerdict Verify(int slot)
        {
            SlotVerdict verdict = new SlotVerdict();
            if (_slots[slot].Length == 0)
            {
                verdict.Empty = true;
                verdict.Reason = "empty";
                return verdict;
            }

            byte[] first = new byte[1];
            _slots[slot].Read(0, first, 0, 1);
            verdict.Bootable = true;
            verdict.Version = new ImageVersion(first[0], 0, 0, 0);
            verdict.ImageHash = new byte[32];
            verdict.ImageHash[0] = first[0];
            return verdict;
        }
    }

    /// <summary>A restart that does nothing (the tests check what was recorded).</summary>
    internal sealed class NoReboot : IRebooter
    {
        public void Reboot()
        {
        }
    }

    /// <summary>
    /// An update engine over RAM storage, started as the boot shim starts it (window closed). The image
    /// in slot A, if any, was installed at the factory: the record names it as the confirmed image.
    /// </summary>
    internal static class RamDevice
    {
        public static UpdateEngine Start(ISlot[] slots)
        {
            return Start(slots, new ApprovalButton());
        }

        public static UpdateEngine Start(ISlot[] slots, ApprovalButton button)
        {
            RamRecords records = new RamRecords();
            if (slots[0].Length > 0)
            {
                BootState installed = new BootState();
                installed.ConfirmedSlot = 0;
                installed.SetKnownGood(0, true);
                new BootStateStore(records).Save(installed);
            }

            BootStateStore store = new BootStateStore(records);
            BootState state = new BootState();
            FirstByteVerifier verifier = new FirstByteVerifier(slots);
            BootPlan plan = new BootDecision(store, verifier, new QuietLog()).Decide(state);
            ManualClock clock = new ManualClock();
            return new UpdateEngine(slots, store, state, plan, verifier, new OwnerApproval(new ApprovalSettings(), clock, false), button, clock, new NoReboot(), new QuietLog());
        }
    }

    /// <summary>A GATT peer that keeps what the device notifies (up to 256 bytes).</summary>
    internal sealed class CollectingNotifier : IGattNotifier
    {
        public readonly byte[] Bytes = new byte[256];

        public int Length { get; private set; }

        public int Notifications { get; private set; }

        public bool Notify(byte[] data, int offset, int count)
        {
            System.Array.Copy(data, offset, Bytes, Length, count);
            Length += count;
            Notifications++;
            return true;
        }
    }
}
