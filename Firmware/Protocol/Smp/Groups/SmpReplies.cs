using FotaDevice.Protocol.Cbor;
using FotaDevice.Update;

namespace FotaDevice.Protocol.Smp.Groups
{
    /// <summary>Error replies with a reason: <c>{"rc": code, "rsn": "why"}</c>, valid for SMP v1 and v2 clients.</summary>
    internal static class SmpReplies
    {
        /// <summary>Writes an error with its reason and returns EOK (the body is the reply).</summary>
        public static int Error(CborWriter response, int rc, string reason)
        {
            response.Reset();
            response.WriteStartMap(reason == null ? 1 : 2);
            response.WriteTextString(SmpKeys.Rc);
            response.WriteInt32(rc);
            if (reason != null)
            {
                response.WriteTextString(SmpKeys.Rsn);
                response.WriteTextString(reason);
            }

            return SmpErrors.EOK;
        }

        /// <summary>The SMP error code for an <see cref="UpdateStatus"/>.</summary>
        public static int CodeOf(int status)
        {
            switch (status)
            {
                case UpdateStatus.Ok: return SmpErrors.EOK;
                case UpdateStatus.Busy: return SmpErrors.EBUSY;
                case UpdateStatus.TooLarge: return SmpErrors.ENOMEM;
                case UpdateStatus.InvalidRequest: return SmpErrors.EINVAL;
                case UpdateStatus.BadState: return SmpErrors.EBADSTATE;
                case UpdateStatus.NotFound: return SmpErrors.ENOENT;
                case UpdateStatus.Refused: return SmpErrors.EINVAL;
                case UpdateStatus.ApprovalRequired: return SmpErrors.EACCESSDENIED;
                default: return SmpErrors.EUNKNOWN;
            }
        }
    }
}
