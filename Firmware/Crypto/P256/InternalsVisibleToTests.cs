using System.Runtime.CompilerServices;

// The host tests check the P-256 internals (field, scalar and point arithmetic) directly
// against big-integer and BouncyCastle results.
[assembly: InternalsVisibleTo("FotaDevice.Tests")]
