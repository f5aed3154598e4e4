using KstatOtel.Testing;
using KstatOtel.Tests.Linux.Support;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// The Linux instruments of src/KstatOtel/README.md (the README inside the NuGet package) and the instruments
/// AddKstatInstrumentation() creates on Linux with every family and every opt-in, process groups with thread detail
/// included: the same names both ways, with the documented unit, instrument type, value type and attribute keys.
/// </summary>
[Collection(InstrumentationCollection.Name)]
public class PackageReadmeLinuxTests(ITestOutputHelper output)
{
    private const string CgroupTasks = "kstatotel.cgroup.tasks";

    [SkippableFact]
    public void EveryLinuxInstrumentOfThePackageReadmeMatchesTheCode()
    {
        Privileges.RequireNetAdmin(); // delay accounting and exit records need taskstats
        var documented = PackageReadme.Read().Where(r => !r.IsIllumos).ToList();
        var comm = File.ReadAllText("/proc/self/comm").Trim();
        using var provider = InstrumentedProvider.Start(o =>
        {
            o.Metrics = KstatMetricFamilies.All;
            o.IncludeProportionalSetSize = true;
            o.RefreshInterval = TimeSpan.FromHours(1);
            o.ProcessGroups.IncludeThreads = true;
            o.ProcessGroups.IncludeProportionalSetSize = true;
            o.TrackProcesses(new ProcessGroupDefinition { Name = "package-readme", Comm = { comm } });
        });
        var exported = provider.RefreshAndCollect();

        // Without a cgroup v1 cpu hierarchy cgroupstats has nothing to count and the instrument is not created.
        var absent = LinuxFacts.HasCgroupV1Cpu ? [] : new[] { CgroupTasks };
        var problems = PackageReadmeComparison.Compare(documented, provider.Core.Instruments, exported, absent);
        output.WriteLine($"attribute keys not checked (no point exported): {string.Join(", ", PackageReadmeComparison.WithoutPoints(documented, exported))}");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(provider.Core.Instruments.Count >= 30, $"only {provider.Core.Instruments.Count} instruments were created");
    }
}
