using System.Diagnostics;
using KstatOtel.Procfs;
using static KstatOtel.Tests.Procfs.ProcfsTestFiles;

namespace KstatOtel.Tests.Procfs;

public class ProcessReaderTests
{
    [Fact]
    public void OwnProcessReadsEveryRequestedFile()
    {
        var files = ProcessFiles.Default | ProcessFiles.Statm | ProcessFiles.SmapsRollup;
        Assert.Equal(ProcfsReadStatus.Ok, ProcessReader.TryOpen(ProcfsPaths.DefaultRoot, Environment.ProcessId, files, out var reader));
        using (reader)
        {
            Assert.Equal(ProcfsReadStatus.Ok, reader!.TryRead(out var sample));
            Assert.True(sample.IsComplete(files));
            Assert.Equal(ProcessFiles.None, sample.Denied);
            Assert.Equal(ProcessFiles.None, sample.Unavailable);
            Assert.Equal(Environment.ProcessId, sample.Stat.Pid);
            Assert.Equal(sample.Stat.Comm, sample.Status.Name);
            Assert.NotNull(sample.Io.RChar);
            Assert.True(sample.Statm.Resident > 0);
            Assert.True(sample.SmapsRollup.PssBytes > 0);
            Assert.True(sample.OpenFileDescriptors > 3);
            Assert.Equal($"/proc/{Environment.ProcessId}", reader.Directory);

            Assert.Equal(ProcfsReadStatus.Ok, reader.TryReadLimits(out var limits));
            Assert.Equal(TestLibc.GetOpenFilesLimit().Soft, limits.OpenFiles!.Value.Soft ?? ulong.MaxValue);
        }
    }

    [Fact]
    public void AVanishedProcessIsGoneNotAnException()
    {
        using var child = StartSleeper();
        ProcessReader? reader;
        try
        {
            Assert.Equal(ProcfsReadStatus.Ok, ProcessReader.TryOpen(ProcfsPaths.DefaultRoot, child.Id, ProcessFiles.Default | ProcessFiles.Statm | ProcessFiles.SmapsRollup | ProcessFiles.Wchan, out reader));
            Assert.Equal(ProcfsReadStatus.Ok, reader!.TryRead(out var alive));
            Assert.Equal(child.Id, alive.Stat.Pid);
            Assert.Equal("sleep", alive.Stat.Comm.ToString());
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }

        using (reader)
        {
            Assert.Equal(ProcfsReadStatus.Gone, reader.TryRead(out _));
            Assert.Equal(ProcfsReadStatus.Gone, reader.TryReadWchan(out _));
            Assert.Equal(ProcfsReadStatus.Gone, reader.TryReadLimits(out _));
        }

        Assert.Equal(ProcfsReadStatus.Gone, ProcessReader.TryOpen(ProcfsPaths.DefaultRoot, child.Id, ProcessFiles.Default, out var again));
        Assert.Null(again);
    }

    [Fact]
    public void AZombieReadsWithoutMemoryValues()
    {
        // "sleep 0.2" ends inside a shell that execs "sleep 30", which never reaps it: a zombie for the test to read.
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 0.2 & exec sleep 30"]) { UseShellExecute = false })!;
        try
        {
            var zombie = 0;
            Assert.True(WaitUntil(() => (zombie = FindZombieChild(parent.Id)) != 0, TimeSpan.FromSeconds(10)), "the zombie appears");
            var files = ProcessFiles.Default | ProcessFiles.Statm | ProcessFiles.SmapsRollup;
            Assert.Equal(ProcfsReadStatus.Ok, ProcessReader.TryOpen(ProcfsPaths.DefaultRoot, zombie, files, out var reader));
            using (reader)
            {
                Assert.Equal(ProcfsReadStatus.Ok, reader!.TryRead(out var sample));
                Assert.Equal((byte)'Z', sample.Stat.State);
                Assert.Equal((byte)'Z', sample.Status.State);
                Assert.Null(sample.Status.VmRssBytes);
                Assert.Null(sample.Status.VmSizeBytes);
                Assert.Equal(ProcessFiles.SmapsRollup, sample.Unavailable | reader.UnavailableAtOpen);
                Assert.Null(sample.SmapsRollup.PssBytes);
                Assert.Equal(0, sample.OpenFileDescriptors);
            }
        }
        finally
        {
            parent.Kill();
            parent.WaitForExit();
        }
    }

    [Fact]
    public void AKernelThreadReadsWithSmapsRollupUnavailable()
    {
        Assert.Equal(ProcfsReadStatus.Ok, ProcessReader.TryOpen(ProcfsPaths.DefaultRoot, 2, ProcessFiles.Stat | ProcessFiles.Status | ProcessFiles.SmapsRollup, out var reader));
        using (reader)
        {
            Assert.Equal(ProcfsReadStatus.Ok, reader!.TryRead(out var sample));
            Assert.True(sample.Stat.IsKernelThread);
            Assert.Equal(ProcessFiles.SmapsRollup, sample.Unavailable | reader.UnavailableAtOpen);
            Assert.Null(sample.SmapsRollup.RssBytes);
        }
    }

    [Fact]
    public void ProcfsRootOptionIsHonoured()
    {
        // A fixture tree with the layout of procfs: the reader only follows the root it is given.
        var root = Directory.CreateTempSubdirectory("procfs-root-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "4242", "fd"));
            File.WriteAllText(Path.Combine(root, "4242", "stat"), "4242 (fixture) S 1 4242 4242 0 -1 4194560 10 0 2 0 300 40 0 0 20 0 3 0 500 1000000 25\n");
            File.WriteAllText(Path.Combine(root, "4242", "status"), "Name:\tfixture\nState:\tS (sleeping)\nThreads:\t3\n");
            File.WriteAllText(Path.Combine(root, "4242", "fd", "0"), string.Empty);
            File.WriteAllText(Path.Combine(root, "stat"), "cpu  1 2 3\nbtime 1700000000\n");

            Assert.Equal(ProcfsReadStatus.Ok, ProcessReader.TryOpen(root + "/", 4242, ProcessFiles.Default, out var reader));
            using (reader)
            {
                Assert.Equal(ProcfsReadStatus.Ok, reader!.TryRead(out var sample));
                Assert.Equal("fixture", sample.Stat.Comm.ToString());
                Assert.Equal(300ul, sample.Stat.UTime);
                Assert.Equal(3, sample.Status.Threads);
                Assert.Equal(ProcessFiles.Stat | ProcessFiles.Status | ProcessFiles.FileDescriptors, sample.Read);
                Assert.Equal(ProcessFiles.Io, sample.Unavailable | reader.UnavailableAtOpen);
                Assert.Null(sample.Io.RChar);
                Assert.Equal(1, sample.OpenFileDescriptors);
            }

            Assert.Equal(ProcfsReadStatus.Ok, ProcfsSystem.TryReadBootTime(root, out var btime));
            Assert.Equal(1700000000ul, btime);
            Assert.Equal(ProcfsReadStatus.Gone, ProcessReader.TryOpen(root, 1, ProcessFiles.Default, out _));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void UseAfterDisposeThrows()
    {
        Assert.Equal(ProcfsReadStatus.Ok, ProcessReader.TryOpen(ProcfsPaths.DefaultRoot, Environment.ProcessId, ProcessFiles.Default | ProcessFiles.Wchan, out var reader));
        reader!.Dispose();
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.TryRead(out _));
        Assert.Throws<ObjectDisposedException>(() => reader.TryReadWchan(out _));
        Assert.Throws<ObjectDisposedException>(() => reader.TryReadLimits(out _));
    }

    private static int FindZombieChild(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = ProcStatParser.Parse(File.ReadAllBytes($"/proc/{pid}/stat"));
                if (stat.Ppid == parent && stat.State == (byte)'Z')
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
        }

        return 0;
    }
}
