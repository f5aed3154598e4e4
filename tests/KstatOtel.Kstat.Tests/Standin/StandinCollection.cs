namespace KstatOtel.Kstat.Tests;

/// <summary>
/// Every test that uses the stand-in: its simulated kernel, its injections and the environment it reads are
/// process-wide, and setenv must not race with getenv, so these tests run one at a time, apart from the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StandinCollection
{
    public const string Name = "libkstat stand-in";
}
