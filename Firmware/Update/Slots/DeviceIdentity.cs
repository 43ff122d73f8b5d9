namespace FotaDevice.Update.Slots
{
    /// <summary>
    /// What makes an image this device's: the product it is built for, the runtime its app bundle
    /// targets, and the libraries the device has.
    /// </summary>
    public sealed class DeviceIdentity
    {
        /// <summary>Creates the identity.</summary>
        /// <param name="productId">The product/board id images must name (their FOTA_PRODUCT TLV); null accepts any.</param>
        /// <param name="runtime">The <see cref="FotaDevice.Image.BundleRuntime"/> the device runs.</param>
        /// <param name="libraries">The deployed libraries, checked against an image's requirements.</param>
        public DeviceIdentity(string productId, int runtime, ILibraryCatalog libraries)
        {
            ProductId = productId;
            Runtime = runtime;
            Libraries = libraries;
        }

        /// <summary>The product/board id images must name, or null to accept any.</summary>
        public string ProductId { get; private set; }

        /// <summary>The runtime app bundles must target.</summary>
        public int Runtime { get; private set; }

        /// <summary>The deployed libraries.</summary>
        public ILibraryCatalog Libraries { get; private set; }
    }
}
