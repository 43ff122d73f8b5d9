namespace FotaDevice.Host.Keys;

/// <summary>A key file could not be read or written; the message says why in one line.</summary>
public sealed class KeyFileException(string message, Exception? inner = null) : Exception(message, inner);
