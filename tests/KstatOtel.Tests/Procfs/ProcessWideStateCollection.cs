namespace KstatOtel.Tests.Procfs;

/// <summary>
/// Tests that observe process-wide state other tests change while they run in parallel (the descriptor table):
/// this collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideStateCollection
{
    public const string Name = "process-wide state";
}
