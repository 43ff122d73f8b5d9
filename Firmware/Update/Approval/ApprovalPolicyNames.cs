namespace FotaDevice.Update.Approval
{
    /// <summary>The names of the <see cref="ApprovalPolicy"/> values in the FOTA status and on the command line.</summary>
    public static class ApprovalPolicyNames
    {
        /// <summary>Every policy's name, by value (index 0 names no policy).</summary>
        public static readonly string[] All = new string[] { "none", "button", "window", "either", "code", "button+code", "window+code", "any" };

        /// <summary>The name of <paramref name="policy"/>.</summary>
        public static string Name(ApprovalPolicy policy)
        {
            int value = (int)policy;
            return value > 0 && value < All.Length ? All[value] : All[0];
        }

        /// <summary>The policy named <paramref name="name"/>; false if there is none of that name.</summary>
        public static bool TryParse(string name, out ApprovalPolicy policy)
        {
            for (int i = 1; i < All.Length; i++)
            {
                if (All[i] == name)
                {
                    policy = (ApprovalPolicy)i;
                    return true;
                }
            }

            policy = ApprovalPolicy.Either;
            return false;
        }
    }
}
