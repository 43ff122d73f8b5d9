using FotaDevice.Update.Boot;

namespace FotaDevice.Shim
{
    /// <summary>
    /// Loads the app bundle stored in a slot and starts its entry point on a thread of its own
    /// (Assembly.Load of the .pe files on the ESP32; an assembly load context on the virtual device).
    /// </summary>
    public interface IAppLoader
    {
        /// <summary>
        /// Loads and starts the app in <paramref name="slot"/>, already checked by the boot decision.
        /// Returns once the app's thread is started; throws if the app cannot be loaded. An exception
        /// thrown later by the app itself is reported through <paramref name="failed"/>.
        /// </summary>
        void Start(int slot, SlotVerdict image, AppFailedHandler failed);
    }

    /// <summary>Called on the app's thread when the app's entry point throws.</summary>
    public delegate void AppFailedHandler(string message);
}
