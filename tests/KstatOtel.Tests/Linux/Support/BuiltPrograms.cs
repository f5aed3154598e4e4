using System.Reflection;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Linux.Support;

/// <summary>The programs the tests run as child processes, built with the tests (project references).</summary>
internal static class BuiltPrograms
{
    private static string Configuration =>
        typeof(BuiltPrograms).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public static string InstrumentedChild => Find("tests", "KstatOtel.InstrumentedChild");

    public static string SelfMonitoring => Find("examples", "SelfMonitoring");

    public static string HostedService => Find("examples", "HostedService");

    public static string ProcessGroups => Find("examples", "ProcessGroups");

    /// <summary>The dotnet host running the tests.</summary>
    public static string Dotnet =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    private static string Find(string folder, string project)
    {
        var path = RepoPaths.Combine(folder, project, "bin", Configuration, "net10.0", project + ".dll");
        Assert.True(File.Exists(path), $"{path} is built with the tests (project reference)");
        return path;
    }
}
