using KstatOtel.Instruments;
using KstatOtel.Modules;
using KstatOtel.Snapshots;

namespace KstatOtel.Tests.Reliability.Support;

/// <summary>
/// A real module behind a switch: while <see cref="Failing"/> is set, every refresh throws before reading anything, as
/// a module does when a source cannot be read (a module writes its part only once every source answered). Named apart
/// so that its events can be told from others'.
/// </summary>
internal sealed class FaultyModule : IKstatModule
{
    private readonly IKstatModule _inner;
    private volatile bool _failing;
    private int _refreshes;
    private int _failures;

    public FaultyModule(IKstatModule inner, string name)
    {
        _inner = inner;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Makes every refresh throw while true.</summary>
    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public int Refreshes => Volatile.Read(ref _refreshes);

    public int Failures => Volatile.Read(ref _failures);

    public ISnapshotPart CreatePart() => _inner.CreatePart();

    public void Refresh(ISnapshotPart part)
    {
        Interlocked.Increment(ref _refreshes);
        if (_failing)
        {
            Interlocked.Increment(ref _failures);
            throw new InvalidOperationException($"{Name}: injected refresh failure");
        }

        _inner.Refresh(part);
    }

    public void CreateInstruments(InstrumentRegistrar registrar, int partIndex) => _inner.CreateInstruments(registrar, partIndex);

    public void Dispose() => _inner.Dispose();
}
