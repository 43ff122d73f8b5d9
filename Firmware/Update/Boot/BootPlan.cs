namespace FotaDevice.Update.Boot
{
    /// <summary>What the boot shim does at this start: which slot to run, and how.</summary>
    public sealed class BootPlan
    {
        /// <summary>The slot whose app to start, or <see cref="FotaDevice.Update.State.BootState.NoSlot"/> to run only the update service.</summary>
        public int RunSlot { get; set; }

        /// <summary>True when the app runs on trial and must confirm itself before the next start.</summary>
        public bool Trial { get; set; }

        /// <summary>True when this start is taken for a power-on (the device did not record a restart of its own).</summary>
        public bool PowerOn { get; set; }

        /// <summary>
        /// True when the owner's approval window opens at this start: a power-on after a start that
        /// lived past the window, or a restart of the device's own made while a window was open (it
        /// keeps what was left, <see cref="WindowCarriedSeconds"/>); never at a start that carries out a
        /// switch, so no trial runs with the window open.
        /// </summary>
        public bool WindowOpens { get; set; }

        /// <summary>Seconds of a window carried over a restart of the device's own; 0 for a whole window.</summary>
        public int WindowCarriedSeconds { get; set; }

        /// <summary>The check of the slot to run (null when none runs).</summary>
        public SlotVerdict Image { get; set; }
    }
}
