using System;
using FotaDevice.Apps;

namespace DemoApp
{
    /// <summary>The demo application: says which version runs, and confirms itself when on trial.</summary>
    public static class App
    {
        /// <summary>The signed entry point the boot shim starts.</summary>
        public static void Start()
        {
            string version = typeof(App).Assembly.GetName().Version?.ToString(3) ?? "?";
#if DEMO_BROKEN
            Console.WriteLine("app   | demo app " + version + " starting...");
            throw new InvalidOperationException("demo app " + version + " is broken: its sensor driver fails at start");
#else
            Console.WriteLine("app   | hello from demo app " + version + (AppRuntime.IsTrial ? " (on trial)" : ""));
            if (AppRuntime.IsTrial)
            {
                bool confirmed = AppRuntime.ConfirmSelf();
                Console.WriteLine("app   | " + (confirmed ? "self-test passed: confirmed" : "could not confirm"));
            }
#endif
        }
    }
}
