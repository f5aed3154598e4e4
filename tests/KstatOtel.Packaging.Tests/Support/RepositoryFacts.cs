using System.Xml.Linq;
using KstatOtel.Testing;

namespace KstatOtel.Packaging.Tests.Support;

/// <summary>What the repository's own files say the packages must carry, read independently of the build.</summary>
public static class RepositoryFacts
{
    /// <summary>The version of every package: VersionPrefix in Directory.Build.props.</summary>
    public static string Version => Property("Directory.Build.props", "VersionPrefix");

    /// <summary>The authors of every package: Authors in Directory.Build.props.</summary>
    public static string Authors => Property("Directory.Build.props", "Authors");

    /// <summary>The declared repository (a placeholder until the public repository exists): build/Packaging.props.</summary>
    public static string RepositoryUrl => Property("build/Packaging.props", "RepositoryUrl");

    /// <summary>The copyright line of every package: build/Packaging.props.</summary>
    public static string Copyright => Property("build/Packaging.props", "Copyright");

    /// <summary>The version pinned for a package dependency in Directory.Packages.props.</summary>
    public static string PinnedVersion(string id) =>
        XDocument.Load(RepoPaths.Combine("Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == id)
            .Attribute("Version")!.Value;

    /// <summary>The value of a property set in a project file (the Description of a package, for example).</summary>
    public static string Property(string file, string name)
    {
        var values = XDocument.Load(RepoPaths.Combine(file.Split('/'))).Descendants(name).Select(e => e.Value.Trim()).Distinct().ToList();
        Assert.True(values.Count == 1, $"{file} sets {name} {values.Count} times, expected once");
        return values[0];
    }

    /// <summary>The commit the working tree is at (what the packages' repository metadata and Source Link name).</summary>
    public static string Commit()
    {
        var result = Command.RunChecked("git", ["rev-parse", "HEAD"], RepoPaths.Root, IsolatedEnvironment.ForRepositoryBuild(), TimeSpan.FromSeconds(30));
        return result.Output.Trim();
    }

    /// <summary>The files git tracks, as repository-relative paths with '/'.</summary>
    public static IReadOnlySet<string> TrackedFiles()
    {
        var result = Command.RunChecked("git", ["ls-files", "-z"], RepoPaths.Root, IsolatedEnvironment.ForRepositoryBuild(), TimeSpan.FromSeconds(30));
        return result.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The raw-content URL prefix GitHub serves the files of <paramref name="commit"/> from.</summary>
    public static string RawContentPrefix(string commit)
    {
        var repository = new Uri(RepositoryUrl);
        Assert.Equal("github.com", repository.Host);
        var path = repository.AbsolutePath.Trim('/');
        path = path.EndsWith(".git", StringComparison.Ordinal) ? path[..^4] : path;
        return $"https://raw.githubusercontent.com/{path}/{commit}/";
    }
}
