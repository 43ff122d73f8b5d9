namespace FotaDevice.Image
{
    /// <summary>
    /// What is wrong with an image: one code per kind of bad image, so a caller (and a test)
    /// can tell exactly which rule was broken. <see cref="ImageErrors.Describe"/> gives the text.
    /// </summary>
    public enum ImageError
    {
        /// <summary>Nothing wrong (so far).</summary>
        None = 0,

        /// <summary>The header magic is not 0x96f3b83d.</summary>
        BadMagic = 1,

        /// <summary><c>ih_hdr_size</c> is below 32 or above 4096.</summary>
        BadHeaderSize = 2,

        /// <summary><c>ih_protect_tlv_size</c> is not 0 and not within 4..1024.</summary>
        BadProtectedTlvSize = 3,

        /// <summary><c>ih_flags</c> is not 0 (encrypted, RAM load, non-bootable ... are not supported).</summary>
        BadFlags = 4,

        /// <summary>The declared image length is larger than the space it is meant for.</summary>
        TooLarge = 5,

        /// <summary><c>ih_img_size</c> is smaller than the smallest app bundle.</summary>
        BodyTooSmall = 6,

        /// <summary>More bytes arrived than the image declares.</summary>
        DataPastEnd = 7,

        /// <summary>The image ended before its declared length.</summary>
        Truncated = 8,

        /// <summary>A TLV area's info header has the wrong magic.</summary>
        BadTlvMagic = 9,

        /// <summary>A TLV area's declared size is wrong (too small, too large, or not what the header says).</summary>
        BadTlvAreaSize = 10,

        /// <summary>A TLV entry runs past the end of its area.</summary>
        MalformedTlv = 11,

        /// <summary>A TLV FotaDevice reads appears more than once.</summary>
        DuplicateTlv = 12,

        /// <summary>A TLV FotaDevice reads is in the wrong area (e.g. SEC_CNT outside the protected area).</summary>
        TlvInWrongArea = 13,

        /// <summary>A TLV FotaDevice reads has the wrong length or content (SHA256, KEYHASH, SEC_CNT, product).</summary>
        BadTlvValue = 14,

        /// <summary>There is no SHA256 TLV.</summary>
        MissingHash = 15,

        /// <summary>There is no KEYHASH or PUBKEY TLV (or there are both).</summary>
        MissingKey = 16,

        /// <summary>There is no ECDSA P-256 or Ed25519 signature TLV (or there are both).</summary>
        MissingSignature = 17,

        /// <summary>The key TLV comes after the signature TLV (MCUboot ignores such a signature).</summary>
        KeyAfterSignature = 18,

        /// <summary>The image uses a "pure" signature or a hash other than SHA-256 (not supported).</summary>
        UnsupportedSignatureScheme = 19,

        /// <summary>The body is not a well-formed app bundle.</summary>
        MalformedBundle = 20,

        /// <summary>The bundle is for another runtime than this device's.</summary>
        WrongRuntime = 21,

        /// <summary>The SHA-256 of header, body and protected TLVs differs from the SHA256 TLV.</summary>
        HashMismatch = 22,

        /// <summary>The PUBKEY TLV is not a well-formed P-256 or Ed25519 SubjectPublicKeyInfo.</summary>
        MalformedPublicKey = 23,

        /// <summary>The key the image names is not a trusted key.</summary>
        UnknownKey = 24,

        /// <summary>The signature TLV is for another algorithm than the key.</summary>
        KeyTypeMismatch = 25,

        /// <summary>The signature is not well-formed (bad DER, wrong length).</summary>
        MalformedSignature = 26,

        /// <summary>The signature does not verify with the key.</summary>
        BadSignature = 27,
    }

    /// <summary>Texts for <see cref="ImageError"/> codes.</summary>
    public static class ImageErrors
    {
        /// <summary>A one-line description of an error code.</summary>
        public static string Describe(ImageError error)
        {
            switch (error)
            {
                case ImageError.None: return "no error";
                case ImageError.BadMagic: return "not an MCUboot image (bad header magic)";
                case ImageError.BadHeaderSize: return "header size out of range (32..4096)";
                case ImageError.BadProtectedTlvSize: return "protected TLV size out of range (0 or 4..1024)";
                case ImageError.BadFlags: return "unsupported header flags (must be 0)";
                case ImageError.TooLarge: return "image larger than the space available";
                case ImageError.BodyTooSmall: return "image body too small for an app bundle";
                case ImageError.DataPastEnd: return "data past the declared end of the image";
                case ImageError.Truncated: return "image ends before its declared length";
                case ImageError.BadTlvMagic: return "bad TLV area magic";
                case ImageError.BadTlvAreaSize: return "bad TLV area size";
                case ImageError.MalformedTlv: return "TLV entry runs past the end of its area";
                case ImageError.DuplicateTlv: return "duplicate TLV";
                case ImageError.TlvInWrongArea: return "TLV in the wrong area";
                case ImageError.BadTlvValue: return "TLV with a bad length or value";
                case ImageError.MissingHash: return "no SHA256 TLV";
                case ImageError.MissingKey: return "no single key TLV (KEYHASH or PUBKEY)";
                case ImageError.MissingSignature: return "no single ECDSA P-256 or Ed25519 signature TLV";
                case ImageError.KeyAfterSignature: return "key TLV after the signature TLV";
                case ImageError.UnsupportedSignatureScheme: return "unsupported hash or signature scheme";
                case ImageError.MalformedBundle: return "malformed app bundle";
                case ImageError.WrongRuntime: return "app bundle for another runtime";
                case ImageError.HashMismatch: return "image hash mismatch";
                case ImageError.MalformedPublicKey: return "malformed public key";
                case ImageError.UnknownKey: return "image signed by an unknown key";
                case ImageError.KeyTypeMismatch: return "signature type does not match the key";
                case ImageError.MalformedSignature: return "malformed signature";
                case ImageError.BadSignature: return "signature does not verify";
                default: return "unknown error";
            }
        }
    }
}
