namespace FotaDevice.Testing.Storage;

/// <summary>
/// What a storage operation cut by the power leaves. A write (a slot block, a boot-record copy) and
/// an erase (a file emptied by <see cref="FileMode.Create"/>) each read the variant their own way.
/// </summary>
public enum Tear
{
    /// <summary>Write: a random prefix of the new bytes landed. Erase: the file was cut to a random prefix of its old content.</summary>
    Prefix,

    /// <summary>Write: the file has its new length but the old content of the medium there (the data blocks were never written). Erase: not done.</summary>
    OldContent,

    /// <summary>Write: the file has its new length, the new part reads as erased flash (0xFF). Erase: done (the cut came right after).</summary>
    Unwritten,

    /// <summary>Write: the file has its new length, the new part reads as zeros. Erase: not done.</summary>
    Zeroed,
}
