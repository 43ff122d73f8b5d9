namespace FotaDevice.Update.Approval
{
    /// <summary>How the owner approves a switch to a new image.</summary>
    public enum ApprovalPolicy
    {
        /// <summary>A press of the device's button only.</summary>
        ButtonOnly = 1,

        /// <summary>A request inside the window after power-on only.</summary>
        WindowOnly = 2,

        /// <summary>Either (the default).</summary>
        Either = 3,
    }
}
