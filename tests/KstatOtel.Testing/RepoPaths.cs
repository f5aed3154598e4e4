namespace KstatOtel.Testing;

/// <summary>Locates files of the repository from a test's output folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The folder that holds KstatOtel.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>A path below the repository root, from '/'-separated parts.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KstatOtel.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"KstatOtel.sln not found above {AppContext.BaseDirectory}.");
    }
}
