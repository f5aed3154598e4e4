using System.Runtime.InteropServices;

namespace KstatOtel.InstrumentedChild;

/// <summary>Reads a file with O_DIRECT, so that every read waits for the block device (a block I/O delay).</summary>
internal static unsafe partial class DirectRead
{
    private const int Block = 4096;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial nint PRead(int fd, void* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> (fsync), then reads them back in 4 KiB O_DIRECT reads.</summary>
    public static long Run(string path, long bytes)
    {
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.WriteThrough))
        {
            var chunk = new byte[1 << 16];
            Random.Shared.NextBytes(chunk);
            for (long written = 0; written < bytes; written += chunk.Length)
            {
                file.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - written));
            }

            file.Flush(flushToDisk: true);
        }

        // O_DIRECT is 040000 on x86 and x86_64, 0200000 on arm and arm64.
        var oDirect = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;
        var fd = Open(path, oDirect);
        if (fd < 0)
        {
            throw new IOException($"open({path}, O_DIRECT) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var buffer = NativeMemory.AlignedAlloc(Block, Block);
        try
        {
            long total = 0;
            while (total < bytes)
            {
                var n = PRead(fd, buffer, Block, total);
                if (n <= 0)
                {
                    throw new IOException($"pread with O_DIRECT failed at {total}: errno {Marshal.GetLastPInvokeError()}");
                }

                total += n;
            }

            return total;
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
            _ = Close(fd);
        }
    }
}
