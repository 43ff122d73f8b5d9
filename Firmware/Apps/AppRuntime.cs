using FotaDevice.Update;

namespace FotaDevice.Apps
{
    /// <summary>
    /// What an application started by the boot shim may ask of the update service: whether it runs
    /// on trial, and to confirm itself once it knows it works. An app on trial that does not confirm
    /// itself before the next restart is replaced by the previous image.
    /// </summary>
    /// <example>
    /// <code>
    /// public static void Start()
    /// {
    ///     InitializeHardware();          // anything that could fail
    ///     if (AppRuntime.IsTrial)
    ///     {
    ///         AppRuntime.ConfirmSelf();  // this version works: keep it
    ///     }
    /// }
    /// </code>
    /// </example>
    public static class AppRuntime
    {
        private static UpdateEngine _engine;

        /// <summary>True while this app runs on trial and must confirm itself.</summary>
        public static bool IsTrial
        {
            get { return _engine != null && _engine.RunningOnTrial; }
        }

        /// <summary>The slot this app runs from (0 = A, 1 = B), or -1 when not started by the shim.</summary>
        public static int Slot
        {
            get { return _engine == null ? -1 : _engine.RunningSlot; }
        }

        /// <summary>
        /// Confirms the running image: it stays, and the device's anti-rollback counter rises to its
        /// security counter. True when confirmed (or confirmed already); false if it could not be recorded.
        /// </summary>
        public static bool ConfirmSelf()
        {
            return _engine != null && _engine.ConfirmRunning() == UpdateStatus.Ok;
        }

        /// <summary>
        /// Restarts the device the way the update service does: the restart is recorded first, so it
        /// does not open the owner's power-on approval window. An app that calls
        /// <c>Power.RebootDevice</c> directly is indistinguishable from a power cut or a crash: the
        /// device then treats its next start as a power-on. Returns only if the restart could not
        /// be recorded (false), or when not started by the shim.
        /// </summary>
        public static bool Restart()
        {
            return _engine != null && _engine.Reboot() == UpdateStatus.Ok;
        }

        /// <summary>Called by the boot shim once per start, before the app starts. Not for apps.</summary>
        public static void Attach(UpdateEngine engine)
        {
            _engine = engine;
        }
    }
}
