using System;
using FotaDevice.Binary;
using FotaDevice.Crypto;

namespace FotaDevice.Image
{
    /// <summary>
    /// Validates an MCUboot image as it streams in (docs/image-format.md §3), chunk by chunk in
    /// any split, in fixed memory: the 32-byte header, the bundle manifest (≤ 1024 bytes) and the
    /// two TLV areas (≤ 1024 bytes each) are buffered, everything else only flows through SHA-256.
    /// </summary>
    /// <remarks>
    /// Usage: <see cref="Feed"/> every chunk in order, then <see cref="Finish"/>. Bad data is
    /// reported as early as possible (a declared length over the capacity as soon as the header
    /// is in), by an <see cref="ImageError"/> code, never an exception; after the first error the
    /// validator ignores further data. The signature is checked in <see cref="Finish"/>.
    /// <see cref="Reset"/> starts a new image. Buffers are allocated by the constructor; a
    /// <see cref="Feed"/> allocates nothing unless it finds an error. Not thread-safe.
    /// </remarks>
    public sealed class ImageValidator
    {
        private readonly KeyRing _keys;
        private readonly int _capacity;
        private readonly int _runtime;
        private readonly ISignatureVerifier _verifier;

        private readonly Sha256 _sha = new Sha256();
        private readonly Sha256 _fileSha = new Sha256();
        private readonly ImageHeader _header = new ImageHeader();
        private readonly TlvReader _tlv = new TlvReader();
        private readonly byte[] _headerBytes = new byte[ImageFormat.HeaderSize];
        private readonly byte[] _manifest;
        private readonly byte[] _protected = new byte[ImageFormat.MaxProtectedTlvSize];
        private readonly byte[] _unprotected = new byte[ImageFormat.MaxTlvAreaSize];
        private readonly byte[] _digest = new byte[ImageFormat.DigestSize];
        private readonly byte[] _keyHash = new byte[ImageFormat.DigestSize];
        private readonly byte[] _signature = new byte[DerSignature.RawSize];

        private int _position;
        private bool _headerRead;
        private int _bodyStart;
        private int _protectedStart;
        private int _tlvStart;
        private int _end;
        private int _manifestSize;
        private bool _manifestChecked;
        private bool _hashed;

        private bool _hasSecurityCounter;
        private uint _securityCounter;
        private int _productOffset;
        private int _productLength;
        private int _hashTlv;
        private int _keyType;
        private int _keyTlv;
        private int _keyTlvLength;
        private int _signatureType;
        private int _signatureTlv;
        private int _signatureTlvLength;

        private ImageError _error;
        private string _message;
        private ImageValidationResult _result;

        /// <summary>
        /// Creates a validator for images signed by one of <paramref name="keys"/>, at most
        /// <paramref name="capacity"/> bytes long, whose body is an app bundle for
        /// <paramref name="expectedRuntime"/> (or, with <see cref="BundleRuntime.None"/>, any body,
        /// not read as a bundle). Signatures are checked by <see cref="SignatureVerifier"/>.
        /// </summary>
        public ImageValidator(KeyRing keys, int capacity, int expectedRuntime)
            : this(keys, capacity, expectedRuntime, null)
        {
        }

        /// <summary>
        /// Creates a validator as <see cref="ImageValidator(KeyRing, int, int)"/> does, with
        /// another signature check (null: <see cref="SignatureVerifier"/>).
        /// </summary>
        public ImageValidator(KeyRing keys, int capacity, int expectedRuntime, ISignatureVerifier verifier)
        {
            if (keys == null)
            {
                throw new ArgumentNullException("keys");
            }

            if (capacity < ImageFormat.HeaderSize)
            {
                throw new ArgumentOutOfRangeException("capacity", "at least 32");
            }

            if (expectedRuntime != BundleRuntime.None && expectedRuntime != BundleRuntime.NanoFramework && expectedRuntime != BundleRuntime.DotNet)
            {
                throw new ArgumentOutOfRangeException("expectedRuntime", "a BundleRuntime value");
            }

            _keys = keys;
            _capacity = capacity;
            _runtime = expectedRuntime;
            _verifier = verifier != null ? verifier : new SignatureVerifier(keys);
            _manifest = expectedRuntime == BundleRuntime.None ? null : new byte[AppBundleManifest.MaxSize];
            Reset();
        }

        /// <summary>The first error found so far, or <see cref="ImageError.None"/>.</summary>
        public ImageError Error
        {
            get { return _error; }
        }

        /// <summary>Bytes fed so far.</summary>
        public int Position
        {
            get { return _position; }
        }

        /// <summary>The image's total length once its TLV area header is in, otherwise -1.</summary>
        public int DeclaredLength
        {
            get { return _end; }
        }

        /// <summary>True once all declared bytes are in (and no error was found).</summary>
        public bool IsComplete
        {
            get { return _end >= 0 && _position == _end && _error == ImageError.None; }
        }

        /// <summary>Forgets the current image; the validator is ready for a new one. Allocates nothing.</summary>
        public void Reset()
        {
            _sha.Reset();
            _fileSha.Reset();
            _position = 0;
            _headerRead = false;
            _bodyStart = 0;
            _protectedStart = 0;
            _tlvStart = 0;
            _end = -1;
            _manifestSize = 0;
            _manifestChecked = false;
            _hashed = false;
            _hasSecurityCounter = false;
            _securityCounter = 0;
            _productOffset = -1;
            _productLength = 0;
            _hashTlv = -1;
            _keyType = -1;
            _keyTlv = -1;
            _keyTlvLength = 0;
            _signatureType = -1;
            _signatureTlv = -1;
            _signatureTlvLength = 0;
            _error = ImageError.None;
            _message = null;
            _result = null;
        }

        /// <summary>
        /// Takes the next <paramref name="count"/> bytes of the image. Returns the first error found
        /// so far (<see cref="ImageError.None"/> if none). Throws only for bad arguments, or
        /// <see cref="InvalidOperationException"/> after <see cref="Finish"/>.
        /// </summary>
        public ImageError Feed(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || count > data.Length - offset)
            {
                throw new ArgumentOutOfRangeException("count", "offset and count must lie within data");
            }

            if (_result != null)
            {
                throw new InvalidOperationException("Finish was called; Reset before the next image");
            }

            if (_error != ImageError.None)
            {
                return _error;
            }

            try
            {
                Consume(data, offset, count);
            }
            catch (ImageException e)
            {
                _error = e.Error;
                _message = e.Message;
            }

            return _error;
        }

        private void Consume(byte[] data, int offset, int count)
        {
            while (count > 0)
            {
                int n;
                int p = _position;
                if (!_headerRead)
                {
                    n = Min(ImageFormat.HeaderSize - p, count);
                    Array.Copy(data, offset, _headerBytes, p, n);
                    _sha.Update(data, offset, n);
                }
                else if (p < _bodyStart)
                {
                    n = Min(_bodyStart - p, count);
                    _sha.Update(data, offset, n);
                }
                else if (p < _protectedStart)
                {
                    n = Min(_protectedStart - p, count);
                    if (_manifest != null && !_manifestChecked)
                    {
                        int at = p - _bodyStart;
                        int need = _manifestSize == 0 ? AppBundleManifest.PrefixSize : _manifestSize;
                        n = Min(need - at, n);
                        Array.Copy(data, offset, _manifest, at, n);
                    }

                    _sha.Update(data, offset, n);
                }
                else if (p < _tlvStart)
                {
                    n = Min(_tlvStart - p, count);
                    Array.Copy(data, offset, _protected, p - _protectedStart, n);
                    _sha.Update(data, offset, n);
                }
                else if (_end < 0)
                {
                    n = Min(_tlvStart + ImageFormat.TlvHeaderSize - p, count);
                    Array.Copy(data, offset, _unprotected, p - _tlvStart, n);
                }
                else if (p < _end)
                {
                    n = Min(_end - p, count);
                    Array.Copy(data, offset, _unprotected, p - _tlvStart, n);
                }
                else
                {
                    throw new ImageException(ImageError.DataPastEnd, "data past the end of the image (" + _end.ToString() + " bytes)");
                }

                _position = p + n;
                offset += n;
                count -= n;
                Advanced();
            }
        }

        // Acts on what the last step completed.
        private void Advanced()
        {
            int p = _position;
            if (!_headerRead)
            {
                if (p == ImageFormat.HeaderSize)
                {
                    ReadHeader();
                }
            }
            else if (_manifest != null && !_manifestChecked && p > _bodyStart && p <= _protectedStart)
            {
                int at = p - _bodyStart;
                if (_manifestSize == 0 && at == AppBundleManifest.PrefixSize)
                {
                    _manifestSize = AppBundleManifest.ReadSize(_manifest, 0, Signed.FromUInt64(_header.ImageSize));
                }

                if (_manifestSize != 0 && at == _manifestSize)
                {
                    AppBundleManifest.Check(_manifest, 0, _manifestSize, Signed.FromUInt64(_header.ImageSize), _runtime);
                    _manifestChecked = true;
                }
            }

            if (_headerRead && !_hashed && p == _tlvStart)
            {
                _sha.CopyTo(_fileSha); // the image hash covers a prefix of the file: one pass gives both
                _sha.Final(_digest, 0);
                _hashed = true;
                if (_header.ProtectedTlvSize != 0)
                {
                    CheckProtectedArea();
                }
            }

            if (_headerRead && _end < 0 && p == _tlvStart + ImageFormat.TlvHeaderSize)
            {
                ReadTlvAreaSize();
            }

            if (_end >= 0 && p == _end)
            {
                CheckTlvArea();
            }
        }

        private void ReadHeader()
        {
            _header.Read(_headerBytes, 0);
            _headerRead = true;
            _header.CheckFits(_capacity, _manifest == null ? 0 : AppBundleManifest.MinSize);
            _bodyStart = _header.HeaderSize;
            _protectedStart = _bodyStart + (int)_header.ImageSize;
            _tlvStart = _protectedStart + _header.ProtectedTlvSize;
        }

        private void ReadTlvAreaSize()
        {
            int magic = Binary.LittleEndian.ReadUInt16(_unprotected, 0);
            if (magic != ImageFormat.TlvInfoMagic)
            {
                throw new ImageException(ImageError.BadTlvMagic, "TLV area magic 0x" + magic.ToString("x4") + ", expected 0x6907");
            }

            int total = Binary.LittleEndian.ReadUInt16(_unprotected, 2);
            if (total < ImageFormat.TlvHeaderSize || total > ImageFormat.MaxTlvAreaSize)
            {
                throw new ImageException(ImageError.BadTlvAreaSize, "TLV area size " + total.ToString() + " is outside 4..1024");
            }

            if ((long)_tlvStart + total > _capacity)
            {
                throw new ImageException(ImageError.TooLarge, "image of " + (_tlvStart + total).ToString() + " bytes, only " + _capacity.ToString() + " available");
            }

            _end = _tlvStart + total;
        }

        private void CheckProtectedArea()
        {
            TlvReader r = _tlv;
            r.Open(_protected, 0, _header.ProtectedTlvSize, ImageFormat.ProtectedTlvInfoMagic);
            while (r.Next())
            {
                int type = r.Type;
                if (type == ImageFormat.TlvSecurityCounter)
                {
                    if (_hasSecurityCounter)
                    {
                        throw Duplicate(type);
                    }

                    if (r.Length != ImageFormat.SecurityCounterSize)
                    {
                        throw new ImageException(ImageError.BadTlvValue, "SEC_CNT TLV of " + r.Length.ToString() + " bytes, expected 4");
                    }

                    _hasSecurityCounter = true;
                    _securityCounter = Binary.LittleEndian.ReadUInt32(_protected, r.ValueOffset);
                }
                else if (type == ImageFormat.TlvProductId)
                {
                    if (_productOffset >= 0)
                    {
                        throw Duplicate(type);
                    }

                    if (r.Length < 1 || r.Length > ImageFormat.MaxProductIdSize || !Utf8Text.IsCleanText(_protected, r.ValueOffset, r.Length))
                    {
                        throw new ImageException(ImageError.BadTlvValue, "product TLV is not 1..64 bytes of clean UTF-8 text");
                    }

                    _productOffset = r.ValueOffset;
                    _productLength = r.Length;
                }
                else if (IsUnprotectedType(type))
                {
                    throw new ImageException(ImageError.TlvInWrongArea, "TLV 0x" + type.ToString("x2") + " in the protected area");
                }
            }
        }

        private void CheckTlvArea()
        {
            TlvReader r = _tlv;
            r.Open(_unprotected, 0, _end - _tlvStart, ImageFormat.TlvInfoMagic);
            bool otherHash = false;
            bool signatureFirst = false;
            while (r.Next())
            {
                int type = r.Type;
                if (type == ImageFormat.TlvSha256)
                {
                    if (_hashTlv >= 0)
                    {
                        throw Duplicate(type);
                    }

                    if (r.Length != ImageFormat.DigestSize)
                    {
                        throw new ImageException(ImageError.BadTlvValue, "SHA256 TLV of " + r.Length.ToString() + " bytes, expected 32");
                    }

                    _hashTlv = r.ValueOffset;
                }
                else if (type == ImageFormat.TlvKeyHash || type == ImageFormat.TlvPublicKey)
                {
                    if (_keyTlv >= 0)
                    {
                        throw _keyType == type ? Duplicate(type) : new ImageException(ImageError.MissingKey, "both KEYHASH and PUBKEY TLVs");
                    }

                    if (type == ImageFormat.TlvKeyHash && r.Length != ImageFormat.DigestSize)
                    {
                        throw new ImageException(ImageError.BadTlvValue, "KEYHASH TLV of " + r.Length.ToString() + " bytes, expected 32");
                    }

                    _keyType = type;
                    _keyTlv = r.ValueOffset;
                    _keyTlvLength = r.Length;
                }
                else if (type == ImageFormat.TlvEcdsaSignature || type == ImageFormat.TlvEd25519Signature)
                {
                    if (_signatureTlv >= 0)
                    {
                        throw _signatureType == type ? Duplicate(type) : new ImageException(ImageError.MissingSignature, "both ECDSA and Ed25519 signature TLVs");
                    }

                    signatureFirst = _keyTlv < 0;
                    _signatureType = type;
                    _signatureTlv = r.ValueOffset;
                    _signatureTlvLength = r.Length;
                }
                else if (type == ImageFormat.TlvSignaturePure)
                {
                    throw new ImageException(ImageError.UnsupportedSignatureScheme, "pure signatures (SIG_PURE TLV) are not supported");
                }
                else if (type == ImageFormat.TlvSha384 || type == ImageFormat.TlvSha512)
                {
                    otherHash = true;
                }
                else if (type == ImageFormat.TlvSecurityCounter || type == ImageFormat.TlvProductId)
                {
                    throw new ImageException(ImageError.TlvInWrongArea, "TLV 0x" + type.ToString("x2") + " outside the protected area");
                }
            }

            if (_hashTlv < 0)
            {
                if (otherHash)
                {
                    throw new ImageException(ImageError.UnsupportedSignatureScheme, "image hash is not SHA-256");
                }

                throw new ImageException(ImageError.MissingHash, "no SHA256 TLV");
            }

            if (_keyTlv < 0)
            {
                throw new ImageException(ImageError.MissingKey, "no KEYHASH or PUBKEY TLV");
            }

            if (_signatureTlv < 0)
            {
                throw new ImageException(ImageError.MissingSignature, "no ECDSA P-256 or Ed25519 signature TLV");
            }

            if (signatureFirst)
            {
                throw new ImageException(ImageError.KeyAfterSignature, "the signature TLV comes before the key TLV");
            }
        }

        /// <summary>
        /// Ends the image: checks the hash, finds the key and verifies the signature, and returns
        /// everything found. Call once per image (again: the same result). Allocates the result.
        /// </summary>
        public ImageValidationResult Finish()
        {
            if (_result != null)
            {
                return _result;
            }

            if (_error == ImageError.None && !IsComplete)
            {
                _error = ImageError.Truncated;
                _message = "image ended after " + _position.ToString() + " bytes, before its " + (_end < 0 ? "TLV area" : "declared " + _end.ToString() + " bytes");
            }

            ImageValidationResult result = new ImageValidationResult();
            if (_error == ImageError.None)
            {
                _fileSha.Update(_unprotected, 0, _end - _tlvStart);
                result._fileHash = new byte[ImageFormat.DigestSize];
                _fileSha.Final(result._fileHash, 0);
                try
                {
                    Authenticate(result);
                }
                catch (ImageException e)
                {
                    _error = e.Error;
                    _message = e.Message;
                }
            }

            Describe(result);
            _result = result;
            return result;
        }

        private void Authenticate(ImageValidationResult result)
        {
            byte[] tlvs = _unprotected;
            for (int i = 0; i < ImageFormat.DigestSize; i++)
            {
                if (tlvs[_hashTlv + i] != _digest[i])
                {
                    throw new ImageException(ImageError.HashMismatch, "the SHA256 TLV does not match the image");
                }
            }

            int keyHashOffset = _keyTlv;
            byte[] keyHash = tlvs;
            if (_keyType == ImageFormat.TlvPublicKey)
            {
                int keyOffset;
                int keyLength;
                PublicKeyInfo.Inspect(tlvs, _keyTlv, _keyTlvLength, out keyOffset, out keyLength);
                _sha.Reset();
                _sha.Update(tlvs, _keyTlv, _keyTlvLength);
                _sha.Final(_keyHash, 0);
                keyHash = _keyHash;
                keyHashOffset = 0;
            }

            result._keyHash = new byte[ImageFormat.DigestSize];
            Array.Copy(keyHash, keyHashOffset, result._keyHash, 0, ImageFormat.DigestSize);
            TrustedKey key = _keys.Find(keyHash, keyHashOffset);
            if (key == null)
            {
                throw new ImageException(ImageError.UnknownKey, "the image is signed by a key this device does not trust");
            }

            result._key = key;
            KeyAlgorithm algorithm = _signatureType == ImageFormat.TlvEcdsaSignature ? KeyAlgorithm.EcdsaP256 : KeyAlgorithm.Ed25519;
            if (key.Algorithm != algorithm)
            {
                throw new ImageException(ImageError.KeyTypeMismatch, "signature TLV 0x" + _signatureType.ToString("x2") + " does not match the key's algorithm");
            }

            if (algorithm == KeyAlgorithm.EcdsaP256)
            {
                DerSignature.Decode(tlvs, _signatureTlv, _signatureTlvLength, _signature, 0);
            }
            else
            {
                if (_signatureTlvLength != DerSignature.RawSize)
                {
                    throw new ImageException(ImageError.MalformedSignature, "Ed25519 signature of " + _signatureTlvLength.ToString() + " bytes, expected 64");
                }

                Array.Copy(tlvs, _signatureTlv, _signature, 0, DerSignature.RawSize);
            }

            if (!_verifier.Verify(key, _digest, 0, _signature, 0))
            {
                throw new ImageException(ImageError.BadSignature, "the signature does not verify");
            }

            result._signatureValid = true;
        }

        private void Describe(ImageValidationResult result)
        {
            result._error = _error;
            result._message = _message;
            if (!_headerRead)
            {
                return;
            }

            result._header = _header.Clone();
            result._totalLength = _end < 0 ? 0 : _end;
            if (_hashed)
            {
                result._imageHash = new byte[ImageFormat.DigestSize];
                Array.Copy(_digest, result._imageHash, ImageFormat.DigestSize);
                result._hasSecurityCounter = _hasSecurityCounter;
                result._securityCounter = _securityCounter;
                if (_productOffset >= 0)
                {
                    result._productId = System.Text.Encoding.UTF8.GetString(_protected, _productOffset, _productLength);
                }
            }

            if (_manifestChecked)
            {
                result._manifest = AppBundleManifest.Parse(_manifest, 0, _manifestSize, Signed.FromUInt64(_header.ImageSize), _runtime, _bodyStart);
            }

        }

        private static bool IsUnprotectedType(int type)
        {
            return type == ImageFormat.TlvKeyHash || type == ImageFormat.TlvPublicKey || type == ImageFormat.TlvSha256
                || type == ImageFormat.TlvEcdsaSignature || type == ImageFormat.TlvEd25519Signature || type == ImageFormat.TlvSignaturePure;
        }

        private static ImageException Duplicate(int type)
        {
            return new ImageException(ImageError.DuplicateTlv, "TLV 0x" + type.ToString("x2") + " appears more than once");
        }

        private static int Min(int a, int b)
        {
            return a < b ? a : b;
        }
    }
}
