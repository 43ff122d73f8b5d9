using System;
using FotaDevice.Binary;

namespace FotaDevice.Update.State
{
    /// <summary>
    /// The stored form of a <see cref="BootState"/>: 72 bytes, little-endian, ending in a CRC-32.
    /// <code>
    ///  0 u32 magic "FBST"     4 u16 format (2)     6 u16 size (72)     8 u32 sequence
    /// 12 u8  confirmed slot  13 u8 pending slot   14 u8 flags          15 u8 trial slot
    /// 16 u8  rejected mask   17 u8 upload slot    18 u8 known-good mask 19 u8 upload sha length
    /// 20 u32 security counter  24 u32 boot count  28 u32 upload length  32 u8[32] upload sha
    /// 64 u16 window seconds left  66 u8 owner-code failures  67 u8 reserved (0)
    /// 68 u32 CRC-32 of bytes 0..67
    /// </code>
    /// Slots are 0..SlotCount-1, 0xFF for none. Flags: bit 0 pending is permanent, bit 1 soft reboot,
    /// bit 2 window armed. Anything else (unknown format, flag bits, slot numbers, a bad CRC) makes the
    /// copy invalid. Format 1 (bytes 18..19 and 64..67 zero) is still read: its confirmed slot is taken
    /// as known good and a non-zero upload sha as 32 bytes long.
    /// </summary>
    public static class BootRecordCodec
    {
        /// <summary>Size of a stored record.</summary>
        public const int Size = 72;

        /// <summary>Number of application slots the record describes.</summary>
        public const int SlotCount = 2;

        private const uint Magic = 0x54534246; // "FBST"
        private const int Format = 2;
        private const int FormatOne = 1;
        private const int FlagPermanent = 1;
        private const int FlagSoftReboot = 2;
        private const int FlagWindowArmed = 4;
        private const int NoSlotByte = 0xFF;
        private const int CrcOffset = 68;
        private const int SlotMask = (1 << SlotCount) - 1;

        /// <summary>Writes <paramref name="state"/> into <paramref name="record"/> (at least <see cref="Size"/> bytes).</summary>
        public static void Encode(BootState state, byte[] record)
        {
            Array.Clear(record, 0, Size);
            LittleEndian.WriteUInt32(record, 0, Magic);
            LittleEndian.WriteUInt16(record, 4, Format);
            LittleEndian.WriteUInt16(record, 6, Size);
            LittleEndian.WriteUInt32(record, 8, state.Sequence);
            record[12] = SlotByte(state.ConfirmedSlot);
            record[13] = SlotByte(state.PendingSlot);
            record[14] = (byte)((state.PendingPermanent ? FlagPermanent : 0) | (state.SoftReboot ? FlagSoftReboot : 0)
                | (state.WindowArmed ? FlagWindowArmed : 0));
            record[15] = SlotByte(state.TrialSlot);
            record[16] = (byte)state.RejectedSlots;
            record[17] = SlotByte(state.UploadSlot);
            record[18] = (byte)state.KnownGoodSlots;
            record[19] = (byte)state.UploadShaLength;
            LittleEndian.WriteUInt32(record, 20, state.SecurityCounter);
            LittleEndian.WriteUInt32(record, 24, state.BootCount);
            LittleEndian.WriteUInt32(record, 28, (uint)state.UploadLength);
            Array.Copy(state.UploadSha, 0, record, 32, BootState.ShaSize);
            LittleEndian.WriteUInt16(record, 64, Clamp(state.WindowLeftSeconds, 0xFFFF));
            record[66] = (byte)Clamp(state.CodeFailures, 0xFF);
            LittleEndian.WriteUInt32(record, CrcOffset, Crc32.Compute(record, 0, CrcOffset));
        }

        /// <summary>
        /// Reads a record into <paramref name="state"/>. Returns false, leaving <paramref name="state"/>
        /// unchanged, if the bytes are not a complete, valid record.
        /// </summary>
        public static bool TryDecode(byte[] record, int length, BootState state)
        {
            if (length != Size
                || LittleEndian.ReadUInt32(record, 0) != Magic
                || LittleEndian.ReadUInt16(record, 6) != Size
                || LittleEndian.ReadUInt32(record, CrcOffset) != Crc32.Compute(record, 0, CrcOffset))
            {
                return false;
            }

            int format = LittleEndian.ReadUInt16(record, 4);
            int flags = record[14];
            uint uploadLength = LittleEndian.ReadUInt32(record, 28);
            int allowedFlags = FlagPermanent | FlagSoftReboot | (format == Format ? FlagWindowArmed : 0);
            if ((format != Format && format != FormatOne)
                || (flags & ~allowedFlags) != 0
                || (record[16] & ~SlotMask) != 0 || (record[18] & ~SlotMask) != 0 || record[19] > BootState.ShaSize
                || !IsSlotByte(record[12]) || !IsSlotByte(record[13]) || !IsSlotByte(record[15]) || !IsSlotByte(record[17])
                || uploadLength > int.MaxValue
                || record[67] != 0
                || (format == FormatOne && (record[18] != 0 || record[19] != 0 || LittleEndian.ReadUInt32(record, 64) != 0)))
            {
                return false;
            }

            state.Sequence = LittleEndian.ReadUInt32(record, 8);
            state.ConfirmedSlot = SlotValue(record[12]);
            state.PendingSlot = SlotValue(record[13]);
            state.PendingPermanent = (flags & FlagPermanent) != 0;
            state.SoftReboot = (flags & FlagSoftReboot) != 0;
            state.WindowArmed = (flags & FlagWindowArmed) != 0;
            state.TrialSlot = SlotValue(record[15]);
            state.RejectedSlots = record[16];
            state.UploadSlot = SlotValue(record[17]);
            state.KnownGoodSlots = record[18];
            state.UploadShaLength = record[19];
            state.SecurityCounter = LittleEndian.ReadUInt32(record, 20);
            state.BootCount = LittleEndian.ReadUInt32(record, 24);
            state.UploadLength = Signed.FromUInt32(uploadLength);
            Array.Copy(record, 32, state.UploadSha, 0, BootState.ShaSize);
            state.WindowLeftSeconds = LittleEndian.ReadUInt16(record, 64);
            state.CodeFailures = record[66];
            if (format == FormatOne)
            {
                state.KnownGoodSlots = state.ConfirmedSlot == BootState.NoSlot ? 0 : 1 << state.ConfirmedSlot;
                state.UploadShaLength = Bytes.IsZero(state.UploadSha, 0, BootState.ShaSize) ? 0 : BootState.ShaSize;
            }

            return true;
        }

        private static int Clamp(int value, int max)
        {
            return value < 0 ? 0 : value > max ? max : value;
        }

        private static byte SlotByte(int slot)
        {
            return slot == BootState.NoSlot ? (byte)NoSlotByte : (byte)slot;
        }

        private static int SlotValue(byte value)
        {
            return value == NoSlotByte ? BootState.NoSlot : value;
        }

        private static bool IsSlotByte(byte value)
        {
            return value == NoSlotByte || value < SlotCount;
        }
    }
}
