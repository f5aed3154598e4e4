using KstatOtel.Procfs;

namespace KstatOtel.Tests.Procfs;

public class ThreadReaderTests
{
    [Fact]
    public void EveryThreadOfThisProcessReads()
    {
        var pid = Environment.ProcessId;
        Assert.Equal(ProcfsReadStatus.Ok, ProcfsDirectory.TryOpen($"/proc/{pid}/task", out var tasks));
        using (tasks)
        {
            var tids = new List<int>();
            Assert.Equal(ProcfsReadStatus.Ok, tasks!.TryListNumericEntries(tids));
            Assert.Contains(pid, tids);
            Assert.True(tids.Count > 1);
            Assert.InRange(tids.Count, 2, 1000);

            ulong userTicks = 0;
            var read = 0;
            foreach (var tid in tids)
            {
                var status = ProcessReader.TryOpenThread(ProcfsPaths.DefaultRoot, pid, tid, ProcessFiles.Status | ProcessFiles.Io | ProcessFiles.Wchan, out var reader);
                if (status == ProcfsReadStatus.Gone)
                {
                    continue; // A thread-pool thread may end meanwhile.
                }

                using (reader)
                {
                    Assert.Equal(ProcfsReadStatus.Ok, status);
                    Assert.Equal(tid, reader!.Tid);
                    if (reader.TryRead(out var sample) != ProcfsReadStatus.Ok)
                    {
                        continue;
                    }

                    Assert.Equal(tid, sample.Stat.Pid);
                    Assert.Equal(tid, sample.Status.Pid);
                    Assert.Equal(pid, sample.Status.Tgid);
                    Assert.Equal(sample.Status.Name, sample.Stat.Comm);
                    Assert.NotNull(sample.Status.VoluntaryContextSwitches);
                    Assert.NotNull(sample.Io.RChar);
                    Assert.Equal(ProcessFiles.Stat | ProcessFiles.Status | ProcessFiles.Io, sample.Read);
                    Assert.True(reader.TryReadWchan(out _) is ProcfsReadStatus.Ok or ProcfsReadStatus.Gone);
                    userTicks += sample.Stat.UTime;
                    read++;
                }
            }

            Assert.True(read > 1);

            // The process's utime also holds threads that already ended, so it bounds the sum of the live ones.
            var process = ProcStatParser.Parse(File.ReadAllBytes("/proc/self/stat"));
            Assert.True(userTicks <= process.UTime + (ulong)tids.Count, $"threads {userTicks} vs process {process.UTime}");
        }
    }

    [Fact]
    public void ThreadStatShowsItsOwnCpuTime()
    {
        ulong before = 0, after = 0;
        var thread = new Thread(() =>
        {
            var tid = TestLibc.GetTid();
            Assert.Equal(ProcfsReadStatus.Ok, ProcessReader.TryOpenThread(ProcfsPaths.DefaultRoot, Environment.ProcessId, tid, ProcessFiles.None, out var reader));
            using (reader)
            {
                Assert.Equal(ProcfsReadStatus.Ok, reader!.TryRead(out var first));
                before = after = first.Stat.UTime + first.Stat.STime;

                // Spin until this thread's own ticks grow (the machine may be busy: bounded by time, not assumed).
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (after - before < 20 && DateTime.UtcNow < deadline)
                {
                    var spin = DateTime.UtcNow.AddMilliseconds(20);
                    while (DateTime.UtcNow < spin)
                    {
                    }

                    Assert.Equal(ProcfsReadStatus.Ok, reader.TryRead(out var next));
                    after = next.Stat.UTime + next.Stat.STime;
                }
            }
        });
        thread.Start();
        thread.Join();
        Assert.True(after - before >= 20, $"spinning shows as at least 20 ticks on this thread ({before} -> {after})");
    }
}
