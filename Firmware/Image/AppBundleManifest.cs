using System.Text;

namespace FotaDevice.Image
{
    /// <summary>
    /// The manifest at the start of an app bundle (docs/image-format.md §2): runtime, entry
    /// point, required libraries and the table of assemblies carried in the body.
    /// </summary>
    public sealed class AppBundleManifest
    {
        /// <summary>Manifest magic, bytes "FTAB".</summary>
        public const uint Magic = 0x42415446;

        /// <summary>The manifest format this code reads.</summary>
        public const int Format = 1;

        /// <summary>Bytes needed to know the manifest's size: magic, format, manifest_size.</summary>
        public const int PrefixSize = 8;

        /// <summary>Size of the fixed fields before the entry point.</summary>
        public const int FixedSize = 12;

        /// <summary>Smallest manifest_size accepted.</summary>
        public const int MinSize = 16;

        /// <summary>Largest manifest_size accepted.</summary>
        public const int MaxSize = 1024;

        /// <summary>Most assemblies in a bundle.</summary>
        public const int MaxAssemblies = 32;

        /// <summary>Most requirements in a bundle.</summary>
        public const int MaxRequirements = 32;

        /// <summary>Bytes of an assembly table entry besides the name: length byte, version, u32 length.</summary>
        public const int AssemblyEntryOverhead = 1 + 8 + 4;

        /// <summary>Bytes of a requirement entry besides the name: length byte, version.</summary>
        public const int RequirementEntryOverhead = 1 + 8;

        private const ImageError E = ImageError.MalformedBundle;

        private int _runtime;
        private int _manifestSize;
        private string _entryPoint;
        private BundleRequirement[] _requirements;
        private BundleAssembly[] _assemblies;

        private AppBundleManifest()
        {
        }

        /// <summary>The runtime the bundle is for (<see cref="BundleRuntime"/>).</summary>
        public int Runtime
        {
            get { return _runtime; }
        }

        /// <summary>Size of the manifest in bytes; the assemblies follow it.</summary>
        public int ManifestSize
        {
            get { return _manifestSize; }
        }

        /// <summary>The entry point, "Namespace.Type.Method".</summary>
        public string EntryPoint
        {
            get { return _entryPoint; }
        }

        /// <summary>The libraries the device must already have.</summary>
        public BundleRequirement[] Requirements
        {
            get { return _requirements; }
        }

        /// <summary>The assemblies of the bundle, in load order.</summary>
        public BundleAssembly[] Assemblies
        {
            get { return _assemblies; }
        }

        /// <summary>
        /// Reads the first 8 bytes of a body: checks magic and format and returns manifest_size,
        /// checked against 16..1024 and <paramref name="bodySize"/>. Throws <see cref="ImageException"/>.
        /// </summary>
        public static int ReadSize(byte[] data, int offset, long bodySize)
        {
            uint magic = Binary.LittleEndian.ReadUInt32(data, offset);
            if (magic != Magic)
            {
                throw new ImageException(E, "body is not an app bundle (manifest magic 0x" + magic.ToString("x8") + ")");
            }

            int format = Binary.LittleEndian.ReadUInt16(data, offset + 4);
            if (format != Format)
            {
                throw new ImageException(E, "unsupported bundle format " + format.ToString());
            }

            int size = Binary.LittleEndian.ReadUInt16(data, offset + 6);
            if (size < MinSize || size > MaxSize)
            {
                throw new ImageException(E, "manifest size " + size.ToString() + " is outside 16..1024");
            }

            if (size > bodySize)
            {
                throw new ImageException(E, "manifest size " + size.ToString() + " is larger than the body");
            }

            return size;
        }

        /// <summary>
        /// Checks a whole manifest (<paramref name="available"/> bytes at <paramref name="offset"/>,
        /// at least its manifest_size) for a body of <paramref name="bodySize"/> bytes, without
        /// allocating. <paramref name="expectedRuntime"/> is the device's runtime, or
        /// <see cref="BundleRuntime.None"/> to accept any. Throws <see cref="ImageException"/>
        /// (<see cref="ImageError.MalformedBundle"/> or <see cref="ImageError.WrongRuntime"/>).
        /// </summary>
        public static void Check(byte[] data, int offset, int available, long bodySize, int expectedRuntime)
        {
            Walk(data, offset, available, bodySize, expectedRuntime, 0, null);
        }

        /// <summary>
        /// Reads a manifest as <see cref="Check"/> does and returns it; <paramref name="bodyOffset"/>
        /// (the image's header size) places the assemblies within the image.
        /// </summary>
        public static AppBundleManifest Parse(byte[] data, int offset, int available, long bodySize, int expectedRuntime, int bodyOffset)
        {
            AppBundleManifest manifest = new AppBundleManifest();
            Walk(data, offset, available, bodySize, expectedRuntime, bodyOffset, manifest);
            return manifest;
        }

        private static void Walk(byte[] d, int offset, int available, long bodySize, int expectedRuntime, int bodyOffset, AppBundleManifest into)
        {
            if (available < PrefixSize)
            {
                throw new ImageException(E, "manifest shorter than 8 bytes");
            }

            int size = ReadSize(d, offset, bodySize);
            if (size > available)
            {
                throw new ImageException(E, "manifest cut short");
            }

            int end = offset + size;
            int runtime = d[offset + 8];
            int assemblyCount = d[offset + 9];
            int requirementCount = d[offset + 10];
            int entryLength = d[offset + 11];
            if (runtime != BundleRuntime.NanoFramework && runtime != BundleRuntime.DotNet)
            {
                throw new ImageException(E, "unknown runtime " + runtime.ToString());
            }

            if (assemblyCount < 1 || assemblyCount > MaxAssemblies)
            {
                throw new ImageException(E, "assembly count " + assemblyCount.ToString() + " is outside 1..32");
            }

            if (requirementCount > MaxRequirements)
            {
                throw new ImageException(E, "requirement count " + requirementCount.ToString() + " is above 32");
            }

            int p = offset + FixedSize;
            if (entryLength == 0 || entryLength > end - p)
            {
                throw new ImageException(E, "entry point length " + entryLength.ToString() + " does not fit the manifest");
            }

            CheckEntryPoint(d, p, entryLength);
            int entry = p;
            p += entryLength;

            int requirements = p;
            for (int i = 0; i < requirementCount; i++)
            {
                p = CheckEntry(d, p, end, requirements, i, RequirementEntryOverhead, "requirement");
            }

            int assemblies = p;
            long total = 0;
            for (int i = 0; i < assemblyCount; i++)
            {
                p = CheckEntry(d, p, end, assemblies, i, AssemblyEntryOverhead, "assembly");
                uint length = Binary.LittleEndian.ReadUInt32(d, p - 4);
                if (length == 0)
                {
                    throw new ImageException(E, "assembly " + (i + 1).ToString() + " is empty");
                }

                total += length;
            }

            if (p != end)
            {
                throw new ImageException(E, "manifest_size " + size.ToString() + " is not the " + (p - offset).ToString() + " bytes its fields take");
            }

            if (total != bodySize - size)
            {
                throw new ImageException(E, "assemblies total " + total.ToString() + " bytes, the body has " + (bodySize - size).ToString() + " after the manifest");
            }

            if (expectedRuntime != BundleRuntime.None && runtime != expectedRuntime)
            {
                throw new ImageException(ImageError.WrongRuntime, "bundle is for runtime " + runtime.ToString() + ", this device runs " + expectedRuntime.ToString());
            }

            if (into != null)
            {
                into.Fill(d, offset, size, runtime, entry, entryLength, requirements, requirementCount, assemblies, assemblyCount, bodyOffset);
            }
        }

        private void Fill(byte[] d, int offset, int size, int runtime, int entry, int entryLength, int requirements, int requirementCount, int assemblies, int assemblyCount, int bodyOffset)
        {
            Encoding utf8 = Encoding.UTF8;
            _runtime = runtime;
            _manifestSize = size;
            _entryPoint = utf8.GetString(d, entry, entryLength);
            _requirements = new BundleRequirement[requirementCount];
            int p = requirements;
            for (int i = 0; i < requirementCount; i++)
            {
                int nameLength = d[p];
                string name = utf8.GetString(d, p + 1, nameLength);
                p += 1 + nameLength;
                _requirements[i] = new BundleRequirement(name, AssemblyVersion.Read(d, p));
                p += 8;
            }

            _assemblies = new BundleAssembly[assemblyCount];
            p = assemblies;
            int at = bodyOffset + size;
            for (int i = 0; i < assemblyCount; i++)
            {
                int nameLength = d[p];
                string name = utf8.GetString(d, p + 1, nameLength);
                p += 1 + nameLength;
                AssemblyVersion version = AssemblyVersion.Read(d, p);
                int length = (int)Binary.LittleEndian.ReadUInt32(d, p + 8);
                p += 12;
                _assemblies[i] = new BundleAssembly(name, version, at, length);
                at += length;
            }
        }

        // Entry point: clean UTF-8 without spaces, at least three non-empty dot-separated parts.
        private static void CheckEntryPoint(byte[] d, int p, int length)
        {
            if (!Utf8Text.IsCleanText(d, p, length))
            {
                throw new ImageException(E, "entry point is not clean UTF-8 text");
            }

            int dots = 0;
            int partLength = 0;
            for (int i = 0; i < length; i++)
            {
                int b = d[p + i];
                if (b == ' ')
                {
                    throw new ImageException(E, "entry point contains a space");
                }

                if (b == '.')
                {
                    if (partLength == 0)
                    {
                        break;
                    }

                    dots++;
                    partLength = 0;
                }
                else
                {
                    partLength++;
                }
            }

            if (dots < 2 || partLength == 0)
            {
                throw new ImageException(E, "entry point is not of the form Namespace.Type.Method");
            }
        }

        // One requirement or assembly entry at p (u8 name length, name, fixed part): checks it
        // fits, the name is clean and not used by an earlier entry of the same table (starting at
        // tableStart, entries before index). Returns the offset after the entry.
        private static int CheckEntry(byte[] d, int p, int end, int tableStart, int index, int overhead, string what)
        {
            if (end - p < 1)
            {
                throw new ImageException(E, what + " " + (index + 1).ToString() + " does not fit the manifest");
            }

            int nameLength = d[p];
            if (nameLength == 0 || nameLength + overhead > end - p)
            {
                throw new ImageException(E, what + " " + (index + 1).ToString() + " does not fit the manifest");
            }

            int name = p + 1;
            if (!Utf8Text.IsCleanText(d, name, nameLength))
            {
                throw new ImageException(E, what + " " + (index + 1).ToString() + " name is not clean UTF-8 text");
            }

            int q = tableStart;
            for (int k = 0; k < index; k++)
            {
                int otherLength = d[q];
                if (otherLength == nameLength && SameBytes(d, q + 1, name, nameLength))
                {
                    throw new ImageException(E, what + " " + (index + 1).ToString() + " repeats the name of " + what + " " + (k + 1).ToString());
                }

                q += overhead + otherLength;
            }

            return p + overhead + nameLength;
        }

        private static bool SameBytes(byte[] d, int a, int b, int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (d[a + i] != d[b + i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
