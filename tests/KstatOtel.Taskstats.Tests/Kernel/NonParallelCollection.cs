namespace KstatOtel.Taskstats.Tests.Kernel;

/// <summary>Tests that change kernel.task_delayacct or count every exit on the machine run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NonParallelCollection
{
    public const string Name = "Taskstats: sysctl and exit listeners";
}
