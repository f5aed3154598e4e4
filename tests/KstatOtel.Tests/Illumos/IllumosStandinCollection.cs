namespace KstatOtel.Tests.Illumos;

/// <summary>
/// Every test that loads the libkstat stand-in: a process binds one libkstat, and the stand-in's fixture list,
/// frames and injections are process-wide, so these tests run one at a time, apart from the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IllumosStandinCollection
{
    public const string Name = "illumos libkstat stand-in";
}
