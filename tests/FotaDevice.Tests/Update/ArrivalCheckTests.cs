using FotaDevice.Platform;
using FotaDevice.Platform.Storage;
using FotaDevice.Tests.Fakes;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;
using FotaDevice.Update.Upload;
using Xunit;

namespace FotaDevice.Tests.Update;

/// <summary>
/// The image is hashed as it arrives, over what reads back from the slot: no reply waits for a
/// whole-image pass, the signature check follows the last reply, and switches reuse the verdict while
/// the slot is unchanged.
/// </summary>
public class ArrivalCheckTests
{
    private const int B = 1;
    private readonly DeviceHarness _device = new(slotCapacity: 64 * 1024);

    public ArrivalCheckTests()
    {
        _device.Install(0, ToyImages.Make(1, counter: 1));
        _device.Start();
        _device.Engine.Reboot();
        _device.StartWithWindowClosed();
    }

    [Fact]
    public void EveryByteIsReadBackOnceAsItArrivesAndNoReplyMakesAWholePass()
    {
        var image = ToyImages.Make(2, counter: 2, size: 40_000);
        var verifier = _device.Verifier;
        var maxRead = 0L;
        var client = "client";
        var reply = _device.Engine.Upload(client, 0, image, 0, 500, image.Length, ToyImages.FileHashOf(image), 0);
        while (reply.Status == UpdateStatus.Ok && !reply.Complete)
        {
            var before = _device.Slots[B].BytesRead;
            var offset = reply.NextOffset;
            reply = _device.Engine.Upload(client, offset, image, offset, Math.Min(500, image.Length - offset), -1, null!, 0);
            maxRead = Math.Max(maxRead, _device.Slots[B].BytesRead - before);
        }

        Assert.True(reply.Complete && reply.Match);
        Assert.Equal(0, verifier.Verifications);                    // no whole-image pass, not even for the last reply
        Assert.Equal(image.Length, verifier.StreamedBytes);         // every byte fed once...
        Assert.Equal(image.Length, _device.Slots[B].BytesRead);     // ...as it read back from the slot
        Assert.True(maxRead <= ArrivalCheck.BlockSize, $"a request read back {maxRead} bytes");
        Assert.Equal(0, verifier.StreamConclusions);                // the signature check follows the reply

        _device.Engine.FinishChecks();                              // what the transport calls once the reply is out
        Assert.Equal(1, verifier.StreamConclusions);
        Assert.True(_device.Engine.SlotImage(B).Bootable);
        Assert.True(_device.Log.Has("hash and signature verified"));
        Assert.True(_device.StoredState().IsSealed(B));            // the verdict is recorded for the next start
        Assert.Equal(0, verifier.Verifications);
    }

    [Fact]
    public void TheHashCoversWhatTheSlotStoredNotWhatWasSent()
    {
        var image = ToyImages.Make(2, counter: 2);
        _device.Slots[B].CorruptAppendsAt = 300; // the storage keeps a wrong byte
        var reply = _device.Upload(image, chunk: 100);
        Assert.True(reply.Complete);
        Assert.False(reply.Match);
        Assert.False(_device.Engine.SlotImage(B).Bootable);
        Assert.Equal("hash mismatch", _device.Engine.SlotImage(B).Reason);
        Assert.False(_device.StoredState().IsSealed(B));
    }

    [Fact]
    public void SwitchAndConfirmReuseTheVerdictWhileTheSlotIsUnchanged()
    {
        var image = ToyImages.Make(2, counter: 2);
        _device.Upload(image);
        var engine = _device.Engine;
        Assert.True(engine.SlotImage(B).Bootable);
        Assert.Equal(UpdateStatus.ApprovalRequired, engine.Switch(ToyImages.HashOf(image), 0, true));
        _device.Press();
        Assert.True(engine.IsPending(B));
        Assert.Equal(0, _device.Verifier.Verifications); // neither the request nor the approved switch re-hashed the slot
        Assert.Equal(1, _device.Verifier.StreamConclusions);
    }

    [Fact]
    public void AnyWriteVoidsTheVerdictAndItsSeal()
    {
        var image = ToyImages.Make(2, counter: 2);
        _device.Upload(image);
        var engine = _device.Engine;
        Assert.True(engine.SlotImage(B).Bootable);
        Assert.True(_device.StoredState().IsSealed(B));

        // Another image starts: the slot is erased, the seal goes with the upload's record.
        var other = ToyImages.Make(3, counter: 3);
        engine.Upload(this, 0, other, 0, 100, other.Length, ToyImages.FileHashOf(other), 0);
        Assert.False(_device.StoredState().IsSealed(B));
        var during = engine.SlotImage(B);
        Assert.False(during.Bootable);
        Assert.Contains("being received", during.Reason);
        Assert.Equal(UpdateStatus.NotFound, engine.Switch(ToyImages.HashOf(image), 0, false));

        // Every append voids a verdict computed meanwhile.
        engine.Upload(this, 100, other, 100, 100, -1, null!, 0);
        Assert.Contains("200 of", engine.SlotImage(B).Reason);
        Assert.Equal(0, _device.Verifier.Verifications); // a half-written slot is never hashed for image state
    }

    [Fact]
    public void AnEraseDropsAPendingVerdict()
    {
        var image = ToyImages.Make(2, counter: 2);
        var reply = _device.Upload(image);
        Assert.True(reply.Complete); // its verdict is pending
        _device.Press();             // nothing waits: binds a press to the image... (concludes the verdict first)
        _device.Clock.Advance(61_000);
        Assert.Equal(UpdateStatus.ApprovalRequired, _device.Engine.Erase(this, B));
        _device.Press();
        Assert.Equal(0, _device.Slots[B].Length);
        var after = _device.Engine.SlotImage(B);
        Assert.True(after.Empty);
        Assert.False(_device.StoredState().IsSealed(B));
    }

    [Fact]
    public void AfterARestartTheStoredPrefixIsHashedOnceSpreadOverTheNextRequests()
    {
        var image = ToyImages.Make(2, counter: 2, size: 60_000);
        var sha = ToyImages.FileHashOf(image);
        var engine = _device.Engine;
        var reply = engine.Upload("client", 0, image, 0, 1000, image.Length, sha, 0);
        while (reply.NextOffset < 40_000)
        {
            reply = engine.Upload("client", reply.NextOffset, image, reply.NextOffset, 1000, -1, null!, 0);
        }

        engine = _device.Start(); // power cut: the check's state (RAM) is gone, the slot keeps 40000 bytes
        var verifier = _device.Verifier;
        reply = engine.Upload("client", 0, image, 0, 1000, image.Length, sha, 0);
        Assert.Equal(40_000, reply.NextOffset);
        var maxRead = 0L;
        while (!reply.Complete)
        {
            var before = _device.Slots[B].BytesRead;
            var offset = reply.NextOffset;
            reply = engine.Upload("client", offset, image, offset, Math.Min(1000, image.Length - offset), -1, null!, 0);
            if (!reply.Complete)
            {
                maxRead = Math.Max(maxRead, _device.Slots[B].BytesRead - before);
            }
        }

        Assert.True(reply.Match);
        Assert.Equal(image.Length, verifier.StreamedBytes); // the prefix once, the rest as it arrived
        Assert.Equal(0, verifier.Verifications);
        Assert.True(maxRead <= 1000 + ArrivalCheck.CatchUpBytesPerRequest, $"a request read back {maxRead} bytes");
        Assert.True(engine.SlotImage(B).Bootable);
    }

    [Fact]
    public void ReadingBackWholeBlocksCostsTheFileSlotNoExtraSync()
    {
        using var rig = new FileSlotRig();
        var image = ToyImages.Make(2, counter: 2, size: 96 * 1024);
        var syncs = rig.Slots[B].Syncs;
        var passes = rig.Verifier.Verifications; // the start's check of slot A
        var reply = rig.Engine.Upload("c", 0, image, 0, 936, image.Length, ToyImages.FileHashOf(image), 0);
        while (!reply.Complete)
        {
            var offset = reply.NextOffset;
            reply = rig.Engine.Upload("c", offset, image, offset, Math.Min(936, image.Length - offset), -1, null!, 0);
        }

        Assert.True(reply.Match);
        Assert.Equal(1 + image.Length / FileSlot.DefaultBlockSize, rig.Slots[B].Syncs - syncs); // the erase, then one per 4 KiB
        Assert.Equal(image.Length, rig.Verifier.StreamedBytes);
        Assert.Equal(passes, rig.Verifier.Verifications);
    }

    [Fact]
    public void AQuietClientsUploadIsSyncedAndALeavingClientOrARestartSyncsItAtOnce()
    {
        using var rig = new FileSlotRig();
        var image = ToyImages.Make(2, counter: 2, size: 20 * 1024);
        rig.Engine.Upload("c", 0, image, 0, 1000, image.Length, ToyImages.FileHashOf(image), 0);
        Assert.Equal(0, rig.StoredInFile(B)); // the first 1000 bytes wait in the write block for a whole 4 KiB

        rig.Clock.Advance(Uploader.IdleSyncMilliseconds - 1);
        rig.Engine.Tick();
        Assert.Equal(0, rig.StoredInFile(B));
        rig.Clock.Advance(1);
        rig.Engine.Tick(); // the client has been quiet long enough: what it sent reaches the file
        Assert.Equal(1000, rig.StoredInFile(B));

        rig.Engine.Upload("c", 1000, image, 1000, 1000, -1, null!, 0);
        rig.Engine.ClientLeft("c");
        Assert.Equal(2000, rig.StoredInFile(B));

        rig.Engine.Upload("c", 2000, image, 2000, 1000, -1, null!, 0);
        rig.Engine.Reboot();
        Assert.Equal(3000, rig.StoredInFile(B));

        var syncs = rig.Slots[B].Syncs;
        var reply = rig.Engine.Upload("c", 3000, image, 3000, 1500, -1, null!, 0); // crosses 4096: the block ends there
        Assert.Equal(syncs + 1, rig.Slots[B].Syncs);
        Assert.Equal(4096, rig.StoredInFile(B));
        while (!reply.Complete)
        {
            var offset = reply.NextOffset;
            reply = rig.Engine.Upload("c", offset, image, offset, Math.Min(1000, image.Length - offset), -1, null!, 0);
        }

        Assert.True(reply.Match);
        Assert.Equal(syncs + image.Length / FileSlot.DefaultBlockSize, rig.Slots[B].Syncs); // whole blocks again, at 4 KiB multiples
    }

    /// <summary>An engine over two file slots in a temporary folder, slot A holding a confirmed v1.</summary>
    private sealed class FileSlotRig : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("fota-arrival-").FullName;

        public FileSlotRig()
        {
            Slots = [new FileSlot(Path.Combine(_dir, "a.bin"), 96 * 1024), new FileSlot(Path.Combine(_dir, "b.bin"), 96 * 1024)];
            var records = new MemoryRecordStore();
            Factory.Install([new MemorySlot(1), new MemorySlot(1)], records, 0, []); // a record naming slot A confirmed
            var v1 = ToyImages.Make(1, counter: 1);
            Slots[0].Append(0, v1, 0, v1.Length);
            var store = new BootStateStore(records);
            var state = new BootState();
            Verifier = new ToyVerifier(Slots);
            var log = new ListLog();
            var plan = new BootDecision(store, Verifier, log).Decide(state);
            Engine = new UpdateEngine(Slots, store, state, plan, Verifier, new OwnerApproval(new ApprovalSettings(), Clock, plan), new ApprovalButton(), Clock, new NoReboot(), log);
        }

        public FileSlot[] Slots { get; }

        public ToyVerifier Verifier { get; }

        public FakeClock Clock { get; } = new();

        public UpdateEngine Engine { get; }

        /// <summary>What a restart would find in slot <paramref name="slot"/>'s file.</summary>
        public long StoredInFile(int slot) => new FileInfo(Path.Combine(_dir, slot == 0 ? "a.bin" : "b.bin")).Length;

        public void Dispose()
        {
            Slots[0].Close();
            Slots[1].Close();
            Directory.Delete(_dir, recursive: true);
        }
    }

    private sealed class NoReboot : IRebooter
    {
        public void Reboot()
        {
        }
    }
}
