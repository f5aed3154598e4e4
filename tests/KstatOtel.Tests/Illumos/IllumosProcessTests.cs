using System.Text;
using KstatOtel.Illumos.Process;
using KstatOtel.Modules;
using KstatOtel.Testing;
using KstatOtel.Testing.Fuzzing;
using KstatOtel.Testing.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// The own process on illumos: psinfo and usage files built from the sys/procfs.h layouts and filled with a real
/// illumos process (cron, pid 8055, tests/fixtures/illumos-proc/proc-8055.json) decode to that process's values, and
/// the metrics say what those values say.
/// </summary>
[Collection(IllumosStandinCollection.Name)]
public class IllumosProcessTests
{
    [Fact]
    public void TheLayoutsDescribedFromProcfsHHaveTheDecodersSizes()
    {
        Assert.Equal(PsinfoView.Size, ProcFixture.Psinfo.Size);
        Assert.Equal(416, ProcFixture.Psinfo.Size);
        Assert.Equal(288, ProcFixture.Psinfo["Pr_lwp"]);
        Assert.Equal(PrusageView.Size, ProcFixture.Prusage.Size);
        Assert.Equal(504, ProcFixture.Prusage.Size);
        Assert.Equal(328, ProcFixture.Prusage["Pr_minf"]);
    }

    [Fact]
    public void PsinfoDecodesToTheRealProcess()
    {
        using var fixture = ProcFixture.Create();
        var view = PsinfoView.Parse(fixture.PsinfoBytes());
        Assert.Equal(33554432, view.Flag);
        Assert.Equal(1, view.LwpCount);
        Assert.Equal(8055, view.Pid);
        Assert.Equal(4231, view.ParentPid);
        Assert.Equal(8055, view.ProcessGroupId);
        Assert.Equal(8055, view.SessionId);
        Assert.Equal(0u, view.UserId);
        Assert.Equal(0u, view.EffectiveUserId);
        Assert.Equal(0u, view.GroupId);
        Assert.Equal(0u, view.EffectiveGroupId);
        Assert.Equal(18446741973418369472, view.Address);
        Assert.Equal(1932ul, view.SizeKilobytes);
        Assert.Equal(1120ul, view.ResidentKilobytes);
        Assert.Equal(ulong.MaxValue, view.TtyDevice);
        Assert.Equal(0, view.PercentCpu);
        Assert.Equal(2, view.PercentMemory);
        Assert.Equal(new ProcTime(1714117612, 740645896), view.Start);
        Assert.Equal(new ProcTime(0, 2424576), view.CpuTime);
        Assert.Equal(new ProcTime(0, 0), view.ChildrenCpuTime);
        Assert.Equal("cron", Encoding.ASCII.GetString(view.FileName));
        Assert.Equal("/usr/sbin/cron", Encoding.ASCII.GetString(view.Arguments));
        Assert.Equal(0, view.WaitStatus);
        Assert.Equal(1, view.ArgumentCount);
        Assert.Equal(134512140ul, view.ArgumentVector);
        Assert.Equal(134512148ul, view.EnvironmentVector);
        Assert.Equal(1, view.DataModel);
        Assert.Equal(769, view.TaskId);
        Assert.Equal(0, view.ProjectId);
        Assert.Equal(0, view.ZombieLwpCount);
        Assert.Equal(0, view.PoolId);
        Assert.Equal(6, view.ZoneId);
        Assert.Equal(845, view.ContractId);
    }

    [Fact]
    public void UsageDecodesToTheRealProcess()
    {
        using var fixture = ProcFixture.Create();
        var view = PrusageView.Parse(fixture.UsageBytes());
        Assert.Equal(0, view.LwpId);
        Assert.Equal(1, view.LwpCount);
        Assert.Equal(new ProcTime(55635, 849856538), view.TimeStamp);
        Assert.Equal(new ProcTime(112, 877559607), view.Create);
        Assert.Equal(new ProcTime(0, 0), view.Terminate);
        Assert.Equal(new ProcTime(55522, 972213516), view.RealTime);
        Assert.Equal(new ProcTime(0, 722329), view.UserTime);
        Assert.Equal(new ProcTime(0, 1697875), view.SystemTime);
        Assert.Equal(new ProcTime(0, 4372), view.TrapTime);
        Assert.Equal(new ProcTime(0, 0), view.TextFaultTime);
        Assert.Equal(new ProcTime(0, 0), view.DataFaultTime);
        Assert.Equal(new ProcTime(0, 0), view.KernelFaultTime);
        Assert.Equal(new ProcTime(0, 0), view.LockTime);
        Assert.Equal(new ProcTime(55522, 961149250), view.SleepTime);
        Assert.Equal(new ProcTime(0, 8630699), view.WaitCpuTime);
        Assert.Equal(new ProcTime(0, 8987), view.StoppedTime);
        Assert.Equal(0ul, view.MinorFaults);
        Assert.Equal(0ul, view.MajorFaults);
        Assert.Equal(0ul, view.Swaps);
        Assert.Equal(0ul, view.InputBlocks);
        Assert.Equal(0ul, view.OutputBlocks);
        Assert.Equal(0ul, view.MessagesSent);
        Assert.Equal(0ul, view.MessagesReceived);
        Assert.Equal(0ul, view.Signals);
        Assert.Equal(5ul, view.VoluntaryContextSwitches);
        Assert.Equal(2ul, view.InvoluntaryContextSwitches);
        Assert.Equal(149ul, view.SystemCalls);
        Assert.Equal(4050ul, view.CharactersTransferred);

        // The process's CPU time in psinfo is user + system + trap time of usage: 722329 + 1697875 + 4372 = 2424576.
        Assert.Equal(PsinfoView.Parse(fixture.PsinfoBytes()).CpuTime.TotalNanoseconds, view.UserTime.TotalNanoseconds + view.SystemTime.TotalNanoseconds + view.TrapTime.TotalNanoseconds);
    }

    [Fact]
    public void TheMetricsSayWhatTheProcessFilesSay()
    {
        using var fixture = ProcFixture.Create();
        using var capture = new MetricCapture();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddKstatInstrumentation(o =>
            {
                o.ProcfsRoot = fixture.Root;
                o.Metrics = KstatMetricFamilies.Process;
                o.RefreshInterval = TimeSpan.FromHours(1);
            })
            .AddReader(capture.Reader)
            .Build();
        capture.Collect();

        var cpu = capture.Get("process.cpu.time");
        Assert.Equal(("s", MetricKind.Sum, true), (cpu.Unit, cpu.Kind, cpu.IsMonotonic));
        Assert.Equal(0.000722329, cpu.Point(("cpu.mode", "user")).Value, 1e-12);
        Assert.Equal(0.001697875 + 0.000004372, cpu.Point(("cpu.mode", "system")).Value, 1e-12);
        var memory = capture.Get("process.memory.usage");
        Assert.Equal(("By", MetricKind.Sum, false), (memory.Unit, memory.Kind, memory.IsMonotonic));
        Assert.Equal(1120 * 1024, Assert.Single(memory.Points).LongValue);
        Assert.Equal(1932 * 1024, Assert.Single(capture.Get("process.memory.virtual").Points).LongValue);
        var threads = capture.Get("process.thread.count");
        Assert.Equal(("{thread}", MetricKind.Sum, false), (threads.Unit, threads.Kind, threads.IsMonotonic));
        Assert.Equal(1, Assert.Single(threads.Points).LongValue);
        var faults = capture.Get("process.paging.faults");
        Assert.Equal(("{fault}", true), (faults.Unit, faults.IsMonotonic));
        Assert.Equal(0, faults.Point(("system.paging.fault.type", "major")).LongValue);
        Assert.Equal(0, faults.Point(("system.paging.fault.type", "minor")).LongValue);
        var switches = capture.Get("process.context_switches");
        Assert.Equal(("{context_switch}", true), (switches.Unit, switches.IsMonotonic));
        Assert.Equal(5, switches.Point(("process.context_switch.type", "voluntary")).LongValue);
        Assert.Equal(2, switches.Point(("process.context_switch.type", "involuntary")).LongValue);
        var uptime = capture.Get("process.uptime");
        Assert.Equal(("s", MetricKind.Gauge), (uptime.Unit, uptime.Kind));
        Assert.Equal(55635.849856538 - 112.877559607, Assert.Single(uptime.Points).Value, 1e-6);
    }

    [Fact]
    public void KeptOpenFilesAreReReadAtEachRefreshAndBadContentKeepsTheLastGoodValues()
    {
        using var fixture = ProcFixture.Create();
        var options = new KstatInstrumentationOptions { ProcfsRoot = fixture.Root, Metrics = KstatMetricFamilies.Process, RefreshInterval = TimeSpan.FromHours(1) };
        IKstatModule module = IllumosProcessModule.TryCreate(options)!;
        using var core = new InstrumentationCore(options, [module], $"KstatOtel.Tests.IllumosProcess.{Guid.NewGuid():N}");
        var part = (IllumosProcessPart)core.Exchange.CurrentForWriter!.Parts[0];
        Assert.Equal(1, part.Threads);

        // The process grew: 3 LWPs, 4096 KiB resident, 10 more voluntary switches.
        fixture.Write(
            psinfo: (l, b) =>
            {
                l.WriteInt(b, "Pr_nlwp", 3);
                l.WriteLong(b, "Pr_rssize", 4096);
            },
            usage: (l, b) => l.WriteLong(b, "Pr_vctx", 15));
        core.RefreshNow();
        part = (IllumosProcessPart)core.Exchange.CurrentForWriter!.Parts[0];
        Assert.Equal((3, 4096 * 1024, 15), (part.Threads, part.ResidentBytes, part.VoluntarySwitches));

        // A truncated psinfo is malformed: the refresh fails, is counted, and the last good values stay.
        File.WriteAllBytes(fixture.PsinfoPath, fixture.PsinfoBytes()[..100]);
        core.RefreshNow();
        part = (IllumosProcessPart)core.Exchange.CurrentForWriter!.Parts[0];
        Assert.Equal(1, part.TotalFailures);
        Assert.Equal(3, part.Threads);
    }

    [Fact]
    public void ASteadyStateRefreshAllocatesNothing()
    {
        using var fixture = ProcFixture.Create();
        var options = new KstatInstrumentationOptions { ProcfsRoot = fixture.Root, Metrics = KstatMetricFamilies.Process };
        using IKstatModule module = IllumosProcessModule.TryCreate(options)!;
        var part = module.CreatePart();
        for (var i = 0; i < 10; i++)
        {
            module.Refresh(part);
        }

        var allocated = Allocations.Measure(() => module.Refresh(part), 1000);
        Assert.True(allocated.Smallest == 0, $"1000 steady-state refreshes of psinfo and usage allocated {allocated}");
        Assert.Equal(5, ((IllumosProcessPart)part).VoluntarySwitches);
    }

    [Fact]
    public void AProcfsRootWithoutPsinfoIsNotAnIllumosOne()
    {
        var options = new KstatInstrumentationOptions { ProcfsRoot = "/proc" };
        Assert.False(IllumosProcessModule.Applies(options));
        Assert.DoesNotContain(ModuleCatalog.Create(options), m => m is IllumosProcessModule);
    }

    [Fact]
    public void ShortOrImpossibleStructuresAreMalformed()
    {
        using var fixture = ProcFixture.Create();
        var psinfo = fixture.PsinfoBytes();
        var usage = fixture.UsageBytes();
        var error = Assert.Throws<MalformedInputException>(() => PsinfoView.Parse(psinfo.AsSpan(0, PsinfoView.Size - 1)));
        Assert.Contains("415 bytes", error.Message, StringComparison.Ordinal);
        Assert.Throws<MalformedInputException>(() => PrusageView.Parse(usage.AsSpan(0, 336)));
        Assert.Throws<MalformedInputException>(() => PsinfoView.Parse([]));

        // tv_nsec beyond a second, a negative LWP count.
        var badTime = fixture.UsageBytes((l, b) => l.WriteTime(b, "Pr_utime", 1, 1_000_000_000));
        Assert.Contains("tv_nsec", Assert.Throws<MalformedInputException>(() => PrusageView.Parse(badTime)).Message, StringComparison.Ordinal);
        var badLwps = fixture.PsinfoBytes((l, b) => l.WriteInt(b, "Pr_nlwp", -1));
        Assert.Throws<MalformedInputException>(() => PsinfoView.Parse(badLwps));

        // Longer than the structure is fine (a later release may append fields).
        Assert.Equal(8055, PsinfoView.Parse([.. psinfo, .. new byte[64]]).Pid);
    }

    [Fact]
    public void TheDecodersOnlyEverRejectWithTheMalformedInputException()
    {
        // 50,000 inputs per decoder (1,000,000 with KSTATOTEL_LONG=1): random bytes and mutations of the real process's
        // files, every field read after a successful parse.
        using var fixture = ProcFixture.Create();
        var seed = PropertyRun.Seed(5055);
        var outcome = PropertyRun.Check("illumos/psinfo_t", typeof(MalformedInputException), [fixture.PsinfoBytes(), fixture.PsinfoBytes((l, b) => l.WriteInt(b, "Pr_nlwp", 0))], seed, PropertyRun.InputsPerDecoder, b =>
        {
            var view = PsinfoView.Parse(b);
            _ = (view.Flag, view.LwpCount, view.Pid, view.ParentPid, view.ProcessGroupId, view.SessionId, view.UserId, view.EffectiveUserId, view.GroupId, view.EffectiveGroupId);
            _ = (view.Address, view.SizeKilobytes, view.ResidentKilobytes, view.TtyDevice, view.PercentCpu, view.PercentMemory, view.Start, view.CpuTime, view.ChildrenCpuTime);
            _ = (view.FileName.Length, view.Arguments.Length, view.WaitStatus, view.ArgumentCount, view.ArgumentVector, view.EnvironmentVector, view.DataModel);
            _ = (view.TaskId, view.ProjectId, view.ZombieLwpCount, view.PoolId, view.ZoneId, view.ContractId);
        });
        Assert.True(outcome.Decoded > 0 && outcome.Rejected > 0, $"psinfo: {outcome}");
        outcome = PropertyRun.Check("illumos/prusage_t", typeof(MalformedInputException), [fixture.UsageBytes()], seed, PropertyRun.InputsPerDecoder, b =>
        {
            var view = PrusageView.Parse(b);
            _ = (view.LwpId, view.LwpCount, view.TimeStamp, view.Create, view.Terminate, view.RealTime, view.UserTime, view.SystemTime, view.TrapTime);
            _ = (view.TextFaultTime, view.DataFaultTime, view.KernelFaultTime, view.LockTime, view.SleepTime, view.WaitCpuTime, view.StoppedTime);
            _ = (view.MinorFaults, view.MajorFaults, view.Swaps, view.InputBlocks, view.OutputBlocks, view.MessagesSent, view.MessagesReceived);
            _ = (view.Signals, view.VoluntaryContextSwitches, view.InvoluntaryContextSwitches, view.SystemCalls, view.CharactersTransferred);
        });
        Assert.True(outcome.Decoded > 0 && outcome.Rejected > 0, $"prusage: {outcome}");
    }
}
