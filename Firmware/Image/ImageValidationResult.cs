namespace FotaDevice.Image
{
    /// <summary>
    /// What <see cref="ImageValidator.Finish"/> found: the error (or <see cref="ImageError.None"/>),
    /// and whatever of the image could be read before it.
    /// </summary>
    public sealed class ImageValidationResult
    {
        internal ImageError _error;
        internal string _message;
        internal ImageHeader _header;
        internal int _totalLength;
        internal bool _hasSecurityCounter;
        internal uint _securityCounter;
        internal string _productId;
        internal AppBundleManifest _manifest;
        internal byte[] _imageHash;
        internal byte[] _fileHash;
        internal byte[] _keyHash;
        internal TrustedKey _key;
        internal bool _signatureValid;
        internal bool _sealed;

        internal ImageValidationResult()
        {
        }

        /// <summary>
        /// SHA-256 of the whole image file, TLV area included (what an SMP upload's "sha" names), when
        /// the image was complete and well formed; otherwise null.
        /// </summary>
        public byte[] FileHash
        {
            get { return _fileHash; }
        }

        /// <summary>
        /// True when the hash and signature were not computed again but taken from a verdict the caller
        /// sealed before (<see cref="ImageValidator.FinishSealed"/>); everything else was checked.
        /// </summary>
        public bool Sealed
        {
            get { return _sealed; }
        }

        /// <summary>True if the image passed every check, the signature included.</summary>
        public bool IsValid
        {
            get { return _error == ImageError.None && _signatureValid; }
        }

        /// <summary>The first rule the image broke, or <see cref="ImageError.None"/>.</summary>
        public ImageError Error
        {
            get { return _error; }
        }

        /// <summary>The error's details, or null.</summary>
        public string Message
        {
            get { return _message; }
        }

        /// <summary>The header, or null if it was not read.</summary>
        public ImageHeader Header
        {
            get { return _header; }
        }

        /// <summary>The image version, or null if the header was not read.</summary>
        public ImageVersion Version
        {
            get { return _header == null ? null : _header.Version; }
        }

        /// <summary>Image length from header and TLV areas (0 until known).</summary>
        public int TotalLength
        {
            get { return _totalLength; }
        }

        /// <summary>True if the protected area has a SEC_CNT TLV.</summary>
        public bool HasSecurityCounter
        {
            get { return _hasSecurityCounter; }
        }

        /// <summary>The security counter (0 if none).</summary>
        public uint SecurityCounter
        {
            get { return _securityCounter; }
        }

        /// <summary>The product identity from the FOTA_PRODUCT TLV, or null.</summary>
        public string ProductId
        {
            get { return _productId; }
        }

        /// <summary>The app bundle manifest, or null (not read, or the body was not read as a bundle).</summary>
        public AppBundleManifest Manifest
        {
            get { return _manifest; }
        }

        /// <summary>The SHA-256 computed over header, body and protected TLVs, or null if not reached.</summary>
        public byte[] ImageHash
        {
            get { return _imageHash; }
        }

        /// <summary>The key hash the image names (from KEYHASH, or computed from PUBKEY), or null.</summary>
        public byte[] KeyHash
        {
            get { return _keyHash; }
        }

        /// <summary>The trusted key the image names, or null; it signed the image only if <see cref="SignatureValid"/>.</summary>
        public TrustedKey Key
        {
            get { return _key; }
        }

        /// <summary>True if the signature was checked and verifies.</summary>
        public bool SignatureValid
        {
            get { return _signatureValid; }
        }
    }
}
