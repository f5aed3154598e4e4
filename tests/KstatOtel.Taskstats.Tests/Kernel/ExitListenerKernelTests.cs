using System.Diagnostics;
using KstatOtel.Taskstats.Tests.Support;
using KstatOtel.Testing;
using Xunit.Abstractions;

namespace KstatOtel.Taskstats.Tests.Kernel;

/// <summary>Exit records from the running kernel. Other processes of the machine exit too; records are picked by pid.</summary>
[Collection(NonParallelCollection.Name)]
public class ExitListenerKernelTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly ITestOutputHelper _output;

    public ExitListenerKernelTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void AChildExitingWithCode7ArrivesWithItsExitCodeAndCpuTime()
    {
        Privileges.RequireNetAdmin();
        using var client = TaskstatsClient.Open();
        using var listener = client.OpenExitListener();

        using var child = Child.Start("burn-exit", "200", "7");
        var cpuNanoseconds = child.ReadCpuNanoseconds();
        Assert.Equal(7, child.WaitExit());
        var record = ReceiveFor(listener, child.Pid, TaskStatsScope.Task);
        var cpu = record.UserCpuTime!.Value + record.SystemCpuTime!.Value;
        _output.WriteLine($"child {child.Pid}: CLOCK_PROCESS_CPUTIME_ID {cpuNanoseconds / 1e6:F1} ms, taskstats utime+stime {cpu.TotalMilliseconds:F1} ms, run virtual {record.CpuRunVirtualTotal!.Value.TotalMilliseconds:F1} ms");

        Assert.True(record.IsExitRecord);
        Assert.Equal(7, record.ExitCode);
        Assert.Equal(0x700, record.ExitStatus);
        Assert.Null(record.TerminationSignal);
        Assert.Equal("ts-child", record.Command);
        Assert.Equal(Environment.ProcessId, record.ParentProcessId);
        Assert.True(record.Flags!.Value.HasFlag(TaskAccountingBits.LastInGroup));
        // The runtime in the record is the one the child read from its own clock, plus its exit path.
        var clock = TimeSpan.FromTicks(cpuNanoseconds / 100);
        CpuAssert.Exact(record.CpuRunVirtualTotal!.Value, clock, below: TimeSpan.FromMilliseconds(1), above: Procfs.Tick, "exit record runtime against CLOCK_PROCESS_CPUTIME_ID");
        CpuAssert.TickSampled(cpu, clock, "exit record user+system");
        CpuAssert.Exact(record.UserCpuTimeAdjusted!.Value + record.SystemCpuTimeAdjusted!.Value, clock, below: TimeSpan.FromMilliseconds(1), above: Procfs.Tick, "exit record user+system (adjusted)");
    }

    [SkippableFact]
    public void TheLastThreadOfAMultiThreadedChildBringsAThreadGroupRecord()
    {
        Privileges.RequireNetAdmin();
        using var client = TaskstatsClient.Open();
        using var listener = client.OpenExitListener();

        using var child = Child.Start("threads-exit", "3", "50", "5");
        var cpuNanoseconds = child.ReadCpuNanoseconds();
        Assert.Equal(5, child.WaitExit());
        var task = ReceiveFor(listener, child.Pid, TaskStatsScope.Task);
        Assert.True(listener.TryReceive(out var group, TimeSpan.Zero), "the thread-group record follows its last task's record");

        Assert.Equal(5, task.ExitCode);
        Assert.Equal(TaskStatsScope.ThreadGroup, group.Scope);
        Assert.Equal(child.Pid, group.Id);
        Assert.Null(group.Command);
        var groupCpu = group.CpuRunVirtualTotal!.Value;
        var clock = TimeSpan.FromTicks(cpuNanoseconds / 100);
        _output.WriteLine($"group run virtual {groupCpu.TotalMilliseconds:F1} ms, user+system {(group.UserCpuTime + group.SystemCpuTime)!.Value.TotalMilliseconds:F1} ms, process CPU clock {clock.TotalMilliseconds:F1} ms");
        // The threads' runtime counts in full; the main thread's may lag its clock by its unaccounted slice.
        CpuAssert.Exact(groupCpu, clock, below: Procfs.Tick, above: Procfs.Tick, "thread-group runtime against CLOCK_PROCESS_CPUTIME_ID");
        CpuAssert.TickSampled((group.UserCpuTime + group.SystemCpuTime)!.Value, clock, "thread-group user+system");
    }

    [SkippableFact]
    public void WhenTheBufferOverflowsLossesAreCountedAndListeningGoesOn()
    {
        Privileges.RequireNetAdmin();
        using var client = TaskstatsClient.Open();
        using var listener = client.OpenExitListener(receiveBufferBytes: 1); // the kernel's minimum, about 2 KiB

        for (var i = 0; i < 40; i++)
        {
            using var quick = Process.Start("/bin/true")!;
            quick.WaitForExit();
        }

        // Until the socket stays empty for 200 ms: at most 10 s, since every exit on the host arrives here too.
        var received = 0;
        var draining = Stopwatch.StartNew();
        while (draining.Elapsed < TimeSpan.FromSeconds(10) && listener.TryReceive(out _, TimeSpan.FromMilliseconds(200)))
        {
            received++;
        }

        _output.WriteLine($"received {received}, lost {listener.LostRecords}");
        Assert.True(listener.LostRecords > 0, "40 exits into a 2 KiB buffer must overflow");

        using var child = Child.Start("burn-exit", "1", "3");
        child.WaitExit();
        Assert.Equal(3, ReceiveFor(listener, child.Pid, TaskStatsScope.Task).ExitCode);
    }

    [SkippableFact]
    public void DisposeWakesABlockedReceiver()
    {
        Privileges.RequireNetAdmin();
        using var client = TaskstatsClient.Open();
        var listener = client.OpenExitListener("0");
        var receiver = Task.Run(() =>
        {
            while (true)
            {
                listener.TryReceive(out _, Timeout.InfiniteTimeSpan); // other processes of the machine exit too
            }
        });
        Thread.Sleep(200);

        listener.Dispose();

        var error = Record.Exception(() => receiver.Wait(TimeSpan.FromSeconds(10)));
        Assert.IsType<ObjectDisposedException>(Assert.IsType<AggregateException>(error).InnerException);
    }

    private static TaskStats ReceiveFor(TaskstatsExitListener listener, int pid, TaskStatsScope scope)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            if (listener.TryReceive(out var record, TimeSpan.FromSeconds(1)) && record.Id == pid && record.Scope == scope)
            {
                return record;
            }
        }

        throw new Xunit.Sdk.XunitException($"no {scope} exit record for pid {pid} within {Patience}");
    }
}
