using KstatOtel.Testing;

namespace KstatOtel.Packaging.Tests.Support;

/// <summary>
/// The repository packed once for the whole collection, with the release script (scripts/pack.sh) into a temporary
/// folder: packages in Packages, the script's clean CI-mode build beside them. Deleted afterwards.
/// </summary>
public sealed class PackedRepository : IDisposable
{
    /// <summary>The libraries, each with a .snupkg.</summary>
    public static readonly string[] LibraryIds = ["KstatOtel", "KstatOtel.Taskstats", "KstatOtel.Kstat"];

    /// <summary>The .NET tools: package id (also the command) and the project folder.</summary>
    public static readonly (string Id, string Project)[] Tools = [("kstatotel-getdelays", "examples/Getdelays"), ("kstatotel-kstat", "examples/Kstat")];

    public PackedRepository()
    {
        Root = Directory.CreateTempSubdirectory("kstatotel-packaging-").FullName;
        Packages = Path.Combine(Root, "packages");
        try
        {
            PackResult = Command.RunChecked(
                "bash",
                [RepoPaths.Combine("scripts", "pack.sh"), "--output", Packages, "--build-dir", Path.Combine(Root, "build")],
                RepoPaths.Root,
                IsolatedEnvironment.ForRepositoryBuild(),
                TimeSpan.FromMinutes(8));
            Version = RepositoryFacts.Version;
            Commit = RepositoryFacts.Commit();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The temporary folder everything of this run lives in.</summary>
    public string Root { get; }

    /// <summary>The folder the packages were written to.</summary>
    public string Packages { get; }

    /// <summary>What the pack script printed.</summary>
    public CommandResult PackResult { get; }

    /// <summary>The version packed.</summary>
    public string Version { get; } = string.Empty;

    /// <summary>The commit packed.</summary>
    public string Commit { get; } = string.Empty;

    /// <summary>The .nupkg of <paramref name="id"/>.</summary>
    public string Package(string id) => Path.Combine(Packages, $"{id}.{Version}.nupkg");

    /// <summary>The .snupkg of <paramref name="id"/>.</summary>
    public string SymbolPackage(string id) => Path.Combine(Packages, $"{id}.{Version}.snupkg");

    /// <summary>A new empty folder under <see cref="Root"/>.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

/// <summary>The tests that share one pack of the repository (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackedRepository>
{
    public const string Name = "Packed repository";
}
