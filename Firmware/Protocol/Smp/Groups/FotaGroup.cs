using FotaDevice.Binary;
using FotaDevice.Protocol.Cbor;
using FotaDevice.Update;
using FotaDevice.Update.Approval;

namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>
    /// SMP group 64 "FOTA", our own (docs/smp-fota-group.md): command 0 (read) reports the owner
    /// approval state and the update state in one map, with the owner code's challenge; command 1
    /// (write) takes a proof of the owner code for one action on one image. Nothing in this group can
    /// press the button or open the window, and without the code nothing in it approves anything.
    /// </summary>
    public sealed class FotaGroup : ISmpGroupHandler
    {
        /// <summary>The group id: the first per-user group.</summary>
        public const int Id = SmpGroup.PerUser;

        /// <summary>Command 0 (read): the status map.</summary>
        public const int StatusCommand = 0;

        /// <summary>Command 1 (write): a proof of the owner code.</summary>
        public const int CodeCommand = 1;

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
        private static readonly byte[] UploadVerdict = SmpKeys.Ascii("upload_verdict");
        private static readonly byte[] UploadReason = SmpKeys.Ascii("upload_reason");
        private static readonly byte[] Code = SmpKeys.Ascii("code");
        private static readonly byte[] Challenge = SmpKeys.Ascii("challenge");
        private static readonly byte[] CodeSalt = SmpKeys.Ascii("code_salt");
        private static readonly byte[] CodeWaitSeconds = SmpKeys.Ascii("code_wait_s");
        private static readonly byte[] CodeFailures = SmpKeys.Ascii("code_failures");
        private static readonly byte[] CodeAction = SmpKeys.Ascii("code_action");
        private static readonly byte[] CodeSeconds = SmpKeys.Ascii("code_s");
        private static readonly byte[] Action = SmpKeys.Ascii("action");
        private static readonly byte[] Proof = SmpKeys.Ascii("proof");
        private static readonly byte[] None = new byte[0];
        private static readonly byte[][] ActionNames = ActionKeys();

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
            if (request.CommandId == StatusCommand && request.Op == SmpHeader.OpRead)
            {
                body.SkipValue();
                WriteStatus(response);
                return SmpErrors.EOK;
            }

            if (request.CommandId == CodeCommand && request.Op == SmpHeader.OpWrite)
            {
                return HandleCode(body, response);
            }

            return SmpErrors.ENOTSUP;
        }

        /// <summary>{"action": text, "hash": bytes (32; absent or null: none), "challenge": bytes (16), "proof": bytes (32)}.</summary>
        private int HandleCode(CborReader body, CborWriter response)
        {
            ApprovalAction action = ApprovalAction.None;
            int hashOffset = -1;
            int hashLength = 0;
            int challengeOffset = -1;
            int challengeLength = 0;
            int proofOffset = -1;
            int proofLength = 0;
            int pairs = body.ReadStartMap();
            int index = 0;
            while (CborMaps.Next(body, pairs, ref index))
            {
                if (body.TryReadKey(Action))
                {
                    action = ReadAction(body);
                }
                else if (body.TryReadKey(SmpKeys.Hash))
                {
                    if (body.PeekType() == CborType.Null)
                    {
                        body.ReadNull();
                        hashOffset = -1;
                    }
                    else
                    {
                        body.GetByteStringRange(out hashOffset, out hashLength);
                    }
                }
                else if (body.TryReadKey(Challenge))
                {
                    body.GetByteStringRange(out challengeOffset, out challengeLength);
                }
                else if (body.TryReadKey(Proof))
                {
                    body.GetByteStringRange(out proofOffset, out proofLength);
                }
                else
                {
                    CborMaps.SkipPair(body);
                }
            }

            string invalid = action == ApprovalAction.None ? "\"action\" must be one of test, confirm, confirm-trial, erase, reset"
                : hashOffset >= 0 && hashLength != CodeProof.HashSize ? "\"hash\" must be 32 bytes"
                : hashOffset < 0 && action != ApprovalAction.Reset && action != ApprovalAction.Erase ? "\"hash\" must name the image"
                : challengeLength != CodeProof.ChallengeSize ? "\"challenge\" must be the 16 bytes of the FOTA status"
                : proofLength != CodeProof.Size ? "\"proof\" must be 32 bytes"
                : null;
            if (invalid != null)
            {
                return SmpReplies.Error(response, SmpErrors.EINVAL, invalid);
            }

            int status = _engine.ApproveWithCode(action, hashOffset >= 0 ? body.Buffer : null, hashOffset, body.Buffer, challengeOffset, body.Buffer, proofOffset);
            if (status != UpdateStatus.Ok)
            {
                return SmpReplies.Error(response, SmpReplies.CodeOf(status), _engine.CodeMessage);
            }

            OwnerApproval approval = _engine.Approval;
            response.WriteStartMap(2);
            response.WriteTextString(CodeAction);
            response.WriteTextString(ApprovalActionNames.Name(approval.CodeAction));
            WriteInt(response, CodeSeconds, (int)(approval.CodeRemainingMilliseconds / 1000));
            return SmpErrors.EOK;
        }

        private static ApprovalAction ReadAction(CborReader body)
        {
            if (body.PeekType() != CborType.TextString)
            {
                body.SkipValue();
                return ApprovalAction.None;
            }

            int offset;
            int length;
            body.GetTextStringRange(out offset, out length);
            for (int i = 1; i < ActionNames.Length; i++)
            {
                if (ActionNames[i].Length == length && Bytes.Equal(ActionNames[i], 0, body.Buffer, offset, length))
                {
                    return (ApprovalAction)i;
                }
            }

            return ApprovalAction.None;
        }

        private void WriteStatus(CborWriter response)
        {
            OwnerApproval approval = _engine.Approval;
            byte[] challenge = _engine.CodeChallenge();
            response.WriteStartMap(25);
            response.WriteTextString(Policy);
            response.WriteTextString(ApprovalPolicyNames.Name(approval.Settings.Policy));
            WriteInt(response, WindowSeconds, (int)(approval.WindowRemainingMilliseconds / 1000));
            WriteInt(response, PressSeconds, (int)(approval.PressRemainingMilliseconds / 1000));
            WriteInt(response, WaitingSlot, approval.WaitingSlot);
            WriteInt(response, WaitingSeconds, (int)(approval.WaitingRemainingMilliseconds / 1000));
            response.WriteTextString(WaitingAction);
            response.WriteTextString(ApprovalActionNames.Name(approval.WaitingAction));
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
            response.WriteTextString(Code);
            response.WriteBoolean(challenge != null);
            response.WriteTextString(Challenge);
            response.WriteByteString(challenge != null ? challenge : None);
            response.WriteTextString(CodeSalt);
            response.WriteByteString(challenge != null ? approval.Code.Salt : None);
            WriteInt(response, CodeWaitSeconds, (int)((_engine.CodeWaitMilliseconds + 999) / 1000));
            WriteInt(response, CodeFailures, _engine.CodeFailures);
            response.WriteTextString(CodeAction);
            response.WriteTextString(ApprovalActionNames.Name(approval.CodeAction));
            WriteInt(response, CodeSeconds, (int)(approval.CodeRemainingMilliseconds / 1000));
            WriteVerdict(response);
        }

        /// <summary>The verdict on the slot uploads go to: "empty", "receiving", "bootable" or "refused", and why not.</summary>
        private void WriteVerdict(CborWriter response)
        {
            Update.Boot.SlotVerdict image = _engine.SlotImage(_engine.InactiveSlot);
            bool receiving = _engine.UploadLength > 0;
            response.WriteTextString(UploadVerdict);
            response.WriteTextString(receiving ? "receiving" : image.Empty ? "empty" : image.Bootable ? "bootable" : "refused");
            response.WriteTextString(UploadReason);
            response.WriteTextString(receiving || image.Bootable || image.Empty || image.Reason == null ? "" : image.Reason);
        }

        private static byte[][] ActionKeys()
        {
            byte[][] keys = new byte[ApprovalActionNames.All.Length][];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = SmpKeys.Ascii(ApprovalActionNames.All[i]);
            }

            return keys;
        }

        private static void WriteInt(CborWriter response, byte[] key, int value)
        {
            response.WriteTextString(key);
            response.WriteInt32(value);
        }
    }
}
