using System.Diagnostics;
using System.Reflection;
using KstatOtel.Testing;

namespace KstatOtel.Taskstats.Tests.Kernel;

/// <summary>The Getdelays example, run as a child process: as root, and without CAP_NET_ADMIN through setpriv.</summary>
public class GetdelaysExampleTests
{
    private static string GetdelaysDll()
    {
        var configuration = typeof(GetdelaysExampleTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var path = RepoPaths.Combine("examples", "Getdelays", "bin", configuration, "net10.0", "Getdelays.dll");
        Assert.True(File.Exists(path), $"{path} is built with the tests (project reference)");
        return path;
    }

    [SkippableFact]
    public void WithoutCapNetAdminItFailsWithThePermissionMessage()
    {
        Privileges.RequireRoot(); // to switch to uid 65534
        Privileges.RequireSetpriv();
        var dll = GetdelaysDll();

        var (code, output, error) = Run("/usr/bin/setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--", DotnetHost(), dll, "-p", "1"]);

        Assert.Equal(77, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("Operation not permitted (EPERM)", error);
        Assert.Contains("CAP_NET_ADMIN in the initial user namespace", error);
        Assert.Contains("setcap cap_net_admin+ep", error);
    }

    [SkippableFact]
    public void AsRootItPrintsABlockWithEachDelay()
    {
        Privileges.RequireNetAdmin();

        var (code, output, error) = Run(DotnetHost(), [GetdelaysDll(), "-t", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-d", "-q", "-i"]);

        Assert.True(code == 0, error);
        Assert.StartsWith($"TGID {Environment.ProcessId}", output);
        Assert.Contains("  cpu  ", output);
        Assert.Contains("  block I/O ", output);
        Assert.Contains("  irq ", output);
        Assert.Contains("context switches: voluntary ", output);
        Assert.Contains("the kernel does not report I/O for thread groups", output);
    }

    [SkippableFact]
    public void ABadCommandLineShowsTheUsage()
    {
        var (code, _, error) = Run(DotnetHost(), [GetdelaysDll(), "-p", "1", "-t", "2"]);
        Assert.Equal(2, code);
        Assert.Contains("give exactly one of -p, -t, -C and -l", error);
        Assert.Contains("usage: getdelays", error);
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
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{program} did not finish");
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
