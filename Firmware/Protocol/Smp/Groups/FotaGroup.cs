using FotaDevice.Protocol.Cbor;
using FotaDevice.Update;
using FotaDevice.Update.Approval;

namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>
    /// SMP group 64 "FOTA", our own (docs/smp-fota-group.md): command 0 (read) reports the owner
    /// approval state and the update state in one map. It only reports: nothing in this group can
    /// press the button or open the window.
    /// </summary>
    public sealed class FotaGroup : ISmpGroupHandler
    {
        /// <summary>The group id: the first per-user group.</summary>
        public const int Id = SmpGroup.PerUser;

        private static readonly byte[] Policy = SmpKeys.Ascii("policy");
        private static readonly byte[] WindowSeconds = SmpKeys.Ascii("window_s");
        private static readonly byte[] PressSeconds = SmpKeys.Ascii("press_s");
        private static readonly byte[] WaitingSlot = SmpKeys.Ascii("waiting_slot");
        private static readonly byte[] WaitingSeconds = SmpKeys.Ascii("waiting_s");
        private static readonly byte[] WaitingAction = SmpKeys.Ascii("waiting_action");
        private static readonly byte[] WaitingHash = SmpKeys.Ascii("waiting_hash");
        private static readonly byte[] PressSlot = SmpKeys.Ascii("press_slot");
        private static readonly byte[] RunningSlot = SmpKeys.Ascii("running_slot");
        private static readonly byte[] Trial = SmpKeys.Ascii("trial");
        private static readonly byte[] ConfirmedSlot = SmpKeys.Ascii("confirmed_slot");
        private static readonly byte[] PendingSlot = SmpKeys.Ascii("pending_slot");
        private static readonly byte[] UploadOffset = SmpKeys.Ascii("upload_off");
        private static readonly byte[] UploadLength = SmpKeys.Ascii("upload_len");
        private static readonly byte[] SecurityCounter = SmpKeys.Ascii("security_counter");
        private static readonly byte[] SlotSize = SmpKeys.Ascii("slot_size");

        private readonly UpdateEngine _engine;

        /// <summary>Creates the group over the update service.</summary>
        public FotaGroup(UpdateEngine engine)
        {
            _engine = engine;
        }

        /// <inheritdoc/>
        public int GroupId
        {
            get { return Id; }
        }

        /// <inheritdoc/>
        public int Handle(SmpHeader request, CborReader body, CborWriter response)
        {
            if (request.CommandId != 0 || request.Op != SmpHeader.OpRead)
            {
                return SmpErrors.ENOTSUP;
            }

            body.SkipValue();
            OwnerApproval approval = _engine.Approval;
            response.WriteStartMap(16);
            response.WriteTextString(Policy);
            response.WriteTextString(PolicyName(approval.Settings.Policy));
            WriteInt(response, WindowSeconds, (int)(approval.WindowRemainingMilliseconds / 1000));
            WriteInt(response, PressSeconds, (int)(approval.PressRemainingMilliseconds / 1000));
            WriteInt(response, WaitingSlot, approval.WaitingSlot);
            WriteInt(response, WaitingSeconds, (int)(approval.WaitingRemainingMilliseconds / 1000));
            response.WriteTextString(WaitingAction);
            response.WriteTextString(ActionName(approval.WaitingAction));
            response.WriteTextString(WaitingHash);
            response.WriteByteString(approval.WaitingHash);
            WriteInt(response, PressSlot, approval.PressSlot);
            WriteInt(response, RunningSlot, _engine.RunningSlot);
            response.WriteTextString(Trial);
            response.WriteBoolean(_engine.RunningOnTrial);
            WriteInt(response, ConfirmedSlot, _engine.IsConfirmed(0) ? 0 : _engine.IsConfirmed(1) ? 1 : -1);
            WriteInt(response, PendingSlot, _engine.IsPending(0) ? 0 : _engine.IsPending(1) ? 1 : -1);
            WriteInt(response, UploadOffset, _engine.UploadedBytes);
            WriteInt(response, UploadLength, _engine.UploadLength);
            response.WriteTextString(SecurityCounter);
            response.WriteUInt32(_engine.SecurityCounter);
            WriteInt(response, SlotSize, _engine.SlotCapacity);
            return SmpErrors.EOK;
        }

        private static void WriteInt(CborWriter response, byte[] key, int value)
        {
            response.WriteTextString(key);
            response.WriteInt32(value);
        }

        private static string ActionName(ApprovalAction action)
        {
            switch (action)
            {
                case ApprovalAction.Trial: return "test";
                case ApprovalAction.Permanent: return "confirm";
                case ApprovalAction.ConfirmTrial: return "confirm-trial";
                case ApprovalAction.Erase: return "erase";
                case ApprovalAction.Reset: return "reset";
                default: return "none";
            }
        }

        private static string PolicyName(ApprovalPolicy policy)
        {
            return policy == ApprovalPolicy.ButtonOnly ? "button" : policy == ApprovalPolicy.WindowOnly ? "window" : "either";
        }
    }
}
