namespace FotaDevice.Update.Upload
{
    /// <summary>What the inspection of an upload request decided (<see cref="Uploader"/>): exactly one action follows.</summary>
    internal enum UploadAction
    {
        /// <summary>Refused: nothing changes; the reply carries the status and why.</summary>
        Refuse,

        /// <summary>Not written (a duplicate, a gap, an overlap, an empty chunk): the reply says where to continue.</summary>
        Report,

        /// <summary>A new image: empty the slot, record the upload, then store the chunk.</summary>
        Begin,

        /// <summary>The upload in progress, named again by its first chunk: continue from where the slot ends.</summary>
        Resume,

        /// <summary>The next chunk of the upload in progress: store it.</summary>
        Append,
    }
}
