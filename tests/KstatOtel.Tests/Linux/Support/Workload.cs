using System.Diagnostics;

namespace KstatOtel.Tests.Linux.Support;

/// <summary>Real work that moves the process's counters: CPU on two threads, fresh memory, a written and synced file.</summary>
internal static class Workload
{
    public static void Run(int cpuMilliseconds = 300, int megabytes = 32)
    {
        var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() => Burn(cpuMilliseconds))).ToList();
        threads.ForEach(t => t.Start());

        var blocks = new List<byte[]>();
        for (var i = 0; i < megabytes; i++)
        {
            var block = new byte[1 << 20];
            for (var j = 0; j < block.Length; j += 4096)
            {
                block[j] = 1; // touch every page: minor faults and resident memory
            }

            blocks.Add(block);
        }

        var path = Path.Combine(AppContext.BaseDirectory, $"kstatotel-workload-{Guid.NewGuid():N}.bin"); // on a disk, not tmpfs
        try
        {
            using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.WriteThrough))
            {
                file.Write(blocks[0]);
                file.Flush(flushToDisk: true);
            }
        }
        finally
        {
            File.Delete(path);
        }

        threads.ForEach(t => t.Join());
        GC.KeepAlive(blocks);
    }

    public static void Burn(int milliseconds)
    {
        var until = Stopwatch.GetTimestamp() + (milliseconds * Stopwatch.Frequency / 1000);
        var x = 1UL;
        while (Stopwatch.GetTimestamp() < until)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
        }

        GC.KeepAlive(x);
    }
}
