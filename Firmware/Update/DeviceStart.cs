using FotaDevice.Platform;
using FotaDevice.Update.Approval;
using FotaDevice.Update.Boot;
using FotaDevice.Update.State;

namespace FotaDevice.Update
{
    /// <summary>
    /// The one way a device starts its update service, on the ESP32, on the virtual device and in the
    /// tests alike: read the boot state, decide what runs (<see cref="BootDecision"/>), set up owner
    /// approval for this start, and create the <see cref="UpdateEngine"/>. The boot shim adds the app
    /// and the trial watchdog on top; the platform adds a transport.
    /// </summary>
    public sealed class DeviceStart
    {
        /// <summary>Runs the start over the platform's storage, clock, log, restart and approval button.</summary>
        public DeviceStart(ISlot[] slots, IRecordStore records, ISlotVerifier verifier, ApprovalSettings settings,
            ApprovalButton button, IClock clock, IRebooter rebooter, ILog log)
            : this(slots, records, verifier, settings, button, clock, rebooter, log, BootDecision.DefaultFullCheckEvery)
        {
        }

        /// <summary>As the other constructor, with the boot decision's full-check period (<see cref="BootDecision.FullCheckEvery"/>).</summary>
        public DeviceStart(ISlot[] slots, IRecordStore records, ISlotVerifier verifier, ApprovalSettings settings,
            ApprovalButton button, IClock clock, IRebooter rebooter, ILog log, int fullCheckEvery)
        {
            BootState state = new BootState();
            BootStateStore store = new BootStateStore(records);
            BootDecision decision = new BootDecision(store, verifier, log);
            decision.FullCheckEvery = fullCheckEvery;
            Plan = decision.Decide(state);
            Approval = new OwnerApproval(settings, clock, Plan);
            Engine = new UpdateEngine(slots, store, state, Plan, verifier, Approval, button, clock, rebooter, log);
        }

        /// <summary>What this start decided to run.</summary>
        public BootPlan Plan { get; private set; }

        /// <summary>The owner approval of this start (the power-on window, a waiting request).</summary>
        public OwnerApproval Approval { get; private set; }

        /// <summary>The update service of this start.</summary>
        public UpdateEngine Engine { get; private set; }
    }
}
