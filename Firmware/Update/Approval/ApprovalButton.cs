namespace FotaDevice.Update.Approval
{
    /// <summary>Receives the presses of an <see cref="ApprovalButton"/>.</summary>
    internal delegate void PressHandler();

    /// <summary>
    /// The owner's button, the only way a press reaches the update engine. The platform creates it,
    /// gives it to the engine at construction, and keeps it for its button adapter (the GPIO watcher,
    /// the virtual device's console): the engine has no public way to be pressed, so nothing that
    /// holds the engine — a transport, the SMP server, an app — can approve anything.
    /// </summary>
    public sealed class ApprovalButton
    {
        private readonly object _sync = new object();
        private PressHandler _handler;
        private UpdateEngine _engine;

        /// <summary>The owner pressed the button (called by the platform's button adapter only).</summary>
        public void Press()
        {
            PressHandler handler;
            lock (_sync)
            {
                handler = _handler;
            }

            if (handler != null)
            {
                handler();
            }
        }

        /// <summary>True while a request waits for a press (a button adapter shows it, e.g. by blinking an LED).</summary>
        public bool Waiting
        {
            get
            {
                UpdateEngine engine;
                lock (_sync)
                {
                    engine = _engine;
                }

                return engine != null && engine.Approval.WaitingAction != ApprovalAction.None;
            }
        }

        /// <summary>The engine of this start takes the button (a restart hands it to the next engine).</summary>
        internal void Attach(UpdateEngine engine, PressHandler handler)
        {
            lock (_sync)
            {
                _engine = engine;
                _handler = handler;
            }
        }
    }
}
