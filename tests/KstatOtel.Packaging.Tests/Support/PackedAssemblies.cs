using System.Reflection;
using System.Runtime.Loader;

namespace KstatOtel.Packaging.Tests.Support;

/// <summary>
/// Assemblies taken out of packages, loaded in a context of their own: each package's assembly from its folder; what
/// they depend on beyond those (OpenTelemetry, the runtime) from the tests' own context.
/// </summary>
public sealed class PackedAssemblies : AssemblyLoadContext, IDisposable
{
    private readonly string directory;

    public PackedAssemblies(string directory)
        : base($"packed assemblies in {directory}", isCollectible: true)
    {
        this.directory = directory;
    }

    /// <summary>Loads an assembly of the folder by file name.</summary>
    public Assembly Load(string fileName) => LoadFromAssemblyPath(Path.Combine(directory, fileName));

    public void Dispose() => Unload();

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(directory, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
