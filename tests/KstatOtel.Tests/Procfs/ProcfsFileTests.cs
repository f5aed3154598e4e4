using KstatOtel.Procfs;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Procfs;

public class ProcfsFileTests
{
    [Fact]
    public void KeptOpenStatReturnsFreshCpuTimes()
    {
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsFile.TryOpen("/proc/self/stat", out var file));
        using (file)
        {
            Assert.Equal(ProcfsReadStatus.Ok, file!.TryRead(out var content));
            var before = ProcStatParser.Parse(content);
            var after = before;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (after.UTime + after.STime < before.UTime + before.STime + 20 && DateTime.UtcNow < deadline)
            {
                var spin = DateTime.UtcNow.AddMilliseconds(20);
                while (DateTime.UtcNow < spin)
                {
                }

                Assert.Equal(ProcfsReadStatus.Ok, file.TryRead(out content));
                after = ProcStatParser.Parse(content);
            }

            Assert.True(after.UTime + after.STime >= before.UTime + before.STime + 20, $"{before.UTime}+{before.STime} -> {after.UTime}+{after.STime}");
        }
    }

    [Fact]
    public void KeptOpenStatusAndIoReturnFreshMemoryAndIo()
    {
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsFile.TryOpen("/proc/self/status", out var status));
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsFile.TryOpen("/proc/self/io", out var io));
        using (status)
        using (io)
        {
            Assert.Equal(ProcfsReadStatus.Ok, io!.TryRead(out var content));
            var ioBefore = ProcIoParser.Parse(content);
            Assert.Equal(ProcfsReadStatus.Ok, status!.TryRead(out content));
            var hwmBefore = ProcStatusParser.Parse(content).VmHwmBytes!.Value;

            // Touch 128 MiB of fresh memory (more than the peak so far) and write a file.
            var block = GC.AllocateUninitializedArray<byte>(128 * 1024 * 1024);
            for (var i = 0; i < block.Length; i += 4096)
            {
                block[i] = 1;
            }

            var path = Path.GetTempFileName();
            File.WriteAllBytes(path, new byte[1024 * 1024]);
            File.Delete(path);

            Assert.Equal(ProcfsReadStatus.Ok, status.TryRead(out content));
            var after = ProcStatusParser.Parse(content);
            Assert.True(after.VmHwmBytes >= hwmBefore + (100ul * 1024 * 1024) || after.VmRssBytes >= 100ul * 1024 * 1024, $"VmHWM {hwmBefore} -> {after.VmHwmBytes}");
            Assert.True(after.VmRssBytes >= 128ul * 1024 * 1024, $"VmRSS {after.VmRssBytes}");
            GC.KeepAlive(block);

            Assert.Equal(ProcfsReadStatus.Ok, io.TryRead(out content));
            var ioAfter = ProcIoParser.Parse(content);
            Assert.True(ioAfter.WChar - ioBefore.WChar >= 1024 * 1024);
        }
    }

    [Fact]
    public void BufferGrowsUntilTheWholeContentFits()
    {
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsFile.TryOpen("/proc/self/status", out var file, initialBufferBytes: 16));
        using (file)
        {
            Assert.Equal(128, file!.BufferSize);
            Assert.Equal(ProcfsReadStatus.Ok, file.TryRead(out var content));
            Assert.True(file.BufferSize > content.Length);
            Assert.Equal((byte)'\n', content[^1]);
            var text = System.Text.Encoding.UTF8.GetString(content);
            Assert.StartsWith("Name:", text, StringComparison.Ordinal);
            Assert.Contains("nonvoluntary_ctxt_switches:", text, StringComparison.Ordinal);
            var lines = File.ReadAllLines("/proc/self/status");
            Assert.Equal(lines.Length, text.Split('\n').Length - 1);
        }
    }

    [Fact]
    public void RecordByRecordFilesAreReadToTheEnd()
    {
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsFile.TryOpen("/proc/self/mountinfo", out var file, initialBufferBytes: 128));
        using (file)
        {
            Assert.Equal(ProcfsReadStatus.Ok, file!.TryReadToEnd(out var content));
            Assert.Equal(File.ReadAllBytes("/proc/self/mountinfo"), content.ToArray());
            Assert.Equal(ProcfsReadStatus.Ok, file.TryReadToEnd(out var again));
            Assert.Equal(content.Length, again.Length);
        }

        Assert.Equal(ProcfsReadStatus.Ok, ProcfsFile.TryReadOnce("/proc/self/mountinfo", out var once));
        Assert.Equal(File.ReadAllBytes("/proc/self/mountinfo"), once.ToArray());
    }

    [Fact]
    public void MissingFilesAreGoneAndOtherFailuresAreClearExceptions()
    {
        Assert.Equal(ProcfsReadStatus.Gone, ProcfsFile.TryOpen("/proc/999999999/stat", out var none));
        Assert.Null(none);
        var error = Assert.Throws<IOException>(() => ProcfsFile.TryOpen("/proc/self/stat/x", out _));
        Assert.Contains("ENOTDIR", error.Message);
        Assert.Contains("procfs root", error.Message);
    }

    [Fact]
    public void UseAfterDisposeThrows()
    {
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsFile.TryOpen("/proc/self/stat", out var file));
        file!.Dispose();
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => file.TryRead(out _));
        Assert.Throws<ObjectDisposedException>(() => file.TryReadToEnd(out _));
    }

    [Fact]
    public void SteadyStateReadsAllocateNothing()
    {
        Assert.Equal(ProcfsReadStatus.Ok, ProcessReader.TryOpen(ProcfsPaths.DefaultRoot, Environment.ProcessId, ProcessFiles.Default | ProcessFiles.Statm | ProcessFiles.Wchan, out var reader));
        using (reader)
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(ProcfsReadStatus.Ok, reader!.TryRead(out _));
            }

            var allocated = Allocations.Measure(
                () =>
                {
                    reader!.TryRead(out _);
                    reader.TryReadWchan(out _);
                },
                200);
            Assert.True(allocated.Smallest == 0, $"200 reads of the kept-open process files and wchan allocated {allocated}");
        }
    }
}
