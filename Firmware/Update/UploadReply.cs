namespace FotaDevice.Update
{
    /// <summary>The answer to one upload chunk. One instance is reused for every chunk.</summary>
    public sealed class UploadReply
    {
        /// <summary>An <see cref="UpdateStatus"/> value.</summary>
        public int Status { get; set; }

        /// <summary>What went wrong, for people (null when <see cref="Status"/> is Ok).</summary>
        public string Message { get; set; }

        /// <summary>The offset the device expects next: the client continues from here.</summary>
        public int NextOffset { get; set; }

        /// <summary>True when this chunk completed the image.</summary>
        public bool Complete { get; set; }

        /// <summary>True when the client gave the image's SHA-256 and the upload is complete.</summary>
        public bool HasMatch { get; set; }

        /// <summary>True when the stored image's SHA-256 equals the one the client gave.</summary>
        public bool Match { get; set; }

        internal void Reset()
        {
            Status = UpdateStatus.Ok;
            Message = null;
            NextOffset = 0;
            Complete = false;
            HasMatch = false;
            Match = false;
        }

        internal UploadReply Fail(int status, string message)
        {
            Status = status;
            Message = message;
            return this;
        }
    }
}
