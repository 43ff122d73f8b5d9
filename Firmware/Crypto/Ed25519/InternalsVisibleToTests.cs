using System.Runtime.CompilerServices;

// The host tests check the field, scalar and point arithmetic directly against BigInteger.
[assembly: InternalsVisibleTo("FotaDevice.Tests")]
