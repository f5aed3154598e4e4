using System.Globalization;
using System.Text.Json;
using KstatOtel.Packaging.Tests.Support;
using Xunit.Abstractions;

namespace KstatOtel.Packaging.Tests;

/// <summary>
/// What a new user does: a fresh console project in an empty folder, KstatOtel added from the local package folder
/// (OpenTelemetry from the registry), AddKstatInstrumentation() and a reader of the program's own, run. As that user,
/// with a home, NuGet folders and caches of their own under the test's temporary folder.
/// </summary>
[Collection(PackagingCollection.Name)]
public class NewUserTests(PackedRepository packed, ITestOutputHelper log)
{
    private const long WorkBytes = 96L << 20; // what Consumer/Program.cs allocates and touches
    private const double WorkCpuSeconds = 0.3; // what Consumer/Program.cs burns at least

    [Fact]
    public void AConsoleProjectThatAddsThePackageSeesTheProcessMetrics()
    {
        var root = packed.NewFolder("new-user");
        var environment = IsolatedEnvironment.ForNewUser(root);
        NuGetConfig.Write(root, packed.Packages, withNuGetOrg: true);
        var app = Path.Combine(root, "app");

        Command.RunChecked("dotnet", ["new", "console", "--output", app, "--no-update-check"], root, environment, TimeSpan.FromMinutes(3));
        Command.RunChecked("dotnet", ["add", "package", "KstatOtel", "--version", packed.Version], app, environment, TimeSpan.FromMinutes(3));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs"), Path.Combine(app, "Program.cs"), overwrite: true);
        var run = Command.RunChecked("dotnet", ["run", "--configuration", "Release"], app, environment, TimeSpan.FromMinutes(4));
        log.WriteLine(run.ToString());

        // The restore took KstatOtel and its two siblings from the local folder, into the user's own packages folder.
        foreach (var id in PackedRepository.LibraryIds)
        {
            var metadata = Path.Combine(environment["NUGET_PACKAGES"], id.ToLowerInvariant(), packed.Version, ".nupkg.metadata");
            Assert.True(File.Exists(metadata), $"{id} {packed.Version} was not restored into the user's packages folder\n{run}");
            using var json = JsonDocument.Parse(File.ReadAllText(metadata));
            Assert.Equal(Path.TrimEndingDirectorySeparator(packed.Packages), Path.TrimEndingDirectorySeparator(json.RootElement.GetProperty("source").GetString()!));
        }

        var output = ConsumerOutput.Parse(run.Output);
        var context = run.ToString();

        var cpu = output.Points("process.cpu.time");
        Assert.True(cpu.Count > 0, $"no process.cpu.time\n{context}");
        Assert.All(cpu, p => Assert.Equal(("KstatOtel", packed.Version, "s", "DoubleSum"), (p.Meter, p.MeterVersion, p.Unit, p.Type)));
        Assert.Contains(cpu, p => p.Tag("cpu.mode") == "user");
        Assert.Contains(cpu, p => p.Tag("cpu.mode") == "system");
        var cpuTotal = cpu.Sum(p => p.Value);
        var selfCpu = output.Self("cpu.time");
        Assert.True(cpuTotal >= WorkCpuSeconds, $"process.cpu.time adds up to {cpuTotal} s, less than the {WorkCpuSeconds} s the program burned\n{context}");
        Assert.True(cpuTotal <= selfCpu + 0.1, $"process.cpu.time adds up to {cpuTotal} s, more than the {selfCpu} s the process counts itself afterwards\n{context}");

        var memory = Assert.Single(output.Points("process.memory.usage"));
        Assert.Equal(("KstatOtel", packed.Version, "By"), (memory.Meter, memory.MeterVersion, memory.Unit));
        var selfMemory = output.Self("memory.usage");
        Assert.True(memory.Value >= WorkBytes, $"process.memory.usage is {memory.Value} B, less than the {WorkBytes} B the program touched\n{context}");
        Assert.True(
            memory.Value >= selfMemory * 0.5 && memory.Value <= selfMemory * 1.5,
            $"process.memory.usage is {memory.Value} B; the process counts {selfMemory} B itself\n{context}");

        var ages = output.Points("kstatotel.snapshot.age");
        Assert.True(ages.Count > 0, $"no kstatotel.snapshot.age\n{context}");
        Assert.All(ages, a => Assert.InRange(a.Value, 0, 5.0)); // refreshed every 0.1 s

        // The export the provider makes when disposed still carries the process's values, the last ones read.
        var final = output.PointsAtShutdown("process.cpu.time");
        Assert.True(final.Count == cpu.Count, $"the export at shutdown has {final.Count} process.cpu.time points\n{context}");
        Assert.True(final.Sum(p => p.Value) >= cpuTotal, $"process.cpu.time went down at shutdown\n{context}");
    }

    /// <summary>The lines Consumer/Program.cs prints.</summary>
    private sealed class ConsumerOutput
    {
        private readonly List<Point> points = [];
        private readonly List<Point> atShutdown = [];
        private readonly Dictionary<string, double> self = new(StringComparer.Ordinal);

        public static ConsumerOutput Parse(string text)
        {
            var output = new ConsumerOutput();
            var into = output.points;
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var fields = line.Split('\t');
                if (fields is ["metric", var meter, var version, var name, var unit, var type, var tags, var value])
                {
                    var tagMap = tags.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split('=', 2)).ToDictionary(t => t[0], t => t[1], StringComparer.Ordinal);
                    into.Add(new Point(meter, version, name, unit, type, tagMap, double.Parse(value, CultureInfo.InvariantCulture)));
                }
                else if (line.TrimEnd('\r') == "shutdown")
                {
                    into = output.atShutdown;
                }
                else if (fields is ["self", var quantity, var amount])
                {
                    output.self[quantity] = double.Parse(amount, CultureInfo.InvariantCulture);
                }
            }

            return output;
        }

        /// <summary>The points of the program's own collection.</summary>
        public IReadOnlyList<Point> Points(string name) => points.Where(p => p.Name == name).ToList();

        /// <summary>The points of the export made when the provider was disposed.</summary>
        public IReadOnlyList<Point> PointsAtShutdown(string name) => atShutdown.Where(p => p.Name == name).ToList();

        public double Self(string quantity)
        {
            Assert.True(self.ContainsKey(quantity), $"the program did not print its own {quantity}");
            return self[quantity];
        }
    }

    private sealed record Point(string Meter, string MeterVersion, string Name, string Unit, string Type, IReadOnlyDictionary<string, string> Tags, double Value)
    {
        public string? Tag(string key) => Tags.GetValueOrDefault(key);
    }
}
