namespace FotaDevice.Update.Approval
{
    /// <summary>The names of the <see cref="ApprovalAction"/>s in the FOTA group and the log (docs/smp-fota-group.md).</summary>
    public static class ApprovalActionNames
    {
        /// <summary>Every action a request can name, by value (index 0 is <see cref="ApprovalAction.None"/>).</summary>
        public static readonly string[] All = new string[] { "none", "test", "confirm", "confirm-trial", "erase", "reset" };

        /// <summary>The name of <paramref name="action"/> ("none" for anything unknown).</summary>
        public static string Name(ApprovalAction action)
        {
            int value = (int)action;
            return value > 0 && value < All.Length ? All[value] : All[0];
        }
    }
}
