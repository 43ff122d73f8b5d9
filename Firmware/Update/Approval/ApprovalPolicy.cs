namespace FotaDevice.Update.Approval
{
    /// <summary>
    /// Which of the owner's ways of approving a request count: a set of <see cref="ButtonOnly"/> (1),
    /// <see cref="WindowOnly"/> (2) and <see cref="CodeOnly"/> (4). Any one way the policy holds
    /// approves a request on its own. The values are bits and may be combined; every combination has a
    /// name.
    /// </summary>
    public enum ApprovalPolicy
    {
        /// <summary>A press of the device's button only.</summary>
        ButtonOnly = 1,

        /// <summary>A request inside the window after power-on only.</summary>
        WindowOnly = 2,

        /// <summary>Button or window (the default).</summary>
        Either = 3,

        /// <summary>A proof of the printed owner code only.</summary>
        CodeOnly = 4,

        /// <summary>Button or owner code.</summary>
        ButtonOrCode = 5,

        /// <summary>Window or owner code.</summary>
        WindowOrCode = 6,

        /// <summary>Button, window or owner code.</summary>
        Any = 7,
    }
}
