using FotaDevice.Platform.Storage;
using FotaDevice.Tests.Fakes;

namespace FotaDevice.Testing.Storage;

/// <summary>
/// A file system in memory under the device's real storage adapters (<see cref="FileSlot"/>,
/// <see cref="FileRecordStore"/>), as a flash medium: every file keeps the bytes its medium held
/// before it was emptied, so a torn write can leave old content behind. Storage operations — a
/// write to a file, and an open that empties one — are counted by a <see cref="PowerCutPlan"/>;
/// the one it cuts is torn as <see cref="Tear"/> says and throws <see cref="PowerCutException"/>,
/// and every later operation fails until the plan is restored. Reads are never cut.
/// </summary>
public sealed class FaultyFileSystem : IFileSystem
{
    private readonly Dictionary<string, Medium> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);

    public FaultyFileSystem(PowerCutPlan power) => Power = power;

    /// <summary>Counts the storage operations and decides which one is cut.</summary>
    public PowerCutPlan Power { get; }

    /// <summary>How the cut operation is torn.</summary>
    public Tear Tear { get; set; }

    /// <summary>Called after every write that landed whole (the campaign watches the boot records with it).</summary>
    public Action<string>? AfterWrite { get; set; }

    /// <inheritdoc/>
    public bool FileExists(string path) => _files.ContainsKey(path);

    /// <inheritdoc/>
    public void EnsureFolder(string path) => _folders.Add(path);

    /// <inheritdoc/>
    public Stream Open(string path, FileMode mode, FileAccess access)
    {
        var exists = _files.TryGetValue(path, out var medium);
        if (mode == FileMode.Open && !exists)
        {
            throw new FileNotFoundException("no such file", path);
        }

        medium ??= _files[path] = new Medium();
        if (mode == FileMode.Create || mode == FileMode.Truncate)
        {
            Empty(medium);
        }

        return new MediumStream(this, path, medium, access);
    }

    /// <summary>What the file at <paramref name="path"/> holds (null when there is none).</summary>
    public byte[]? Contents(string path) => _files.TryGetValue(path, out var medium) ? medium.Bytes.AsSpan(0, medium.Length).ToArray() : null;

    /// <summary>Writes a file past the power plan (setup: the factory's image and records).</summary>
    public void Put(string path, byte[] content)
    {
        var medium = _files.TryGetValue(path, out var existing) ? existing : _files[path] = new Medium();
        medium.Length = 0;
        medium.Place(0, content, 0, content.Length);
    }

    /// <summary>Flips one bit of a file (bit rot), past the power plan.</summary>
    public void FlipBit(string path, int offset, int bit) => _files[path].Bytes[offset] ^= (byte)(1 << bit);

    /// <summary>A copy of every file (content and the medium behind it), to go back to with <see cref="Restore"/>.</summary>
    public object Snapshot() => _files.ToDictionary(f => f.Key, f => f.Value.Clone());

    /// <summary>Puts back what <see cref="Snapshot"/> copied.</summary>
    public void Restore(object snapshot)
    {
        _files.Clear();
        foreach (var (path, medium) in (Dictionary<string, Medium>)snapshot)
        {
            _files[path] = medium.Clone();
        }
    }

    /// <summary>An erase: the file becomes empty (its medium keeps the old bytes).</summary>
    private void Empty(Medium medium)
    {
        var landed = Power.Begin(medium.Length);
        if (landed < 0)
        {
            medium.Length = 0;
            return;
        }

        switch (Tear)
        {
            case Tear.Prefix:
                medium.Length = Math.Min(medium.Length, landed);
                break;
            case Tear.Unwritten:
                medium.Length = 0;
                break;
        }

        Power.Cut();
    }

    private void Write(string path, Medium medium, long position, byte[] buffer, int offset, int count)
    {
        var at = (int)position;
        var landed = Power.Begin(count);
        if (landed < 0)
        {
            medium.Place(at, buffer, offset, count);
            AfterWrite?.Invoke(path);
            return;
        }

        switch (Tear)
        {
            case Tear.Prefix:
                medium.Place(at, buffer, offset, landed);
                break;
            case Tear.OldContent:
                medium.Grow(at + count);
                break;
            case Tear.Unwritten:
                medium.Place(at, Enumerable.Repeat((byte)0xFF, count).ToArray(), 0, count);
                break;
            case Tear.Zeroed:
                medium.Place(at, new byte[count], 0, count);
                break;
        }

        Power.Cut();
    }

    /// <summary>A file's bytes on the medium: <see cref="Length"/> of them are the file, the rest is what the medium held before.</summary>
    private sealed class Medium
    {
        public byte[] Bytes = [];

        public int Length;

        public void Place(int at, byte[] data, int offset, int count)
        {
            Grow(at + count);
            Array.Copy(data, offset, Bytes, at, count);
        }

        /// <summary>The file reaches <paramref name="length"/>; bytes never written read as erased flash.</summary>
        public void Grow(int length)
        {
            if (length > Bytes.Length)
            {
                var old = Bytes.Length;
                Array.Resize(ref Bytes, Math.Max(length, Bytes.Length * 2));
                Bytes.AsSpan(old).Fill(0xFF);
            }

            Length = Math.Max(Length, length);
        }

        public Medium Clone() => new() { Bytes = (byte[])Bytes.Clone(), Length = Length };
    }

    private sealed class MediumStream(FaultyFileSystem files, string path, Medium medium, FileAccess access) : Stream
    {
        private long _position;

        public override bool CanRead => (access & FileAccess.Read) != 0;

        public override bool CanSeek => true;

        public override bool CanWrite => (access & FileAccess.Write) != 0;

        public override long Length => medium.Length;

        public override long Position
        {
            get => _position;
            set => _position = value;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Max(0, Math.Min(count, medium.Length - _position));
            Array.Copy(medium.Bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            _position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => medium.Length + offset,
            };
            return _position;
        }

        public override void SetLength(long value) => throw new NotSupportedException("the adapters never set a length");

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (!CanWrite)
            {
                throw new NotSupportedException("opened for reading");
            }

            files.Write(path, medium, _position, buffer, offset, count);
            _position += count;
        }
    }
}
