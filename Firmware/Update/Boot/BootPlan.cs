namespace FotaDevice.Update.Boot
{
    /// <summary>What the boot shim does at this start: which slot to run, and how.</summary>
    public sealed class BootPlan
    {
        /// <summary>The slot whose app to start, or <see cref="FotaDevice.Update.State.BootState.NoSlot"/> to run only the update service.</summary>
        public int RunSlot { get; set; }

        /// <summary>True when the app runs on trial and must confirm itself before the next start.</summary>
        public bool Trial { get; set; }

        /// <summary>True when this start is taken for a power-on: the owner's approval window opens.</summary>
        public bool PowerOn { get; set; }

        /// <summary>The check of the slot to run (null when none runs).</summary>
        public SlotVerdict Image { get; set; }
    }
}
