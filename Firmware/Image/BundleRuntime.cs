namespace FotaDevice.Image
{
    /// <summary>The runtimes an app bundle can be for (the manifest's <c>runtime</c> byte).</summary>
    public static class BundleRuntime
    {
        /// <summary>
        /// Not a runtime: given to <see cref="ImageValidator"/>, the body is not read as a bundle
        /// (for images whose body is something else, e.g. made by imgtool from any file).
        /// </summary>
        public const int None = 0;

        /// <summary>nanoFramework: the assemblies are .pe files.</summary>
        public const int NanoFramework = 1;

        /// <summary>.NET: the assemblies are .NET assemblies (the virtual device).</summary>
        public const int DotNet = 2;
    }
}
