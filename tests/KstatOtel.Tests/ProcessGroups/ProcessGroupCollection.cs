namespace KstatOtel.Tests.ProcessGroups;

/// <summary>
/// The process-group tests that start processes and measure CPU run one at a time: CPU burners of one test would
/// otherwise slow the short-lived processes of another, and the machine has two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessGroupCollection
{
    public const string Name = "Process groups (real processes)";
}
