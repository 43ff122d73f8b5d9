namespace FotaDevice.Platform.Storage
{
    /// <summary>
    /// The block buffer <see cref="FileSlot"/>s gather appends in, shared by the slots of a device:
    /// only one slot is written at a time (the one uploads go to), so they take turns, and a slot
    /// that takes the block flushes the bytes another slot still holds in it first. One buffer for
    /// both slots keeps 4 KiB of an ESP32's heap (about 50 KB) for the app.
    /// </summary>
    public sealed class WriteBlock
    {
        /// <summary>A block of <paramref name="size"/> bytes (the flash erase size: 4096).</summary>
        public WriteBlock(int size)
        {
            if (size <= 0)
            {
                throw new System.ArgumentOutOfRangeException("size");
            }

            Bytes = new byte[size];
        }

        /// <summary>The buffer.</summary>
        internal byte[] Bytes { get; private set; }

        /// <summary>The slot whose bytes the buffer holds now, or null.</summary>
        internal FileSlot Owner { get; set; }
    }
}
