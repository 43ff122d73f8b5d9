using FotaDevice.Image;
using FotaDevice.Protocol.Cbor;
using FotaDevice.Update;
using FotaDevice.Update.Boot;
using FotaDevice.Update.Rules;

namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>
    /// SMP group 1 (image management) as Zephyr serves it: state read and write (test/confirm) (0),
    /// upload (1) and erase (5), over the <see cref="UpdateEngine"/>. Refusals carry Zephyr's "rsn"
    /// text, so a person sees why (for example "approval required: press the button...").
    /// </summary>
    public sealed class ImageGroup : ISmpGroupHandler
    {
        private const int State = 0;
        private const int Upload = 1;
        private const int Erase = 5;

        private readonly UpdateEngine _engine;
        private readonly ImageHeader _header = new ImageHeader();

        /// <summary>Creates the group over the update service.</summary>
        public ImageGroup(UpdateEngine engine)
        {
            _engine = engine;
        }

        /// <summary>The client of the request being handled (set by the server): one client uploads at a time.</summary>
        public object Client { get; set; }

        /// <inheritdoc/>
        public int GroupId
        {
            get { return SmpGroup.Image; }
        }

        /// <inheritdoc/>
        public int Handle(SmpHeader request, CborReader body, CborWriter response)
        {
            bool write = request.Op == SmpHeader.OpWrite;
            switch (request.CommandId)
            {
                case State:
                    return write ? HandleStateWrite(body, response) : HandleStateRead(body, response);
                case Upload:
                    return write ? HandleUpload(request, body, response) : SmpErrors.ENOTSUP;
                case Erase:
                    return write ? HandleErase(body, response) : SmpErrors.ENOTSUP;
                default:
                    return SmpErrors.ENOTSUP;
            }
        }

        private int HandleStateRead(CborReader body, CborWriter response)
        {
            body.SkipValue();
            WriteState(response);
            return SmpErrors.EOK;
        }

        private int HandleStateWrite(CborReader body, CborWriter response)
        {
            int hashOffset = -1;
            int hashLength = 0;
            bool confirm = false;
            int pairs = body.ReadStartMap();
            int index = 0;
            while (CborMaps.Next(body, pairs, ref index))
            {
                if (body.TryReadKey(SmpKeys.Hash))
                {
                    if (body.PeekType() == CborType.Null)
                    {
                        body.ReadNull(); // as Zephyr: no hash, the running image
                        hashOffset = -1;
                    }
                    else
                    {
                        body.GetByteStringRange(out hashOffset, out hashLength);
                    }
                }
                else if (body.TryReadKey(SmpKeys.Confirm))
                {
                    confirm = body.ReadBoolean();
                }
                else
                {
                    CborMaps.SkipPair(body);
                }
            }

            if (hashOffset >= 0 && hashLength == 0)
            {
                hashOffset = -1; // mcumgr's `image confirm ""`: the running image, as Zephyr takes it
            }

            if (hashOffset >= 0 && hashLength != ImageFormat.DigestSize)
            {
                return SmpReplies.Error(response, SmpErrors.EINVAL, "\"hash\" must be 32 bytes");
            }

            int status = _engine.Switch(hashOffset >= 0 ? body.Buffer : null, hashOffset, confirm);
            if (status != UpdateStatus.Ok)
            {
                return SmpReplies.Error(response, SmpReplies.CodeOf(status), _engine.LastMessage);
            }

            WriteState(response);
            return SmpErrors.EOK;
        }

        private int HandleUpload(SmpHeader request, CborReader body, CborWriter response)
        {
            long offset = -1;
            long length = -1;
            int dataOffset = -1;
            int dataLength = 0;
            int shaOffset = -1;
            int shaLength = 0;
            bool upgrade = false;
            int pairs = body.ReadStartMap();
            int index = 0;
            while (CborMaps.Next(body, pairs, ref index))
            {
                if (body.TryReadKey(SmpKeys.Off))
                {
                    offset = body.ReadInt64();
                }
                else if (body.TryReadKey(SmpKeys.Len))
                {
                    length = body.ReadInt64();
                }
                else if (body.TryReadKey(SmpKeys.Data))
                {
                    body.GetByteStringRange(out dataOffset, out dataLength);
                }
                else if (body.TryReadKey(SmpKeys.Sha))
                {
                    body.GetByteStringRange(out shaOffset, out shaLength);
                }
                else if (body.TryReadKey(SmpKeys.Upgrade))
                {
                    upgrade = body.ReadBoolean();
                }
                else if (body.TryReadKey(SmpKeys.Image))
                {
                    if (body.ReadInt64() != 0)
                    {
                        return SmpReplies.Error(response, SmpErrors.EINVAL, "this device has one image (0)");
                    }
                }
                else
                {
                    CborMaps.SkipPair(body);
                }
            }

            if (offset < 0 || offset > int.MaxValue || dataOffset < 0)
            {
                return SmpReplies.Error(response, SmpErrors.EINVAL, "upload needs \"off\" and \"data\"");
            }

            if (offset == 0 && (length < 0 || length > int.MaxValue))
            {
                return SmpReplies.Error(response, SmpErrors.EINVAL, "the first chunk needs \"len\"");
            }

            if (shaLength > ImageFormat.DigestSize)
            {
                return SmpReplies.Error(response, SmpErrors.EINVAL, "\"sha\" is at most the image's 32-byte SHA-256");
            }

            if (shaLength == 0)
            {
                shaOffset = -1; // as Zephyr: a shorter "sha" (up to 32 bytes) names the upload; an empty one is none
            }

            if (offset == 0)
            {
                string refusal = CheckFirstChunk(body.Buffer, dataOffset, dataLength, length, upgrade);
                if (refusal != null)
                {
                    return SmpReplies.Error(response, SmpErrors.EINVAL, refusal);
                }
            }

            UploadReply reply = _engine.Upload(Client, (int)offset, body.Buffer, dataOffset, dataLength,
                offset == 0 ? (int)length : -1, shaOffset >= 0 ? body.Buffer : null, shaOffset, shaLength);
            if (reply.Status != UpdateStatus.Ok)
            {
                return SmpReplies.Error(response, SmpReplies.CodeOf(reply.Status), reply.Message);
            }

            bool v1 = request.Version == SmpHeader.Version1;
            response.WriteStartMap((reply.HasMatch ? 2 : 1) + (v1 ? 1 : 0));
            if (v1)
            {
                response.WriteTextString(SmpKeys.Rc);
                response.WriteInt32(0);
            }

            response.WriteTextString(SmpKeys.Off);
            response.WriteInt32(reply.NextOffset);
            if (reply.HasMatch)
            {
                response.WriteTextString(SmpKeys.Match);
                response.WriteBoolean(reply.Match);
            }

            return SmpErrors.EOK;
        }

        /// <summary>Refuses at once what the header already shows to be wrong; null when the upload may start.</summary>
        private string CheckFirstChunk(byte[] data, int offset, int count, long length, bool upgrade)
        {
            if (count < ImageFormat.HeaderSize)
            {
                return null; // judged when the whole image is in
            }

            try
            {
                _header.Read(data, offset);
            }
            catch (ImageException e)
            {
                return "not an MCUboot image: " + e.Message;
            }

            if (_header.TlvOffset > length)
            {
                return "the image header declares more than \"len\" (" + length.ToString() + " bytes)";
            }

            int running = _engine.RunningSlot;
            return SwitchRules.UploadRefusal(_header.Version, running >= 0 ? _engine.SlotImage(running) : null, upgrade);
        }

        private int HandleErase(CborReader body, CborWriter response)
        {
            int slot = _engine.InactiveSlot;
            int pairs = body.ReadStartMap();
            int index = 0;
            while (CborMaps.Next(body, pairs, ref index))
            {
                if (body.TryReadKey(SmpKeys.Slot))
                {
                    slot = body.ReadInt32();
                }
                else
                {
                    CborMaps.SkipPair(body);
                }
            }

            int status = _engine.Erase(Client, slot);
            if (status != UpdateStatus.Ok)
            {
                return SmpReplies.Error(response, SmpReplies.CodeOf(status), _engine.LastMessage);
            }

            response.WriteStartMap(0);
            return SmpErrors.EOK;
        }

        /// <summary>{"images": [...], "splitStatus": 0}, one entry per non-empty slot, as Zephyr reports them.</summary>
        private void WriteState(CborWriter response)
        {
            int count = 0;
            for (int slot = 0; slot < 2; slot++)
            {
                if (!_engine.SlotImage(slot).Empty)
                {
                    count++;
                }
            }

            response.WriteStartMap(2);
            response.WriteTextString(SmpKeys.Images);
            response.WriteStartArray(count);
            for (int slot = 0; slot < 2; slot++)
            {
                SlotVerdict image = _engine.SlotImage(slot);
                if (image.Empty)
                {
                    continue;
                }

                response.WriteStartMap(8 + (image.ImageHash != null ? 1 : 0) + (image.Bootable ? 0 : 1));
                response.WriteTextString(SmpKeys.Image);
                response.WriteInt32(0);
                response.WriteTextString(SmpKeys.Slot);
                response.WriteInt32(slot);
                response.WriteTextString(SmpKeys.Version);
                response.WriteTextString(ZephyrVersion(image.Version));
                if (image.ImageHash != null)
                {
                    response.WriteTextString(SmpKeys.Hash);
                    response.WriteByteString(image.ImageHash);
                }

                WriteFlag(response, SmpKeys.Bootable, image.Bootable);
                if (!image.Bootable)
                {
                    response.WriteTextString(SmpKeys.Reason); // our extension: why not (fota list shows it)
                    response.WriteTextString(image.Reason == null ? "not bootable" : image.Reason);
                }

                WriteFlag(response, SmpKeys.Pending, _engine.IsPending(slot));
                WriteFlag(response, SmpKeys.Confirmed, _engine.IsConfirmed(slot));
                WriteFlag(response, SmpKeys.Active, _engine.RunningSlot == slot);
                WriteFlag(response, SmpKeys.Permanent, _engine.IsPermanent(slot));
            }

            response.WriteTextString(SmpKeys.SplitStatus);
            response.WriteInt32(0);
        }

        private static void WriteFlag(CborWriter response, byte[] key, bool value)
        {
            response.WriteTextString(key);
            response.WriteBoolean(value);
        }

        /// <summary>"major.minor.revision", with ".build" when the build number is not 0, as Zephyr formats it.</summary>
        private static string ZephyrVersion(ImageVersion version)
        {
            if (version == null)
            {
                return "0.0.0";
            }

            string text = version.Major.ToString() + "." + version.Minor.ToString() + "." + version.Revision.ToString();
            return version.Build == 0 ? text : text + "." + version.Build.ToString();
        }
    }
}
