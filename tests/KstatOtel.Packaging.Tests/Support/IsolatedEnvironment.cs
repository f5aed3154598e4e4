using System.Collections;

namespace KstatOtel.Packaging.Tests.Support;

/// <summary>
/// Environments for the dotnet commands the tests start. Variables the test host inherits from dotnet test (MSBuild's,
/// the test platform's) and the KstatOtel overrides are dropped, so a child behaves as in a user's shell; MSBuild
/// nodes are not kept alive after a command.
/// </summary>
public static class IsolatedEnvironment
{
    private static readonly string[] DroppedPrefixes = ["MSBUILD", "VSTEST", "TESTINGPLATFORM", "KSTATOTEL_", "KSTAT_STANDIN_"];

    /// <summary>
    /// For building in the repository (scripts/pack.sh): the user's own NuGet folders, where the solution's restore
    /// has already put every package the build needs.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForRepositoryBuild()
    {
        var environment = Inherited();
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        return environment;
    }

    /// <summary>
    /// A new user on this machine, everything of theirs under <paramref name="root"/>: home (dotnet's first-run files,
    /// template cache), the NuGet packages folder (so the packages under test never enter the real one, where a later
    /// run would find a stale copy of the same version), NuGet's HTTP cache, and the XDG folders.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForNewUser(string root)
    {
        var environment = Inherited();
        void Folder(string name, string relative)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(path);
            environment[name] = path;
        }

        Folder("HOME", "home");
        Folder("DOTNET_CLI_HOME", "home");
        Folder("NUGET_PACKAGES", "nuget/packages");
        Folder("NUGET_HTTP_CACHE_PATH", "nuget/http-cache");
        Folder("NUGET_PLUGINS_CACHE_PATH", "nuget/plugins-cache");
        Folder("NUGET_SCRATCH", "nuget/scratch");
        Folder("XDG_CACHE_HOME", "home/.cache");
        Folder("XDG_CONFIG_HOME", "home/.config");
        Folder("XDG_DATA_HOME", "home/.local/share");
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_ADD_GLOBAL_TOOLS_TO_PATH"] = "false"; // first use in a new home: no shell profile edits
        environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "true"; // no workload manifest look-ups
        environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        environment["DOTNET_ROOT"] = DotnetRoot();
        return environment;
    }

    /// <summary>The folder of the dotnet host that runs the tests, where an installed tool's launcher finds the runtime.</summary>
    public static string DotnetRoot()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host))
        {
            host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : null;
        }

        if (host is null)
        {
            host = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, "dotnet"))
                .FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("dotnet is not on PATH.");
        }

        var resolved = new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host;
        return Path.GetDirectoryName(resolved)!;
    }

    private static Dictionary<string, string> Inherited()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!DroppedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                environment[name] = (string?)entry.Value ?? string.Empty;
            }
        }

        return environment;
    }
}
