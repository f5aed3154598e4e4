using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.Testing.Metrics;
using KstatOtel.Tests.ProcessGroups.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>Process groups from settings: the plain options bind from configuration (in-memory and JSON).</summary>
public class ConfigurationBindingTests
{
    [Fact]
    public void GroupsBindFromInMemoryConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kstat:RefreshInterval"] = "00:00:02",
            ["Kstat:ProcessGroups:TrackChildren"] = "true",
            ["Kstat:ProcessGroups:RemoveEmptyGroups"] = "true",
            ["Kstat:ProcessGroups:MaxGroups"] = "50",
            ["Kstat:ProcessGroups:IncludeThreads"] = "true",
            ["Kstat:ProcessGroups:UseTaskstats"] = "false",
            ["Kstat:ProcessGroups:Groups:0:Name"] = "web",
            ["Kstat:ProcessGroups:Groups:0:Comm:0"] = "nginx",
            ["Kstat:ProcessGroups:Groups:0:Comm:1"] = "httpd",
            ["Kstat:ProcessGroups:Groups:1:Name"] = "worker-{Matches.id}",
            ["Kstat:ProcessGroups:Groups:1:Cmdline:0"] = @"worker-(?<id>\d+)",
            ["Kstat:ProcessGroups:Groups:2:Name"] = "{Comm}",
            ["Kstat:ProcessGroups:Groups:2:Exe:0"] = "/usr/bin/python3",
        }).Build();

        var options = Bind(configuration.GetSection("Kstat"));

        Assert.Equal(TimeSpan.FromSeconds(2), options.RefreshInterval);
        var groups = options.ProcessGroups;
        Assert.True(groups.TrackChildren);
        Assert.True(groups.RemoveEmptyGroups);
        Assert.True(groups.IncludeThreads);
        Assert.False(groups.UseTaskstats);
        Assert.Equal(50, groups.MaxGroups);
        Assert.Equal(["web", "worker-{Matches.id}", "{Comm}"], groups.Groups.Select(g => g.Name));
        Assert.Equal(["nginx", "httpd"], groups.Groups[0].Comm);
        Assert.Equal([@"worker-(?<id>\d+)"], groups.Groups[1].Cmdline);
        Assert.Equal(["/usr/bin/python3"], groups.Groups[2].Exe);
        options.Validate();
    }

    [Fact]
    public void GroupsBindFromJson()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kstatotel-groups-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """
            {
              "Kstat": {
                "ProcessGroups": {
                  "MaxGroups": 20,
                  "Groups": [
                    { "Name": "db", "Comm": [ "postgres" ], "Exe": [ "postgres", "/usr/lib/postgresql/16/bin/postgres" ] },
                    { "Name": "{ExeBase}-{Username}" }
                  ]
                }
              }
            }
            """);
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();
            var options = Bind(configuration.GetSection("Kstat"));
            Assert.Equal(20, options.ProcessGroups.MaxGroups);
            Assert.Equal(["db", "{ExeBase}-{Username}"], options.ProcessGroups.Groups.Select(g => g.Name));
            Assert.Equal(["postgres", "/usr/lib/postgresql/16/bin/postgres"], options.ProcessGroups.Groups[0].Exe);
            Assert.Empty(options.ProcessGroups.Groups[1].Comm);
            options.Validate();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void AnInvalidGroupFromConfigurationIsRefusedWithItsPosition()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kstat:ProcessGroups:Groups:0:Name"] = "fine",
            ["Kstat:ProcessGroups:Groups:1:Name"] = "x-{Matches.missing}",
            ["Kstat:ProcessGroups:Groups:1:Cmdline:0"] = "x",
        }).Build();
        var error = Assert.ThrowsAny<ArgumentException>(Bind(configuration.GetSection("Kstat")).Validate);
        Assert.Contains("ProcessGroups.Groups[1].Name", error.Message, StringComparison.Ordinal);
    }

    private static KstatInstrumentationOptions Bind(IConfigurationSection section)
    {
        var services = new ServiceCollection();
        services.AddOptions();
        services.Configure<KstatInstrumentationOptions>(section);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<KstatInstrumentationOptions>>().Value;
    }
}

/// <summary>AddKstatInstrumentation() with groups from a JSON settings file, end to end (the shared instrumentation runs alone).</summary>
[Collection(ProcessGroupCollection.Name)]
public class ConfiguredInstrumentationTests
{
    [Fact]
    public void AddKstatInstrumentationTracksTheGroupsOfASettingsFile()
    {
        var name = PgChild.UniqueName("kso-j");
        using var sleeper = PgChild.Sleep(name);
        var file = Path.Combine(Path.GetTempPath(), $"kstatotel-groups-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, $$"""
            { "Kstat": { "RefreshInterval": "00:00:00.200", "ProcessGroups": { "Groups": [ { "Name": "from-json-{Comm}", "Comm": [ "{{name}}" ] } ] } } }
            """);
        try
        {
            var section = new ConfigurationBuilder().AddJsonFile(file).Build().GetSection("Kstat");
            using var capture = new MetricCapture();
            using (var provider = Sdk.CreateMeterProviderBuilder()
                .ConfigureServices(services => services.Configure<KstatInstrumentationOptions>(section))
                .AddKstatInstrumentation()
                .AddReader(capture.Reader)
                .Build())
            {
                capture.Collect();
                var count = capture.Get(ProcessGroupInstruments.ProcessCount);
                var point = count.Point((Attributes.GroupName, "from-json-" + name), (Attributes.ProcessState, "sleeping"));
                Assert.Equal(1, point.Value);
                Assert.False(count.IsMonotonic);
                Assert.True(capture.Get(ProcessGroupInstruments.CpuTime).IsMonotonic);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
