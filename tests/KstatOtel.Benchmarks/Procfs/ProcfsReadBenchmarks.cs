using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using KstatOtel.Procfs;

namespace KstatOtel.Benchmarks.Procfs;

/// <summary>
/// One full procfs read of the own process (stat + status + io + descriptor count through kept-open handles,
/// parsed into a <see cref="ProcessSample"/>), next to the route OpenTelemetry.Instrumentation.Process takes
/// (Process.GetCurrentProcess(), Refresh(), then eight properties), the same files reopened each time, a leaner
/// read with statm instead of status, and the parts of the full read.
/// Run: dotnet run -c Release --project tests/KstatOtel.Benchmarks -- --filter '*ProcfsReadBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ProcfsReadBenchmarks
{
    private ProcessReader _full = null!;
    private ProcessReader _lean = null!;
    private ProcfsFile _stat = null!;
    private ProcfsFile _status = null!;
    private ProcfsFile _io = null!;
    private FileDescriptorCounter _fds = null!;
    private string _statPath = null!;
    private string _statusPath = null!;
    private string _ioPath = null!;

    [GlobalSetup]
    public void Setup()
    {
        var pid = Environment.ProcessId;
        Check(ProcessReader.TryOpen(ProcfsPaths.DefaultRoot, pid, ProcessFiles.Default, out var full));
        _full = full!;
        Check(ProcessReader.TryOpen(ProcfsPaths.DefaultRoot, pid, ProcessFiles.Stat | ProcessFiles.Statm | ProcessFiles.Io | ProcessFiles.FileDescriptors, out var lean));
        _lean = lean!;
        _statPath = ProcfsPaths.ForProcess(ProcfsPaths.DefaultRoot, pid, "stat");
        _statusPath = ProcfsPaths.ForProcess(ProcfsPaths.DefaultRoot, pid, "status");
        _ioPath = ProcfsPaths.ForProcess(ProcfsPaths.DefaultRoot, pid, "io");
        Check(ProcfsFile.TryOpen(_statPath, out var stat));
        Check(ProcfsFile.TryOpen(_statusPath, out var status, 2048));
        Check(ProcfsFile.TryOpen(_ioPath, out var io));
        Check(FileDescriptorCounter.TryOpen(ProcfsPaths.ForProcess(ProcfsPaths.DefaultRoot, pid, "fd"), out var fds));
        (_stat, _status, _io, _fds) = (stat!, status!, io!, fds!);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _full.Dispose();
        _lean.Dispose();
        _stat.Dispose();
        _status.Dispose();
        _io.Dispose();
        _fds.Dispose();
    }

    /// <summary>stat + status + io + fd count, kept open, parsed: what the own-process refresh reads.</summary>
    [Benchmark(Baseline = true)]
    public ulong FullProcfsRead()
    {
        _full.TryRead(out var sample);
        return sample.Stat.UTime + sample.Stat.STime + (sample.Status.VmRssBytes ?? 0) + (sample.Io.ReadBytes ?? 0) + (ulong)(sample.OpenFileDescriptors ?? 0);
    }

    /// <summary>stat + statm + io + fd count: memory from statm instead of status (no context switches).</summary>
    [Benchmark]
    public ulong LeanProcfsRead()
    {
        _lean.TryRead(out var sample);
        return sample.Stat.UTime + sample.Stat.STime + sample.Statm.Resident + (sample.Io.ReadBytes ?? 0) + (ulong)(sample.OpenFileDescriptors ?? 0);
    }

    /// <summary>What OpenTelemetry.Instrumentation.Process reads for one collection.</summary>
    [Benchmark]
    public double ProcessClassRoute()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.TotalProcessorTime.TotalSeconds
            + process.UserProcessorTime.TotalSeconds
            + process.PrivilegedProcessorTime.TotalSeconds
            + process.WorkingSet64
            + process.VirtualMemorySize64
            + process.Threads.Count
            + process.HandleCount
            + process.StartTime.Ticks;
    }

    /// <summary>The same three files opened, read and closed each time with File.ReadAllBytes, then parsed.</summary>
    [Benchmark]
    public ulong ReopenWithReadAllBytes()
    {
        var stat = ProcStatParser.Parse(File.ReadAllBytes(_statPath));
        var status = ProcStatusParser.Parse(File.ReadAllBytes(_statusPath));
        var io = ProcIoParser.Parse(File.ReadAllBytes(_ioPath));
        return stat.UTime + (status.VmRssBytes ?? 0) + (io.ReadBytes ?? 0);
    }

    [Benchmark]
    public ulong StatOnly()
    {
        _stat.TryRead(out var content);
        return ProcStatParser.Parse(content).UTime;
    }

    [Benchmark]
    public ulong StatusOnly()
    {
        _status.TryRead(out var content);
        return ProcStatusParser.Parse(content).VmRssBytes ?? 0;
    }

    [Benchmark]
    public ulong IoOnly()
    {
        _io.TryRead(out var content);
        return ProcIoParser.Parse(content).ReadBytes ?? 0;
    }

    [Benchmark]
    public long FdCountOnly()
    {
        _fds.TryCount(out var count);
        return count;
    }

    private static void Check(ProcfsReadStatus status)
    {
        if (status != ProcfsReadStatus.Ok)
        {
            throw new InvalidOperationException($"procfs setup failed: {status}");
        }
    }
}
