using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using KstatOtel.Testing;
using KstatOtel.Tests.ProcessGroups.Support;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>
/// The ProcessGroups example run as uid nobody through setpriv, next to processes of root: other users' processes
/// are counted as refused reads, nothing crashes, and the process's own processes are tracked in full.
/// </summary>
[Collection(ProcessGroupCollection.Name)]
public class UnprivilegedTests
{
    [SkippableFact]
    public void AsNobodyOtherUsersProcessesAreCountedAsRefusedAndOwnProcessesAreTracked()
    {
        Privileges.RequireRoot();
        Privileges.RequireSetpriv();
        var own = PgChild.UniqueName("kso-n");
        var others = PgChild.UniqueName("kso-r");
        using var rootSleeper = PgChild.Sleep(others);

        // The child shell (as nobody) starts a sleeper of its own, runs the example, then stops its sleeper.
        const string script = "\"$0\" sleep \"$1\" >/dev/null & c=$!; shift 1; \"$@\"; code=$?; kill $c; exit $code";
        var (code, output, error) = Run(
            "/usr/bin/setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--",
                "/bin/sh", "-c", script, PgChild.HelperPath, own,
                DotnetHost(), ExampleDll(), "--lines", "--interval-ms", "700", "--duration-s", "3",
                "--group", "own", "--comm", own, "--group", "others", "--comm", others, "--group", "rest",
            ]);

        Assert.True(code == 0, $"exit code {code}; stderr: {error}");
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        var last = output.Split("collection ").Last();
        var groups = last.Split('\n').Where(l => l.StartsWith("group\t", StringComparison.Ordinal))
            .ToDictionary(l => l.Split('\t')[1], l => Values(l.Split('\t')[2]));
        var health = Values(last.Split('\n').Single(l => l.StartsWith("health\t", StringComparison.Ordinal)).Split('\t')[1]);

        // Its own sleeper: everything, I/O included.
        Assert.Equal(1, groups["own"]["process.count.sleeping"]);
        Assert.True(groups["own"].ContainsKey("disk.io.read"), "the own process's I/O is read");
        Assert.True(groups["own"]["memory.usage"] > 0);

        // Root's sleeper: counted and measured from what anyone may read (stat, status), without its I/O.
        Assert.Equal(1, groups["others"]["process.count.sleeping"]);
        Assert.True(groups["others"].ContainsKey("cpu.time.user"));
        Assert.False(groups["others"].ContainsKey("disk.io.read"), "another user's I/O is not readable");

        // Every other user's process counts as refused; nothing failed; the gap of short-lived processes is counted.
        Assert.True(health["read_errors.permission_denied"] >= 2, $"permission_denied {health["read_errors.permission_denied"]}");
        Assert.Equal(0, health["read_errors.failed"]);
        Assert.True(health.ContainsKey("unobserved_tasks"), "without taskstats the unobserved tasks are counted");
        Assert.False(health.ContainsKey("exit_records.lost"), "no exit listener without CAP_NET_ADMIN");
    }

    private static Dictionary<string, double> Values(string pairs) =>
        pairs.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

    private static string ExampleDll()
    {
        var configuration = typeof(UnprivilegedTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var path = RepoPaths.Combine("examples", "ProcessGroups", "bin", configuration, "net10.0", "ProcessGroups.dll");
        Assert.True(File.Exists(path), $"{path} is built with the tests (project reference)");
        return path;
    }

    private static string DotnetHost() => Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    private static (int Code, string Output, string Error) Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // uid 65534 has no home; the host wants somewhere to write.
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(90)), $"{program} did not finish");
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
