using System.Globalization;
using KstatOtel.Packaging.Tests.Support;
using KstatOtel.Testing;

namespace KstatOtel.Packaging.Tests;

/// <summary>The tools installed the way their READMEs say (dotnet tool install), from the local package folder, and run.</summary>
[Collection(PackagingCollection.Name)]
public class ToolInstallTests(PackedRepository packed)
{
    private const string Capture = "illumos-cpu--3--sys.kstat";

    [Fact]
    public void TheInstalledKstatToolReplaysACaptureThroughTheStandinItCarries()
    {
        var (root, environment, command) = Install("kstatotel-kstat");

        // Outside the repository, as a user would: the capture copied next to the tool, the stand-in built from the
        // sources embedded in the tool into the user's cache.
        var capture = Path.Combine(root, Capture);
        File.Copy(RepoPaths.Combine("tests", "fixtures", "kstat", Capture), capture);
        var run = Command.RunChecked(command, ["--fixture", capture, "-p"], root, environment, TimeSpan.FromMinutes(2));

        var expected = File.ReadAllLines(capture).Where(l => l.Length > 0 && !l.StartsWith('#')).Order(StringComparer.Ordinal);
        Assert.Equal(expected, run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        var built = Directory.GetFiles(Path.Combine(environment["XDG_CACHE_HOME"], "kstatotel"), "libkstat.so.1", SearchOption.AllDirectories);
        Assert.Single(built);
    }

    [SkippableFact]
    public void TheInstalledGetdelaysToolReadsThisProcess()
    {
        Privileges.RequireNetAdmin();
        var (root, environment, command) = Install("kstatotel-getdelays");

        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var run = Command.RunChecked(command, ["-t", pid, "-q"], root, environment, TimeSpan.FromMinutes(2));

        Assert.StartsWith($"TGID {pid}", run.Output, StringComparison.Ordinal);
        Assert.Contains("context switches: voluntary ", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// dotnet tool install --tool-path into a new user's folder, from a nuget.config that lists the local folder only;
    /// returns the folder, the user's environment and the command's path.
    /// </summary>
    private (string Root, IReadOnlyDictionary<string, string> Environment, string Command) Install(string id)
    {
        var root = packed.NewFolder($"tool-{id}");
        var environment = IsolatedEnvironment.ForNewUser(root);
        var config = NuGetConfig.Write(root, packed.Packages, withNuGetOrg: false);
        var tools = Path.Combine(root, "tools");
        var install = Command.RunChecked(
            "dotnet",
            ["tool", "install", "--tool-path", tools, "--configfile", config, "--add-source", packed.Packages, id, "--version", packed.Version],
            root,
            environment,
            TimeSpan.FromMinutes(3));
        var command = Path.Combine(tools, id);
        Assert.True(File.Exists(command), $"no command {command} after the install\n{install}");
        return (root, environment, command);
    }
}
