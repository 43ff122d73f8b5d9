namespace FotaDevice.Update.Approval
{
    /// <summary>What a request asks the owner to approve. Each names one image (by hash) or, for a reset, none.</summary>
    public enum ApprovalAction
    {
        /// <summary>No request.</summary>
        None = 0,

        /// <summary>Run the image in the other slot on trial after the next restart (SMP test).</summary>
        Trial = 1,

        /// <summary>Switch to the image in the other slot for good, with no trial (SMP confirm of that image).</summary>
        Permanent = 2,

        /// <summary>Keep the running trial image: it stops being reverted (SMP confirm of the running image).</summary>
        ConfirmTrial = 3,

        /// <summary>Empty a slot (SMP image erase).</summary>
        Erase = 4,

        /// <summary>Restart while the running image is on trial, which reverts it (SMP reset).</summary>
        Reset = 5,
    }
}
