using FotaDevice.Image;

namespace FotaDevice.Update.Boot
{
    /// <summary>The result of checking the image stored in a slot, as the boot decision needs it.</summary>
    public sealed class SlotVerdict
    {
        /// <summary>True when the slot holds an image whose hash and signature verify with a trusted key.</summary>
        public bool Bootable { get; set; }

        /// <summary>True when the slot holds nothing at all.</summary>
        public bool Empty { get; set; }

        /// <summary>Why the slot is not bootable, in words.</summary>
        public string Reason { get; set; }

        /// <summary>The image version from its header (null when the slot holds no readable header).</summary>
        public ImageVersion Version { get; set; }

        /// <summary>The image's security counter (0 when it has none).</summary>
        public uint SecurityCounter { get; set; }

        /// <summary>SHA-256 of everything stored in the slot (what an SMP upload's "sha" names). Null for an empty slot.</summary>
        public byte[] FileHash { get; set; }

        /// <summary>Bytes stored in the slot.</summary>
        public int Length { get; set; }

        /// <summary>The image hash (its SHA256 TLV): how SMP clients name the image. Null for an empty slot.</summary>
        public byte[] ImageHash { get; set; }

        /// <summary>The version for people ("1.2.3+4"), or "?" when there is none.</summary>
        public string VersionText
        {
            get { return Version == null ? "?" : Version.ToString(); }
        }
    }
}
