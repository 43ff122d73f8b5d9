using FotaDevice.Image;
using FotaDevice.Platform;
using FotaDevice.Update.Boot;

namespace FotaDevice.Update.Slots
{
    /// <summary>
    /// Checks the image in a slot from what reads back from storage: the MCUboot image (hash and
    /// signature by a trusted key, <see cref="ImageValidator"/>), then this device's identity: the
    /// product it names, the runtime of its app bundle, and the library versions it requires.
    /// One pass over the slot in a fixed 512-byte buffer; nothing allocated per chunk.
    /// </summary>
    public sealed class ImageSlotVerifier : ISlotVerifier
    {
        private const int ChunkSize = 512;

        private readonly ISlot[] _slots;
        private readonly DeviceIdentity _device;
        private readonly ImageValidator _validator;
        private readonly byte[] _buffer = new byte[ChunkSize];

        /// <summary>Creates the verifier for the device's slots, trusted keys and identity.</summary>
        public ImageSlotVerifier(ISlot[] slots, KeyRing keys, DeviceIdentity device)
        {
            _slots = slots;
            _device = device;
            int capacity = 0;
            for (int i = 0; i < slots.Length; i++)
            {
                if (slots[i].Capacity > capacity)
                {
                    capacity = slots[i].Capacity;
                }
            }

            _validator = new ImageValidator(keys, capacity, device.Runtime);
        }

        /// <summary>The last full validation result (for tools that show everything).</summary>
        public ImageValidationResult LastResult { get; private set; }

        /// <summary>Checks slot <paramref name="slot"/>; never throws for a bad image or a storage error.</summary>
        public SlotVerdict Verify(int slot)
        {
            SlotVerdict verdict = new SlotVerdict();
            ISlot storage = _slots[slot];
            int length;
            try
            {
                length = storage.Length;
                if (length == 0)
                {
                    verdict.Empty = true;
                    verdict.Reason = "the slot is empty";
                    return verdict;
                }

                ReadInto(storage, length);
            }
            catch (System.Exception e)
            {
                verdict.Reason = "the slot could not be read: " + e.Message;
                return verdict;
            }

            ImageValidationResult result = _validator.Finish();
            LastResult = result;
            Describe(result, length, verdict);
            verdict.Reason = result.IsValid ? RefusalByDevice(result) : result.Message;
            verdict.Bootable = verdict.Reason == null;
            return verdict;
        }

        private void ReadInto(ISlot storage, int length)
        {
            _validator.Reset();
            int offset = 0;
            while (offset < length)
            {
                int want = length - offset < ChunkSize ? length - offset : ChunkSize;
                int read = storage.Read(offset, _buffer, 0, want);
                if (read <= 0 || _validator.Feed(_buffer, 0, read) != ImageError.None)
                {
                    return;
                }

                offset += read;
            }
        }

        private static void Describe(ImageValidationResult result, int length, SlotVerdict verdict)
        {
            verdict.Length = length;
            verdict.FileHash = result.FileHash;
            verdict.ImageHash = result.ImageHash;
            verdict.SecurityCounter = result.HasSecurityCounter ? result.SecurityCounter : 0;
            verdict.Version = result.Version == null ? null : result.Version.Clone();
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
