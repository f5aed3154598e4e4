using System.Globalization;
using KstatOtel.Procfs;

namespace KstatOtel.Tests.Procfs;

/// <summary>
/// What process groups added to the procfs layer: listing inodes (a reused pid gets a new one), readers sharing one
/// buffer, a one-shot read into a caller's buffer, and a descriptor count of 0 taken from the size without listing.
/// </summary>
public class SharedBufferAndInodeTests
{
    [Fact]
    public void ListingGivesEachPidTheInodeOfItsDirectory()
    {
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsDirectory.TryOpen("/proc", out var proc));
        using (proc)
        {
            var pids = new List<int>();
            var inodes = new List<ulong>();
            Assert.Equal(ProcfsReadStatus.Ok, proc!.TryListNumericEntries(pids, inodes));
            Assert.Equal(pids.Count, inodes.Count);
            var self = pids.IndexOf(Environment.ProcessId);
            Assert.True(self >= 0);
            var status = StatInode($"/proc/{Environment.ProcessId}");
            Assert.Equal(status, inodes[self]);

            // Listed again: the same process keeps its inode.
            Assert.Equal(ProcfsReadStatus.Ok, proc.TryListNumericEntries(pids, inodes));
            Assert.Equal(status, inodes[pids.IndexOf(Environment.ProcessId)]);
        }
    }

    [Fact]
    public void ReadersSharingABufferEachParseTheirOwnContent()
    {
        var shared = new ProcfsReadBuffer(128);
        using var child = ProcfsTestFiles.StartSleeper();
        try
        {
            Assert.Equal(ProcfsReadStatus.Ok, ProcessReader.TryOpen("/proc", Environment.ProcessId, ProcessFiles.Default, out var self, shared));
            Assert.Equal(ProcfsReadStatus.Ok, ProcessReader.TryOpen("/proc", child.Id, ProcessFiles.Default, out var other, shared));
            using (self)
            using (other)
            {
                for (var i = 0; i < 3; i++)
                {
                    Assert.Equal(ProcfsReadStatus.Ok, self!.TryRead(out var mine));
                    Assert.Equal(ProcfsReadStatus.Ok, other!.TryRead(out var theirs));
                    Assert.Equal(Environment.ProcessId, mine.Stat.Pid);
                    Assert.Equal(Environment.ProcessId, mine.Status.Pid);
                    Assert.Equal(child.Id, theirs.Stat.Pid);
                    Assert.Equal(child.Id, theirs.Status.Pid);
                    Assert.Equal("sleep", theirs.Status.Name.ToString());
                }
            }

            Assert.True(shared.Bytes.Length >= 1024, $"the shared buffer grew to the largest content ({shared.Bytes.Length} B)");
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void AOneShotReadFillsTheCallersBuffer()
    {
        var buffer = new byte[4096];
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsFile.TryReadOnceInto($"/proc/{Environment.ProcessId}/limits", buffer, out var length));
        var limits = ProcLimitsParser.Parse(buffer.AsSpan(0, length));
        Assert.NotNull(limits.OpenFiles);
        Assert.Equal(ProcfsReadStatus.Gone, ProcfsFile.TryReadOnceInto("/proc/0/limits", buffer, out _));
    }

    [Fact]
    public void AKernelThreadHasNoDescriptorsAndIsNotListed()
    {
        var kthreadd = File.ReadAllText("/proc/2/stat").Contains("(kthreadd)", StringComparison.Ordinal);
        Assert.True(kthreadd, "pid 2 is kthreadd on Linux");
        Assert.Equal(ProcfsReadStatus.Ok, FileDescriptorCounter.TryOpen("/proc/2/fd", out var counter));
        using (counter)
        {
            Assert.Equal(ProcfsReadStatus.Ok, counter!.TryCount(out var count));
            Assert.Equal(0, count);
            Assert.False(counter.UsesListing, "a size of 0 on a kernel that reports counts means no descriptor");
        }

        Assert.Empty(Directory.GetFiles("/proc/2/fd"));
    }

    /// <summary>The inode of <paramref name="path"/>, from coreutils stat (an independent reading).</summary>
    private static ulong StatInode(string path)
    {
        var start = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using var stat = System.Diagnostics.Process.Start(start)!;
        var text = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return ulong.Parse(text, CultureInfo.InvariantCulture);
    }
}
