using FotaDevice.Platform;
using FotaDevice.Update;

namespace FotaDevice.Shim
{
    /// <summary>
    /// Reverts a trial app that hangs. nanoFramework has no managed watchdog on the ESP32, so an app
    /// on trial that never confirms itself and never crashes would run forever. If the running image
    /// is still on trial when the deadline passes, the watchdog restarts the device through the update
    /// service (the restart is recorded as the device's own, so it opens no approval window); the
    /// next start then finds the unconfirmed trial and goes back to the previous image.
    /// </summary>
    public sealed class TrialWatchdog
    {
        /// <summary>The default deadline: five minutes from the start of the trial.</summary>
        public const int DefaultDeadlineMilliseconds = 5 * 60 * 1000;

        private readonly UpdateEngine _engine;
        private readonly IClock _clock;
        private readonly ILog _log;
        private readonly long _deadline;
        private bool _fired;

        /// <summary>Watches <paramref name="engine"/>'s trial from now until <paramref name="deadlineMilliseconds"/> later.</summary>
        public TrialWatchdog(UpdateEngine engine, IClock clock, ILog log, int deadlineMilliseconds)
        {
            _engine = engine;
            _clock = clock;
            _log = log;
            _deadline = clock.UptimeMilliseconds + (deadlineMilliseconds > 0 ? deadlineMilliseconds : DefaultDeadlineMilliseconds);
        }

        /// <summary>True while a trial is being watched (not confirmed, restart not yet asked for).</summary>
        public bool Watching
        {
            get { return !_fired && _engine.RunningOnTrial; }
        }

        /// <summary>Milliseconds left before the restart, 0 once due.</summary>
        public long RemainingMilliseconds
        {
            get
            {
                long left = _deadline - _clock.UptimeMilliseconds;
                return left > 0 ? left : 0;
            }
        }

        /// <summary>
        /// Checks the trial (the shim calls this about once a second): restarts the device when the
        /// image is still on trial at the deadline. True when it asked for the restart.
        /// </summary>
        public bool Poll()
        {
            if (!Watching || RemainingMilliseconds > 0)
            {
                return false;
            }

            _fired = true;
            _log.Warn("the trial image did not confirm itself in time: restarting to go back to the previous image");
            if (_engine.Reboot() != UpdateStatus.Ok)
            {
                _log.Warn("the restart could not be recorded: trying again at the next check");
                _fired = false;
                return false;
            }

            return true;
        }
    }
}
