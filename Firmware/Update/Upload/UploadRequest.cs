namespace FotaDevice.Update.Upload
{
    /// <summary>
    /// One upload request as the transport decoded it (SMP image upload): the chunk and, on the first
    /// chunk, the image's length, its "sha" and "upgrade". The uploader inspects it once and acts once
    /// (<see cref="UploadAction"/>). One instance may be reused for every request.
    /// </summary>
    public sealed class UploadRequest
    {
        /// <summary>Creates an empty request.</summary>
        public UploadRequest()
        {
            Reset();
        }

        /// <summary>Identifies the client (its connection); one client uploads at a time.</summary>
        public object Client { get; set; }

        /// <summary>Offset of this chunk in the image.</summary>
        public int Offset { get; set; }

        /// <summary>Array holding the chunk.</summary>
        public byte[] Data { get; set; }

        /// <summary>Where the chunk starts in <see cref="Data"/>.</summary>
        public int DataOffset { get; set; }

        /// <summary>Chunk length.</summary>
        public int Count { get; set; }

        /// <summary>The image's total length, given with the first chunk; -1 when absent.</summary>
        public int DeclaredLength { get; set; }

        /// <summary>Array holding the client's "sha", or null when it gave none.</summary>
        public byte[] Sha { get; set; }

        /// <summary>Where the "sha" starts in <see cref="Sha"/>.</summary>
        public int ShaOffset { get; set; }

        /// <summary>Its length: 32 for the image's whole SHA-256; shorter (1..31) names the upload only.</summary>
        public int ShaLength { get; set; }

        /// <summary>The client asks for an upgrade only: an image not newer than the running one is refused.</summary>
        public bool Upgrade { get; set; }

        /// <summary>True for a first chunk: offset 0 with the image's length.</summary>
        public bool IsFirst
        {
            get { return Offset == 0 && DeclaredLength >= 0; }
        }

        /// <summary>Forgets everything (no chunk, no length, no sha).</summary>
        public void Reset()
        {
            Client = null;
            Offset = 0;
            Data = null;
            DataOffset = 0;
            Count = 0;
            DeclaredLength = -1;
            Sha = null;
            ShaOffset = 0;
            ShaLength = 0;
            Upgrade = false;
        }

        /// <summary>Fills the request in one call (the fields as documented above; <paramref name="sha"/> null for none).</summary>
        public UploadRequest Set(object client, int offset, byte[] data, int dataOffset, int count, int declaredLength, byte[] sha, int shaOffset, int shaLength)
        {
            Reset();
            Client = client;
            Offset = offset;
            Data = data;
            DataOffset = dataOffset;
            Count = count;
            DeclaredLength = declaredLength;
            Sha = sha;
            ShaOffset = sha == null ? 0 : shaOffset;
            ShaLength = sha == null ? 0 : shaLength;
            return this;
        }
    }
}
