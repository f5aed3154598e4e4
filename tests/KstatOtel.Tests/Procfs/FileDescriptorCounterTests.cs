using KstatOtel.Procfs;

namespace KstatOtel.Tests.Procfs;

[Collection(ProcessWideStateCollection.Name)]
public class FileDescriptorCounterTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CountFollowsOpenedAndClosedFiles(bool forceListing)
    {
        Assert.Equal(ProcfsReadStatus.Ok, FileDescriptorCounter.TryOpen("/proc/self/fd", out var counter, forceListing));
        using (counter)
        {
            Assert.Equal(forceListing, counter!.UsesListing);
            // Other tests of this process open and close descriptors meanwhile: an attempt that saw them is made again.
            long before = 0, during = 0, after = 0, listed = 0;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                Assert.Equal(ProcfsReadStatus.Ok, counter.TryCount(out before));

                // The runtime's own listing opens one descriptor of its own while it lists.
                listed = Directory.GetFiles("/proc/self/fd").Length;
                var files = Enumerable.Range(0, 50).Select(_ => File.OpenRead("/proc/self/stat")).ToList();
                try
                {
                    Assert.Equal(ProcfsReadStatus.Ok, counter.TryCount(out during));
                }
                finally
                {
                    files.ForEach(f => f.Dispose());
                }

                Assert.Equal(ProcfsReadStatus.Ok, counter.TryCount(out after));
                if (Math.Abs(before - listed) <= 3 && during - before is >= 50 and <= 52 && Math.Abs(after - before) <= 2)
                {
                    break;
                }
            }

            Assert.InRange(before, listed - 3, listed + 3);
            Assert.InRange(during - before, 50, 52);
            Assert.InRange(after - before, -2, 2);
        }
    }

    [Fact]
    public void SizeOfTheFdDirectoryIsUsedOnThisKernel()
    {
        Assert.Equal(ProcfsReadStatus.Ok, FileDescriptorCounter.TryOpen("/proc/self/fd", out var counter));
        using (counter)
        {
            Assert.Equal(ProcfsReadStatus.Ok, counter!.TryCount(out var count));
            Assert.True(count > 0);
            Assert.False(counter.UsesListing, "Linux 6.2+ reports the descriptor count as the fd directory's size");
        }
    }

    [Fact]
    public void ChildCountAndItsEnd()
    {
        using var child = ProcfsTestFiles.StartSleeper();
        FileDescriptorCounter? counter;
        try
        {
            Assert.Equal(ProcfsReadStatus.Ok, FileDescriptorCounter.TryOpen($"/proc/{child.Id}/fd", out counter));
            Assert.Equal(ProcfsReadStatus.Ok, counter!.TryCount(out var count));
            Assert.Equal(Directory.GetFiles($"/proc/{child.Id}/fd").Length, count);
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }

        using (counter)
        {
            Assert.Equal(ProcfsReadStatus.Gone, counter.TryCount(out _));
        }
    }

    [Fact]
    public void ListingNumericEntriesOfProcFindsThisProcess()
    {
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsDirectory.TryOpen("/proc", out var proc));
        using (proc)
        {
            var pids = new List<int>();
            Assert.Equal(ProcfsReadStatus.Ok, proc!.TryListNumericEntries(pids));
            Assert.Contains(Environment.ProcessId, pids);
            Assert.Contains(1, pids);
            Assert.DoesNotContain(0, pids);

            // A second listing rewinds and lists again.
            Assert.Equal(ProcfsReadStatus.Ok, proc.TryListNumericEntries(pids));
            Assert.Contains(Environment.ProcessId, pids);
            var expected = Directory.GetDirectories("/proc").Count(d => int.TryParse(Path.GetFileName(d), out _));
            Assert.InRange(pids.Count, expected - 20, expected + 20);
        }
    }

    [Fact]
    public void UseAfterDisposeThrows()
    {
        Assert.Equal(ProcfsReadStatus.Ok, FileDescriptorCounter.TryOpen("/proc/self/fd", out var counter));
        counter!.Dispose();
        Assert.Throws<ObjectDisposedException>(() => counter.TryCount(out _));
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsDirectory.TryOpen("/proc", out var proc));
        proc!.Dispose();
        Assert.Throws<ObjectDisposedException>(() => proc.TryCountEntries(out _));
    }
}
