using System.Reflection;
using System.Runtime.Loader;
using FotaDevice.Host.Images;
using FotaDevice.Platform;
using FotaDevice.Shim;
using FotaDevice.Update.Boot;

namespace FotaDevice.Host.VirtualDevice;

/// <summary>
/// The virtual device's app loader: reads the app bundle from the slot, loads its .NET assemblies
/// into a collectible load context (the device library itself comes from the device's own context,
/// so the app's <see cref="Apps.AppRuntime"/> is the shim's), and runs the signed entry point on a
/// thread of its own, as the ESP32 shim does with Assembly.Load of .pe files.
/// </summary>
public sealed class DotNetAppLoader(ISlot[] slots) : IAppLoader
{
    private AssemblyLoadContext? _context;

    /// <summary>The app's thread, while it runs.</summary>
    public Thread? AppThread { get; private set; }

    public void Start(int slot, SlotVerdict image, AppFailedHandler failed)
    {
        var bytes = new byte[slots[slot].Length];
        slots[slot].Read(0, bytes, 0, bytes.Length);
        var manifest = ImageReader.Read(bytes).Manifest
            ?? throw new InvalidOperationException("the image holds no app bundle");

        var context = new AssemblyLoadContext($"app in slot {BootDecision.SlotName(slot)}, version {image.Version}", isCollectible: true);
        var loaded = new List<Assembly>();
        foreach (var assembly in manifest.Assemblies)
        {
            using var stream = new MemoryStream(bytes, assembly.Offset, assembly.Length, writable: false);
            loaded.Add(context.LoadFromStream(stream));
        }

        var entry = FindEntryPoint(loaded, manifest.EntryPoint);
        Stop();
        _context = context;
        AppThread = new Thread(() => Run(entry, failed)) { IsBackground = true, Name = "app" };
        AppThread.Start();
    }

    /// <summary>
    /// Lets go of the previous app at a restart. .NET cannot stop a thread: an app that never
    /// returns keeps its thread (a background thread, so the process can still exit).
    /// </summary>
    public void Stop()
    {
        _context?.Unload();
        _context = null;
        AppThread = null;
    }

    private static MethodInfo FindEntryPoint(List<Assembly> assemblies, string entryPoint)
    {
        var dot = entryPoint.LastIndexOf('.');
        var typeName = entryPoint[..dot];
        var methodName = entryPoint[(dot + 1)..];
        foreach (var assembly in assemblies)
        {
            var type = assembly.GetType(typeName, throwOnError: false);
            var method = type?.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes);
            if (method != null)
            {
                return method;
            }
        }

        throw new InvalidOperationException($"entry point {entryPoint} (public static, no parameters) not found in the bundle");
    }

    private static void Run(MethodInfo entry, AppFailedHandler failed)
    {
        try
        {
            entry.Invoke(null, null);
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            failed($"{e.InnerException.GetType().Name}: {e.InnerException.Message}");
        }
        catch (Exception e)
        {
            failed($"{e.GetType().Name}: {e.Message}");
        }
    }
}
