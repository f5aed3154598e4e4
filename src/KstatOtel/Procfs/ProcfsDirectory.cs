using System.Runtime.InteropServices;
using KstatOtel.Interop;

namespace KstatOtel.Procfs;

/// <summary>
/// A procfs directory kept open and listed with getdents64(2) into a reused buffer, rewound with lseek before each
/// listing: lists the pids of /proc, the tids of /proc/[pid]/task, or counts /proc/[pid]/fd without allocating a
/// string per entry. Steady-state listings allocate nothing (the caller's list keeps its capacity). Not thread-safe.
/// Directories listed one after the other (the task folders of many processes) can share one buffer.
/// </summary>
internal sealed class ProcfsDirectory : IDisposable
{
    private const int BufferBytes = 32 * 1024;

    private readonly SafeFileDescriptor _fd;
    private readonly byte[] _buffer;

    private ProcfsDirectory(string path, SafeFileDescriptor fd, byte[]? sharedBuffer)
    {
        Path = path;
        _fd = fd;
        _buffer = sharedBuffer ?? new byte[BufferBytes];
    }

    /// <summary>A buffer for <see cref="TryOpen"/>'s <c>sharedBuffer</c>, for directories never listed at the same time.</summary>
    public static byte[] CreateSharedBuffer() => new byte[BufferBytes];

    public string Path { get; }

    /// <summary>
    /// Opens the directory. Gone and Denied are results; other failures throw <see cref="IOException"/>.
    /// <paramref name="sharedBuffer"/> (from <see cref="CreateSharedBuffer"/>) is used instead of a buffer of its
    /// own; only one of the directories sharing it may be listed at a time.
    /// </summary>
    public static ProcfsReadStatus TryOpen(string path, out ProcfsDirectory? directory, byte[]? sharedBuffer = null)
    {
        var fd = Libc.Open(path, Libc.ORdOnly | Libc.OCloExec, out var errno);
        if (fd < 0)
        {
            directory = null;
            return ProcfsErrors.ToStatus(errno, "Opening", path);
        }

        directory = new ProcfsDirectory(path, new SafeFileDescriptor(fd), sharedBuffer);
        return ProcfsReadStatus.Ok;
    }

    /// <summary>
    /// Clears <paramref name="ids"/> and adds every entry whose name is a positive decimal int (pids, tids, fds).
    /// </summary>
    public ProcfsReadStatus TryListNumericEntries(List<int> ids)
    {
        ids.Clear();
        return List(ids, null, out _);
    }

    /// <summary>
    /// Like <see cref="TryListNumericEntries(List{int})"/>, with each entry's inode number (d_ino) at the same index
    /// in <paramref name="inodes"/>. On procfs the inode of /proc/[pid] is made anew when a pid is reused by another
    /// process, which tells a reused pid from the same process without reading anything.
    /// </summary>
    public ProcfsReadStatus TryListNumericEntries(List<int> ids, List<ulong> inodes)
    {
        ids.Clear();
        inodes.Clear();
        return List(ids, inodes, out _);
    }

    /// <summary>Counts the entries other than "." and "..".</summary>
    public ProcfsReadStatus TryCountEntries(out int count) => List(null, null, out count);

    public void Dispose() => _fd.Dispose();

    private ProcfsReadStatus List(List<int>? ids, List<ulong>? inodes, out int count)
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        count = 0;
        if (Libc.LSeek(_fd, 0, Libc.SeekSet, out var errno) < 0)
        {
            return ProcfsErrors.ToStatus(errno, "Rewinding", Path);
        }

        while (true)
        {
            var n = Libc.GetDents64(_fd, _buffer, out errno);
            if (n < 0)
            {
                return ProcfsErrors.ToStatus(errno, "Listing", Path);
            }

            if (n == 0)
            {
                return ProcfsReadStatus.Ok;
            }

            var records = new ReadOnlySpan<byte>(_buffer, 0, (int)n);
            while (records.Length > Libc.DirentNameOffset)
            {
                // d_reclen is a native-endian u16.
                int length = MemoryMarshal.Read<ushort>(records[Libc.DirentReclenOffset..]);

                if (length <= Libc.DirentNameOffset || length > records.Length)
                {
                    throw new IOException($"Listing {Path} returned a directory record of {length} bytes, outside the {records.Length} bytes left.");
                }

                var name = records[Libc.DirentNameOffset..length];
                var nul = name.IndexOf((byte)0);
                if (nul >= 0)
                {
                    name = name[..nul];
                }

                if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                {
                    count++;
                    if (ids is not null && ProcfsText.TryParseUInt64(name, out var id) && id is > 0 and <= int.MaxValue)
                    {
                        ids.Add((int)id);
                        inodes?.Add(MemoryMarshal.Read<ulong>(records)); // d_ino, native-endian
                    }
                }

                records = records[length..];
            }
        }
    }
}
