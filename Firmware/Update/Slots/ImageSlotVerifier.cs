using FotaDevice.Image;
using FotaDevice.Platform;
using FotaDevice.Update.Boot;

namespace FotaDevice.Update.Slots
{
    /// <summary>
    /// Checks the image in a slot from what reads back from storage: the MCUboot image (hash and
    /// signature by a trusted key, <see cref="ImageValidator"/>), then this device's identity: the
    /// product it names, the runtime of its app bundle, and the library versions it requires.
    /// A full check is one pass over the slot in a fixed 512-byte buffer; an image can also be checked
    /// as it arrives (a second validator, created at the first upload, sharing the signature check), and
    /// a sealed verdict re-checked from the header, manifest and TLV areas only. Nothing allocated per chunk.
    /// </summary>
    public sealed class ImageSlotVerifier : IIncrementalSlotVerifier
    {
        private const int ChunkSize = 512;

        private readonly ISlot[] _slots;
        private readonly DeviceIdentity _device;
        private readonly KeyRing _keys;
        private readonly int _capacity;
        private readonly ISignatureVerifier _signatures;
        private readonly ImageValidator _validator;
        private readonly ImageHeader _header = new ImageHeader();
        private readonly byte[] _buffer = new byte[ChunkSize];
        private ImageValidator _stream;

        /// <summary>Creates the verifier for the device's slots, trusted keys and identity.</summary>
        public ImageSlotVerifier(ISlot[] slots, KeyRing keys, DeviceIdentity device)
            : this(slots, keys, device, null)
        {
        }

        /// <summary>As the other constructor, with another signature check (null: <see cref="SignatureVerifier"/>).</summary>
        public ImageSlotVerifier(ISlot[] slots, KeyRing keys, DeviceIdentity device, ISignatureVerifier signatures)
        {
            _slots = slots;
            _device = device;
            _keys = keys;
            int capacity = 0;
            for (int i = 0; i < slots.Length; i++)
            {
                if (slots[i].Capacity > capacity)
                {
                    capacity = slots[i].Capacity;
                }
            }

            _capacity = capacity;
            _signatures = signatures != null ? signatures : new SignatureVerifier(keys);
            _validator = new ImageValidator(keys, capacity, device.Runtime, _signatures);
        }

        /// <summary>The last full validation result (for tools that show everything).</summary>
        public ImageValidationResult LastResult { get; private set; }

        /// <summary>Checks slot <paramref name="slot"/>; never throws for a bad image or a storage error.</summary>
        public SlotVerdict Verify(int slot)
        {
            SlotVerdict verdict = new SlotVerdict();
            int length;
            if (!ReadInto(_slots[slot], verdict, null, out length))
            {
                return verdict;
            }

            return Conclude(_validator.Finish(), length, verdict);
        }

        /// <inheritdoc/>
        public SlotVerdict VerifySealed(int slot, byte[] imageHash, int length)
        {
            SlotVerdict verdict = new SlotVerdict();
            int stored;
            if (imageHash == null || length <= 0 || _slots[slot].Length != length
                || !ReadInto(_slots[slot], verdict, imageHash, out stored) || stored != length)
            {
                return null;
            }

            ImageValidationResult result = _validator.FinishSealed(imageHash, 0);
            if (result.Error != ImageError.None)
            {
                return null; // not the sealed image (or not readable as it): only a full check can tell
            }

            Conclude(result, length, verdict);
            verdict.Sealed = true;
            return verdict;
        }

        /// <inheritdoc/>
        public string InspectStart(byte[] data, int offset, int count, int length, out ImageVersion version)
        {
            version = null;
            if (count < ImageFormat.HeaderSize)
            {
                return null; // judged as the image arrives
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

            version = _header.Version;
            return null;
        }

        /// <inheritdoc/>
        public void StartStream()
        {
            if (_stream == null)
            {
                _stream = new ImageValidator(_keys, _capacity, _device.Runtime, _signatures);
            }

            _stream.Reset();
        }

        /// <inheritdoc/>
        public void Feed(byte[] data, int offset, int count)
        {
            _stream.Feed(data, offset, count);
        }

        /// <inheritdoc/>
        public bool CopyStreamFileHash(byte[] into, int offset)
        {
            return _stream != null && _stream.CopyFileHash(into, offset);
        }

        /// <inheritdoc/>
        public SlotVerdict FinishStream(int length)
        {
            return Conclude(_stream.Finish(), length, new SlotVerdict());
        }

        /// <summary>
        /// Feeds the slot's image to the full-check validator; with <paramref name="sealedHash"/>, the
        /// body after the manifest is skipped. False (and <paramref name="verdict"/> says why) when the
        /// slot is empty or cannot be read.
        /// </summary>
        private bool ReadInto(ISlot storage, SlotVerdict verdict, byte[] sealedHash, out int length)
        {
            length = 0;
            try
            {
                length = storage.Length;
                if (length == 0)
                {
                    verdict.Empty = true;
                    verdict.Reason = "the slot is empty";
                    return false;
                }

                _validator.Reset();
                int offset = 0;
                while (offset < length)
                {
                    int skipTo = sealedHash == null ? -1 : _validator.SkippableTo;
                    if (skipTo > offset && skipTo <= length)
                    {
                        _validator.Skip(skipTo - offset);
                        offset = skipTo;
                        continue;
                    }

                    int want = length - offset < ChunkSize ? length - offset : ChunkSize;
                    int read = storage.Read(offset, _buffer, 0, want);
                    if (read <= 0 || _validator.Feed(_buffer, 0, read) != ImageError.None)
                    {
                        break;
                    }

                    offset += read;
                }

                return true;
            }
            catch (System.Exception e)
            {
                verdict.Reason = "the slot could not be read: " + e.Message;
                return false;
            }
        }

        private SlotVerdict Conclude(ImageValidationResult result, int length, SlotVerdict verdict)
        {
            LastResult = result;
            verdict.Length = length;
            verdict.FileHash = result.FileHash;
            verdict.ImageHash = result.ImageHash;
            verdict.SecurityCounter = result.HasSecurityCounter ? result.SecurityCounter : 0;
            verdict.Version = result.Version == null ? null : result.Version.Clone();
            verdict.Reason = result.IsValid ? RefusalByDevice(result) : result.Message;
            verdict.Bootable = verdict.Reason == null;
            return verdict;
        }

        /// <summary>Why a valid image is not for this device, or null when it is.</summary>
        private string RefusalByDevice(ImageValidationResult result)
        {
            string product = _device.ProductId;
            if (product != null && result.ProductId != product)
            {
                return result.ProductId == null
                    ? "the image names no product; this device is \"" + product + "\""
                    : "the image is for product \"" + result.ProductId + "\", this device is \"" + product + "\"";
            }

            AppBundleManifest manifest = result.Manifest;
            if (manifest == null)
            {
                return null;
            }

            BundleRequirement[] needs = manifest.Requirements;
            for (int i = 0; i < needs.Length; i++)
            {
                AssemblyVersion have = _device.Libraries == null ? null : _device.Libraries.VersionOf(needs[i].Name);
                if (have == null)
                {
                    return "the app needs " + needs[i].Name + " " + needs[i].MinimumVersion.ToString() + ", which this device does not have";
                }

                if (have.CompareTo(needs[i].MinimumVersion) < 0)
                {
                    return "the app needs " + needs[i].Name + " " + needs[i].MinimumVersion.ToString() + " or newer, this device has " + have.ToString();
                }
            }

            return null;
        }
    }
}
