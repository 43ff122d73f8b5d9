using FotaDevice.Tests.Fakes;
using FotaDevice.Update.State;
using Xunit;

namespace FotaDevice.Tests.Update;

public class BootStateStoreTests
{
    [Fact]
    public void ANewDeviceHasNoStateAndNothingConfirmed()
    {
        var store = new BootStateStore(new MemoryRecordStore());
        var state = new BootState { ConfirmedSlot = 1, SecurityCounter = 9 };
        Assert.False(store.Load(state));
        Assert.Equal(BootState.NoSlot, state.ConfirmedSlot);
        Assert.Equal(BootState.NoSlot, state.PendingSlot);
        Assert.Equal(BootState.NoSlot, state.TrialSlot);
        Assert.Equal(0u, state.SecurityCounter);
    }

    [Fact]
    public void EveryFieldSurvivesSaveAndLoad()
    {
        var records = new MemoryRecordStore();
        var saved = Sample();
        new BootStateStore(records).Save(saved);

        var loaded = new BootState();
        Assert.True(new BootStateStore(records).Load(loaded));
        Assert.Equal(saved.ConfirmedSlot, loaded.ConfirmedSlot);
        Assert.Equal(saved.PendingSlot, loaded.PendingSlot);
        Assert.Equal(saved.PendingPermanent, loaded.PendingPermanent);
        Assert.Equal(saved.TrialSlot, loaded.TrialSlot);
        Assert.Equal(saved.SoftReboot, loaded.SoftReboot);
        Assert.Equal(saved.RejectedSlots, loaded.RejectedSlots);
        Assert.Equal(saved.SecurityCounter, loaded.SecurityCounter);
        Assert.Equal(saved.BootCount, loaded.BootCount);
        Assert.Equal(saved.UploadSlot, loaded.UploadSlot);
        Assert.Equal(saved.UploadLength, loaded.UploadLength);
        Assert.Equal(saved.UploadSha, loaded.UploadSha);
        Assert.Equal(saved.Sequence, loaded.Sequence);
    }

    [Fact]
    public void EverySaveWritesBothCopiesTheOlderFirstWithRisingSequence()
    {
        var records = new MemoryRecordStore();
        var store = new BootStateStore(records);
        var state = new BootState();
        store.Load(state);
        for (var i = 0; i < 5; i++)
        {
            state.BootCount = (uint)i;
            store.Save(state);
            Assert.Equal((uint)(2 * i + 2), state.Sequence);
        }

        Assert.Equal(10, records.Writes);
        for (var copy = 0; copy < 2; copy++)
        {
            var one = new BootState();
            Assert.True(BootRecordCodec.TryDecode(records[copy]!, BootRecordCodec.Size, one));
            Assert.Equal(4u, one.BootCount); // both copies hold the last state
        }
    }

    [Fact]
    public void ATornWriteAtAnyLengthLeavesThePreviousState()
    {
        for (var cutAfter = 0; cutAfter < BootRecordCodec.Size; cutAfter++)
        {
            var records = new MemoryRecordStore();
            var store = new BootStateStore(records);
            var state = Sample();
            store.Save(state);
            state.ConfirmedSlot = 0;
            state.SecurityCounter = 42;
            store.Save(state);

            // Tear the third save after cutAfter bytes.
            var torn = new MemoryRecordStore();
            torn[0] = records[0];
            torn[1] = records[1];
            var loadedBefore = new BootState();
            var tornStore = new BootStateStore(torn);
            tornStore.Load(loadedBefore);
            var target = (int)(loadedBefore.Sequence % 2); // sequence n went to copy (n - 1) % 2: the older copy
            var record = new byte[BootRecordCodec.Size];
            var next = new BootState();
            next.CopyFrom(loadedBefore);
            next.SecurityCounter = 99;
            next.Sequence = loadedBefore.Sequence + 1;
            BootRecordCodec.Encode(next, record);
            torn[target] = record.AsSpan(0, cutAfter).ToArray();

            var after = new BootState();
            Assert.True(new BootStateStore(torn).Load(after), $"cut after {cutAfter}");
            Assert.Equal(42u, after.SecurityCounter);
            Assert.Equal(0, after.ConfirmedSlot);
        }
    }

    [Fact]
    public void APowerCutDuringSaveKeepsTheOldStateAndTheNextSaveUsesTheSameCopy()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var power = new PowerCutPlan(seed);
            var records = new MemoryRecordStore(power);
            var store = new BootStateStore(records);
            var state = Sample();
            store.Save(state);

            power.CutAt = power.Operations + 1;
            state.SecurityCounter = 1000;
            Assert.Throws<PowerCutException>(() => store.Save(state));
            power.Restore();

            // After the cut, a fresh start reads the old state...
            var restarted = new BootStateStore(records);
            var loaded = new BootState();
            Assert.True(restarted.Load(loaded));
            Assert.Equal(Sample().SecurityCounter, loaded.SecurityCounter);

            // ...and its next save never overwrites the only valid copy.
            loaded.SecurityCounter = 2000;
            restarted.Save(loaded);
            var again = new BootState();
            Assert.True(new BootStateStore(records).Load(again));
            Assert.Equal(2000u, again.SecurityCounter);
        }
    }

    [Fact]
    public void DamageToEitherCopyAtAnyByteLosesNothing()
    {
        var records = new MemoryRecordStore();
        var store = new BootStateStore(records);
        var state = Sample();
        state.TrialSlot = 1;
        store.Save(state);        // v2 on trial, counter as before
        state.TrialSlot = BootState.NoSlot;
        state.ConfirmedSlot = 1;
        state.SecurityCounter = 77;
        store.Save(state);        // v2 confirmed, its counter raised

        for (var copy = 0; copy < 2; copy++)
        {
            for (var i = 0; i < BootRecordCodec.Size; i++)
            {
                var damaged = new MemoryRecordStore();
                damaged[0] = records[0]!.ToArray();
                damaged[1] = records[1]!.ToArray();
                damaged[copy]![i] ^= 0x10; // bit rot
                var loaded = new BootState();
                Assert.True(new BootStateStore(damaged).Load(loaded));
                Assert.Equal(77u, loaded.SecurityCounter);
                Assert.Equal(1, loaded.ConfirmedSlot);
                Assert.Equal(BootState.NoSlot, loaded.TrialSlot);
            }
        }
    }

    [Fact]
    public void AFormatOneRecordIsStillRead()
    {
        var record = new byte[BootRecordCodec.Size];
        BootRecordCodec.Encode(new BootState { ConfirmedSlot = 1, SecurityCounter = 5, Sequence = 3 }, record);
        record[4] = 1;
        BitConverter.TryWriteBytes(record.AsSpan(68), Crc(record));
        var state = new BootState();
        Assert.True(BootRecordCodec.TryDecode(record, record.Length, state));
        Assert.Equal(1, state.ConfirmedSlot);
        Assert.True(state.IsKnownGood(1)); // the confirmed image of an older record had been confirmed
        Assert.False(state.IsKnownGood(0));
    }

    [Fact]
    public void TheSequenceMayWrapAround()
    {
        var records = new MemoryRecordStore();
        var older = new BootState { Sequence = uint.MaxValue, SecurityCounter = 1 };
        var newer = new BootState { Sequence = 0, SecurityCounter = 2 };
        var record = new byte[BootRecordCodec.Size];
        BootRecordCodec.Encode(older, record);
        records[0] = record.ToArray();
        BootRecordCodec.Encode(newer, record);
        records[1] = record.ToArray();

        var loaded = new BootState();
        Assert.True(new BootStateStore(records).Load(loaded));
        Assert.Equal(2u, loaded.SecurityCounter);
    }

    [Fact]
    public void StorageThatDoesNotKeepTheWriteIsReported()
    {
        var store = new BootStateStore(new ForgetfulRecordStore());
        Assert.Throws<BootStateException>(() => store.Save(Sample()));
    }

    [Theory]
    [InlineData(12, 2)]    // confirmed slot out of range
    [InlineData(13, 7)]    // pending slot out of range
    [InlineData(14, 0x08)] // unknown flag bit
    [InlineData(16, 0x04)] // rejected bit for a slot that does not exist
    [InlineData(18, 0x04)] // known-good bit for a slot that does not exist
    [InlineData(19, 33)]   // an upload sha longer than 32 bytes
    [InlineData(67, 1)]    // reserved byte
    [InlineData(4, 3)]     // unknown format
    public void ARecordWithAValidCrcButImpossibleFieldsIsRejected(int offset, byte value)
    {
        var record = new byte[BootRecordCodec.Size];
        BootRecordCodec.Encode(Sample(), record);
        record[offset] = value;
        var crc = Crc(record);
        BitConverter.TryWriteBytes(record.AsSpan(68), crc);
        var state = new BootState();
        Assert.False(BootRecordCodec.TryDecode(record, record.Length, state));
        Assert.Equal(BootState.NoSlot, state.ConfirmedSlot);
    }

    [Fact]
    public void TheChecksumIsStandardCrc32()
    {
        var record = new byte[BootRecordCodec.Size];
        BootRecordCodec.Encode(Sample(), record);
        Assert.Equal(Crc(record), BitConverter.ToUInt32(record, 68));
    }

    private static uint Crc(byte[] record)
    {
        // Independent CRC-32 (IEEE) with a table, as zlib computes it.
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        var crc = 0xFFFFFFFFu;
        for (var i = 0; i < 68; i++)
        {
            crc = table[(crc ^ record[i]) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    internal static BootState Sample()
    {
        var state = new BootState
        {
            ConfirmedSlot = 1,
            PendingSlot = 0,
            PendingPermanent = true,
            TrialSlot = BootState.NoSlot,
            SoftReboot = true,
            SecurityCounter = 5,
            BootCount = 17,
            UploadSlot = 0,
            UploadLength = 123456,
        };
        state.SetRejected(0, true);
        for (var i = 0; i < BootState.ShaSize; i++)
        {
            state.UploadSha[i] = (byte)(i + 1);
        }

        return state;
    }

    private sealed class ForgetfulRecordStore : FotaDevice.Platform.IRecordStore
    {
        public int Read(int copy, byte[] buffer, int offset, int count) => 0;

        public void Write(int copy, byte[] data, int offset, int count)
        {
        }
    }
}
