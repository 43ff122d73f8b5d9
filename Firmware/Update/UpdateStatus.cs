namespace FotaDevice.Update
{
    /// <summary>Outcomes of update-engine operations; the SMP layer maps them to SMP error codes.</summary>
    public static class UpdateStatus
    {
        /// <summary>Done.</summary>
        public const int Ok = 0;

        /// <summary>Another client's upload is in progress.</summary>
        public const int Busy = 1;

        /// <summary>The declared image does not fit the slot.</summary>
        public const int TooLarge = 2;

        /// <summary>The request contradicts itself or the upload (data past the declared length, no length on the first chunk).</summary>
        public const int InvalidRequest = 3;

        /// <summary>Not now: a trial is running, or the slot is the one running.</summary>
        public const int BadState = 4;

        /// <summary>No image with that hash.</summary>
        public const int NotFound = 5;

        /// <summary>The image fails its check (hash, signature, version, counter, product, libraries).</summary>
        public const int Refused = 6;

        /// <summary>The owner has not approved: press the button on the device.</summary>
        public const int ApprovalRequired = 7;

        /// <summary>Storage failed; nothing was changed.</summary>
        public const int StorageError = 8;
    }
}
