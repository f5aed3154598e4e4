namespace KstatOtel.Tests.Reliability;

/// <summary>
/// The reliability tests that load the machine or measure time and growth (concurrency, soak, floods, process churn,
/// faults with short refresh intervals): they run alone, after the parallel tests, so that they neither disturb the
/// timing-sensitive tests nor get disturbed by them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability (load, time, faults)";
}
