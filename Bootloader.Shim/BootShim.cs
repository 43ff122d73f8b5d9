using System;
using FotaDevice.Apps;
using FotaDevice.Update;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;

namespace FotaDevice.Shim
{
    /// <summary>
    /// The deployed program's start: decide what runs (<see cref="BootDecision"/>), create the update
    /// service (<see cref="UpdateEngine"/>), and start the chosen app beside it. Whatever the app
    /// does — fail to load, throw, never confirm — the update service keeps running, so a broken app
    /// can still be replaced. The transport (BLE, UDP) is started by the platform's program.
    /// </summary>
    public sealed class BootShim
    {
        private readonly ShimPlatform _platform;
        private readonly ISlotVerifier _verifier;
        private readonly ApprovalSettings _settings;
        private readonly IAppLoader _loader;

        /// <summary>Creates the shim over the platform, a slot verifier (trusted keys, device identity) and an app loader.</summary>
        public BootShim(ShimPlatform platform, ISlotVerifier verifier, ApprovalSettings settings, IAppLoader loader)
        {
            _platform = platform;
            _verifier = verifier;
            _settings = settings;
            _loader = loader;
            TrialDeadlineMilliseconds = TrialWatchdog.DefaultDeadlineMilliseconds;
        }

        /// <summary>How long a trial app has to confirm itself before the device restarts and reverts it (default 5 min).</summary>
        public int TrialDeadlineMilliseconds { get; set; }

        /// <summary>
        /// The watchdog of this start's trial (after <see cref="Start"/>), or null when no trial runs.
        /// The platform's program calls its <see cref="TrialWatchdog.Poll"/> about once a second.
        /// </summary>
        public TrialWatchdog Watchdog { get; private set; }

        /// <summary>What this start decided (after <see cref="Start"/>).</summary>
        public BootPlan Plan { get; private set; }

        /// <summary>The update service of this start (after <see cref="Start"/>).</summary>
        public UpdateEngine Engine { get; private set; }

        /// <summary>True if the app was loaded and its entry point started.</summary>
        public bool AppStarted { get; private set; }

        /// <summary>Runs the boot decision, creates the update service and starts the app; returns the service.</summary>
        public UpdateEngine Start()
        {
            StartService();
            StartApp();
            return Engine;
        }

        /// <summary>
        /// The first half of <see cref="Start"/>: the boot decision and the update service, no app yet.
        /// A platform whose transport takes heap (the ESP32's SMP server and GATT link) sets it up
        /// next, then calls <see cref="StartApp"/>, so the app's fit check sees what is really free.
        /// </summary>
        public UpdateEngine StartService()
        {
            DeviceStart start = new DeviceStart(_platform.Slots, _platform.Records, _verifier, _settings, _platform.Button,
                _platform.Clock, _platform.Rebooter, _platform.Log);
            Plan = start.Plan;
            Engine = start.Engine;
            OwnerApproval approval = start.Approval;
            AppRuntime.Attach(Engine);
            Watchdog = Plan.Trial ? new TrialWatchdog(Engine, _platform.Clock, _platform.Log, TrialDeadlineMilliseconds) : null;

            if (approval.WindowOpen)
            {
                _platform.Log.Info("power-on: switches are approved for the next " + (approval.WindowRemainingMilliseconds / 1000) + " s");
            }

            return Engine;
        }

        /// <summary>The second half of <see cref="Start"/>: loads and starts the app the decision chose, if any (once).</summary>
        public void StartApp()
        {
            if (Engine == null)
            {
                throw new InvalidOperationException("StartService first");
            }

            if (AppStarted)
            {
                return;
            }

            if (Plan.RunSlot == BootState.NoSlot)
            {
                _platform.Log.Warn("no app to start: waiting for an update");
                return;
            }

            string what = "version " + Plan.Image.VersionText + " from slot " + BootDecision.SlotName(Plan.RunSlot);
            try
            {
                _loader.Start(Plan.RunSlot, Plan.Image, new AppFailedHandler(AppFailed));
                AppStarted = true;
                _platform.Log.Info("started " + what + (Plan.Trial ? " on trial: it must confirm itself" : ""));
            }
            catch (Exception e)
            {
                _platform.Log.Warn("could not start " + what + ": " + e.Message);
                if (Plan.Trial)
                {
                    _platform.Log.Warn("the trial image did not start: it will be reverted at the next restart");
                }
            }
        }

        /// <summary>
        /// The start's timed work; the platform's program calls it about once a second: the update
        /// service's (<see cref="UpdateEngine.Tick"/>) and the trial watchdog's.
        /// </summary>
        public void Tick()
        {
            if (Engine == null)
            {
                return;
            }

            Engine.Tick();
            if (Watchdog != null)
            {
                Watchdog.Poll();
            }
        }

        private void AppFailed(string message)
        {
            _platform.Log.Warn("the app stopped with an error: " + message
                + (Engine.RunningOnTrial ? " (on trial: it will be reverted at the next restart)" : ""));
        }
    }
}
