using System.Runtime.CompilerServices;

// The host tests check internal arithmetic (field, scalar, point operations) against big integers
// and BouncyCastle. The attribute exists in nanoFramework's mscorlib and costs nothing on the device.
[assembly: InternalsVisibleTo("FotaDevice.Tests")]
