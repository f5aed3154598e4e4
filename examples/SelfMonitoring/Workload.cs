using System.Security.Cryptography;

namespace SelfMonitoring;

/// <summary>Keeps the process busy so its metrics move: CPU (hashing), memory (a growing and shrinking cache), files (write, fsync, read).</summary>
internal sealed class Workload
{
    private readonly List<byte[]> cache = [];
    private readonly string scratch = Path.Combine(Path.GetTempPath(), $"kstatotel-selfmonitoring-{Environment.ProcessId}.bin");

    public async Task RunAsync(CancellationToken cancellation)
    {
        var buffer = new byte[1 << 20];
        Random.Shared.NextBytes(buffer);
        try
        {
            for (var round = 0; !cancellation.IsCancellationRequested; round++)
            {
                // CPU: about 100 ms of hashing.
                var until = Environment.TickCount64 + 100;
                while (Environment.TickCount64 < until)
                {
                    SHA256.HashData(buffer);
                }

                // Memory: grow the cache to 64 MiB, then let it go.
                if (cache.Count < 64)
                {
                    var block = new byte[1 << 20];
                    Random.Shared.NextBytes(block);
                    cache.Add(block);
                }
                else if (round % 128 == 0)
                {
                    cache.Clear();
                }

                // Files: write 1 MiB, fsync, read it back.
                await using (var file = new FileStream(scratch, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.WriteThrough))
                {
                    await file.WriteAsync(buffer, cancellation);
                    file.Flush(flushToDisk: true);
                    file.Position = 0;
                    await file.ReadExactlyAsync(buffer, cancellation);
                }

                await Task.Delay(200, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            File.Delete(scratch);
        }
    }
}
