namespace FotaDevice.Image
{
    /// <summary>
    /// Numbers of the MCUboot image format (MCUboot <c>bootutil/image.h</c>) and the limits
    /// FotaDevice puts on them (docs/image-format.md).
    /// </summary>
    public static class ImageFormat
    {
        /// <summary>Header magic, <c>IMAGE_MAGIC</c>.</summary>
        public const uint HeaderMagic = 0x96f3b83d;

        /// <summary>Magic of the unprotected TLV area's info header, <c>IMAGE_TLV_INFO_MAGIC</c>.</summary>
        public const int TlvInfoMagic = 0x6907;

        /// <summary>Magic of the protected TLV area's info header, <c>IMAGE_TLV_PROT_INFO_MAGIC</c>.</summary>
        public const int ProtectedTlvInfoMagic = 0x6908;

        /// <summary>Size of the header structure.</summary>
        public const int HeaderSize = 32;

        /// <summary>Largest header size (<c>ih_hdr_size</c>) accepted.</summary>
        public const int MaxHeaderSize = 4096;

        /// <summary>Size of a TLV area's info header and of a TLV entry's header.</summary>
        public const int TlvHeaderSize = 4;

        /// <summary>Largest protected TLV area accepted, info header included.</summary>
        public const int MaxProtectedTlvSize = 1024;

        /// <summary>Largest unprotected TLV area accepted, info header included.</summary>
        public const int MaxTlvAreaSize = 1024;

        /// <summary>Size of a SHA-256 digest, of the SHA256 TLV and of the KEYHASH TLV.</summary>
        public const int DigestSize = 32;

        /// <summary>Size of the SEC_CNT TLV value.</summary>
        public const int SecurityCounterSize = 4;

        /// <summary>Largest product identity (FOTA_PRODUCT TLV), in bytes.</summary>
        public const int MaxProductIdSize = 64;

        /// <summary>TLV type: SHA-256 of the signing key's SubjectPublicKeyInfo DER.</summary>
        public const int TlvKeyHash = 0x01;

        /// <summary>TLV type: the signing key's SubjectPublicKeyInfo DER.</summary>
        public const int TlvPublicKey = 0x02;

        /// <summary>TLV type: SHA-256 of header, body and protected TLV area.</summary>
        public const int TlvSha256 = 0x10;

        /// <summary>TLV type: SHA-384 image hash (not supported).</summary>
        public const int TlvSha384 = 0x11;

        /// <summary>TLV type: SHA-512 image hash (not supported).</summary>
        public const int TlvSha512 = 0x12;

        /// <summary>TLV type: ECDSA signature of the digest, DER <c>SEQUENCE { r, s }</c>.</summary>
        public const int TlvEcdsaSignature = 0x22;

        /// <summary>TLV type: Ed25519 signature whose message is the 32-byte digest.</summary>
        public const int TlvEd25519Signature = 0x24;

        /// <summary>TLV type: marks a "pure" signature over the image itself (not supported).</summary>
        public const int TlvSignaturePure = 0x25;

        /// <summary>TLV type: security counter, u32 (protected).</summary>
        public const int TlvSecurityCounter = 0x50;

        /// <summary>TLV type: product/board identity, UTF-8 (protected; FotaDevice's own, in the vendor range).</summary>
        public const int TlvProductId = 0xA1;

        /// <summary>Header flag: image is encrypted with AES-128.</summary>
        public const uint FlagEncryptedAes128 = 0x04;

        /// <summary>Header flag: image is encrypted with AES-256.</summary>
        public const uint FlagEncryptedAes256 = 0x08;

        /// <summary>Header flag: not bootable (split image).</summary>
        public const uint FlagNonBootable = 0x10;

        /// <summary>Header flag: load into RAM.</summary>
        public const uint FlagRamLoad = 0x20;

        private static readonly uint[] FlagValues = new uint[] { 0x01, 0x04, 0x08, 0x10, 0x20, 0x100, 0x200, 0x400, 0x800 };

        private static readonly string[] FlagLabels = new string[]
        {
            "PIC", "ENCRYPTED_AES128", "ENCRYPTED_AES256", "NON_BOOTABLE", "RAM_LOAD", "ROM_FIXED",
            "COMPRESSED_LZMA1", "COMPRESSED_LZMA2", "COMPRESSED_ARM_THUMB_FLT",
        };

        /// <summary>MCUboot's names of the header flags set in <paramref name="flags"/> ("ENCRYPTED_AES256 RAM_LOAD"), "0x.." for unknown bits; "" for none.</summary>
        public static string FlagNames(uint flags)
        {
            string names = string.Empty;
            uint known = 0;
            for (int i = 0; i < FlagValues.Length; i++)
            {
                known |= FlagValues[i];
                if ((flags & FlagValues[i]) != 0)
                {
                    names = names.Length == 0 ? FlagLabels[i] : names + " " + FlagLabels[i];
                }
            }

            uint unknown = flags & ~known;
            if (unknown != 0)
            {
                string hex = "0x" + unknown.ToString("x");
                names = names.Length == 0 ? hex : names + " " + hex;
            }

            return names;
        }
    }
}
