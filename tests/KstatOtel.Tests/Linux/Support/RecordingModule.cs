using System.Collections.Concurrent;
using KstatOtel.Instruments;
using KstatOtel.Linux;
using KstatOtel.Modules;
using KstatOtel.Snapshots;

namespace KstatOtel.Tests.Linux.Support;

/// <summary>
/// Wraps the real Linux process module and records, after each refresh, the values that refresh wrote together, so
/// that a test can check that every collection read one such set whole (no torn snapshot).
/// </summary>
internal sealed class RecordingModule : IKstatModule
{
    private readonly LinuxProcessModule _inner;

    public RecordingModule(LinuxProcessModule inner) => _inner = inner;

    public ConcurrentDictionary<ProcessValues, bool> Written { get; } = new();

    public string Name => _inner.Name;

    public ISnapshotPart CreatePart() => _inner.CreatePart();

    /// <summary>Wall-clock time spent in the inner module's refreshes, in Stopwatch ticks.</summary>
    public long RefreshTicks { get; private set; }

    public void Refresh(ISnapshotPart part)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        _inner.Refresh(part);
        RefreshTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        Written.TryAdd(ProcessValues.From((LinuxProcessPart)part), true);
    }

    public void CreateInstruments(InstrumentRegistrar registrar, int partIndex) => _inner.CreateInstruments(registrar, partIndex);

    public void Dispose() => _inner.Dispose();
}

/// <summary>The values of one refresh that several instruments publish.</summary>
internal readonly record struct ProcessValues(double User, double System, long Minor, long Major, long Voluntary, long Involuntary, long Resident, long Threads)
{
    public static ProcessValues From(LinuxProcessPart part) => new(
        part.UserSeconds, part.SystemSeconds, part.MinorFaults, part.MajorFaults, part.VoluntarySwitches, part.InvoluntarySwitches, part.ResidentBytes, part.Threads);
}
