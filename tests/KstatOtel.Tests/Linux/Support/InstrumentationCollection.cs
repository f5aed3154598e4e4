namespace KstatOtel.Tests.Linux.Support;

/// <summary>
/// Tests that start the process-wide instrumentation (one shared core per process, the first provider's options win),
/// count the process's descriptors or change kernel.task_delayacct: they run alone, one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InstrumentationCollection
{
    public const string Name = "KstatOtel instrumentation (process-wide)";
}
