using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Linux;

/// <summary>The README metric tables and the instruments the code creates on Linux must agree.</summary>
[Collection(InstrumentationCollection.Name)]
public class ReadmeTableTests
{
    private const string DelayTable = "Delay accounting (Linux)";
    private const string CgroupTable = "Cgroup (Linux)";

    [Fact]
    public void TheReadmeHasTheLinuxTablesInTheDocumentedFormat()
    {
        var rows = ReadmeMetricTables.Read();
        var linux = rows.Where(r => r.IsOnLinux).ToList();
        Assert.Contains(linux, r => r.Table == "Own process (Linux)");
        Assert.Contains(linux, r => r.Table == DelayTable);
        Assert.Contains(linux, r => r.Table == CgroupTable);
        Assert.Contains(linux, r => r.Table == "Health");
        Assert.Equal(linux.Count, linux.Select(r => r.Name).Distinct().Count());
        Assert.All(linux, r => Assert.NotEmpty(r.Source));
    }

    [Fact]
    public void TheParserRejectsARowOutOfFormat()
    {
        const string Header = "## Metrics\n\n### T\n\n| name | kind | unit | attributes | source | platform | default |\n| --- | --- | --- | --- | --- | --- | --- |\n";
        Assert.Throws<FormatException>(() => ReadmeMetricTables.Parse(Header + "| `a` | Histogram | s | - | x | Linux | on |\n"));
        Assert.Throws<FormatException>(() => ReadmeMetricTables.Parse(Header + "| a | Counter | s | - | x | Linux | on |\n"));
        Assert.Throws<FormatException>(() => ReadmeMetricTables.Parse(Header + "| `a` | Counter | s | - | x | Linux | maybe |\n"));
        var row = Assert.Single(ReadmeMetricTables.Parse(Header + "| `a.b` | Counter | {x} | `k` (v1, v2), `p` | src | Linux, illumos | opt-in (Flag) |\n"));
        Assert.Equal(["v1", "v2"], row.Attributes["k"]!);
        Assert.Null(row.Attributes["p"]);
        Assert.False(row.IsDefault);
        Assert.Equal(["Linux", "illumos"], row.Platforms);
    }

    [SkippableFact]
    public void WithTaskstatsEveryLinuxRowMatchesTheCode()
    {
        Privileges.RequireNetAdmin();
        var documented = ReadmeMetricTables.Read();
        using var provider = InstrumentedProvider.Start(o =>
        {
            o.Metrics = KstatMetricFamilies.All;
            o.IncludeProportionalSetSize = true;
            o.LinuxSource = LinuxProcessSource.Taskstats;
            o.RefreshInterval = TimeSpan.FromHours(1);
        });
        var exported = provider.RefreshAndCollect();

        var expected = documented.Where(d => d.IsOnLinux && (LinuxFacts.HasCgroupV1Cpu || d.Table != CgroupTable)).ToList();
        var problems = DocumentedComparison.Compare(expected, documented, provider.Core.Instruments, exported);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void WithProcfsForcedEveryRowButDelayAccountingMatchesTheCode()
    {
        var documented = ReadmeMetricTables.Read();
        using var provider = InstrumentedProvider.Start(o =>
        {
            o.Metrics = KstatMetricFamilies.All;
            o.IncludeProportionalSetSize = true;
            o.LinuxSource = LinuxProcessSource.Procfs;
            o.RefreshInterval = TimeSpan.FromHours(1);
        });
        var exported = provider.RefreshAndCollect();

        var expected = documented.Where(d => d.IsOnLinux && d.Table != DelayTable && (LinuxFacts.HasCgroupV1Cpu || d.Table != CgroupTable)).ToList();
        var problems = DocumentedComparison.Compare(expected, documented, provider.Core.Instruments, exported);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.DoesNotContain(provider.Core.Instruments, i => documented.Any(d => d.Table == DelayTable && d.Name == i.Name));
    }

    [Fact]
    public void TheDefaultOptionsCreateExactlyTheRowsMarkedOn()
    {
        var documented = ReadmeMetricTables.Read();
        using var provider = InstrumentedProvider.Start(o => o.RefreshInterval = TimeSpan.FromHours(1));
        var taskstats = Privileges.HasNetAdmin;
        var expected = documented
            .Where(d => d.IsOnLinux && d.IsDefault && (taskstats || d.Table != DelayTable) && (LinuxFacts.HasCgroupV1Cpu || d.Table != CgroupTable))
            .Select(d => d.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, provider.Core.Instruments.Select(i => i.Name).Order(StringComparer.Ordinal));
    }
}
