using System;
using System.Reflection;
using System.Threading;
using FotaDevice.Binary;
using FotaDevice.Image;
using FotaDevice.Platform;
using FotaDevice.Update.Boot;

namespace FotaDevice.Shim
{
    /// <summary>
    /// The device's app loader: reads the app bundle's manifest from the slot, loads each assembly
    /// with Assembly.Load (on nanoFramework a .pe image, which stays in RAM), finds the signed entry
    /// point (a public static method with no parameters) and runs it on a thread of its own.
    /// </summary>
    public sealed class BundleAppLoader : IAppLoader
    {
        /// <summary>What stays free for the app's own objects and the update service beside it, by default.</summary>
        public const int DefaultReserveBytes = 12 * 1024;

        private readonly ISlot[] _slots;
        private readonly int _runtime;
        private readonly IHeap _heap;
        private readonly int _reserve;
        private readonly byte[] _header = new byte[ImageFormat.HeaderSize];
        private AppFailedHandler _failed;
        private MethodInfo _entry;

        /// <summary>Creates the loader over the device's slots, for bundles of <paramref name="runtime"/>.</summary>
        public BundleAppLoader(ISlot[] slots, int runtime)
            : this(slots, runtime, null, 0)
        {
        }

        /// <summary>
        /// Creates the loader; before loading, it checks that the app's assemblies (which
        /// Assembly.Load keeps in the heap) and <paramref name="reserveBytes"/> more fit what
        /// <paramref name="heap"/> has free, and refuses with a clear message if not.
        /// </summary>
        public BundleAppLoader(ISlot[] slots, int runtime, IHeap heap, int reserveBytes)
        {
            _slots = slots;
            _runtime = runtime;
            _heap = heap;
            _reserve = reserveBytes;
        }

        /// <inheritdoc/>
        public void Start(int slot, SlotVerdict image, AppFailedHandler failed)
        {
            ISlot storage = _slots[slot];
            AppBundleManifest manifest = ReadManifest(storage);
            CheckItFits(manifest);
            Assembly[] loaded = new Assembly[manifest.Assemblies.Length];
            for (int i = 0; i < loaded.Length; i++)
            {
                BundleAssembly part = manifest.Assemblies[i];
                byte[] bytes = new byte[part.Length];
                if (storage.Read(part.Offset, bytes, 0, part.Length) != part.Length)
                {
                    throw new InvalidOperationException("assembly " + part.Name + " could not be read from the slot");
                }

                loaded[i] = Assembly.Load(bytes);
            }

            _entry = FindEntryPoint(loaded, manifest.EntryPoint);
            _failed = failed;
            Thread app = new Thread(new ThreadStart(Run));
            app.Start();
        }

        private void CheckItFits(AppBundleManifest manifest)
        {
            if (_heap == null)
            {
                return;
            }

            long need = _reserve;
            for (int i = 0; i < manifest.Assemblies.Length; i++)
            {
                need += manifest.Assemblies[i].Length;
            }

            long free = _heap.FreeBytes;
            if (need > free)
            {
                throw new InvalidOperationException("the app needs " + need.ToString() + " bytes of RAM to load (its assemblies and "
                    + _reserve.ToString() + " to run), the device has " + free.ToString() + " free: build it smaller or use a board with PSRAM");
            }
        }

        private AppBundleManifest ReadManifest(ISlot storage)
        {
            ImageHeader header = new ImageHeader();
            storage.Read(0, _header, 0, ImageFormat.HeaderSize);
            header.Read(_header, 0);
            byte[] prefix = new byte[AppBundleManifest.PrefixSize];
            storage.Read(header.HeaderSize, prefix, 0, prefix.Length);
            long bodySize = Signed.FromUInt64(header.ImageSize);
            int size = AppBundleManifest.ReadSize(prefix, 0, bodySize);
            byte[] manifest = new byte[size];
            storage.Read(header.HeaderSize, manifest, 0, size);
            return AppBundleManifest.Parse(manifest, 0, size, bodySize, _runtime, header.HeaderSize);
        }

        private static MethodInfo FindEntryPoint(Assembly[] assemblies, string entryPoint)
        {
            int dot = entryPoint.LastIndexOf('.');
            string typeName = entryPoint.Substring(0, dot);
            string methodName = entryPoint.Substring(dot + 1);
            for (int i = 0; i < assemblies.Length; i++)
            {
                Type type = assemblies[i].GetType(typeName);
                if ((object)type == null)
                {
                    continue;
                }

                MethodInfo method = type.GetMethod(methodName);
                if ((object)method != null && method.IsStatic && method.IsPublic)
                {
                    return method;
                }
            }

            throw new InvalidOperationException("entry point " + entryPoint + " (public static, no parameters) not found in the app");
        }

        private void Run()
        {
            try
            {
                _entry.Invoke(null, null);
            }
            catch (Exception e)
            {
                Exception cause = e.InnerException != null ? e.InnerException : e;
                _failed(cause.GetType().Name + ": " + cause.Message);
            }
        }
    }
}
