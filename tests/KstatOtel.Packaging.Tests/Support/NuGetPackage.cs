using System.IO.Compression;
using System.Xml.Linq;

namespace KstatOtel.Packaging.Tests.Support;

/// <summary>A .nupkg or .snupkg opened for reading: its files and its nuspec.</summary>
public sealed class NuGetPackage : IDisposable
{
    /// <summary>The files every package has for the Open Packaging Conventions, not part of its content.</summary>
    private static readonly string[] PackagingParts = ["_rels/.rels", "[Content_Types].xml"];

    private readonly ZipArchive archive;

    public NuGetPackage(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not produced");
        archive = ZipFile.OpenRead(path);
        var nuspecs = archive.Entries.Where(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).ToList();
        Assert.True(nuspecs.Count == 1, $"{path} has {nuspecs.Count} nuspec files");
        NuspecName = nuspecs[0].FullName;
        using var stream = nuspecs[0].Open();
        Nuspec = XDocument.Load(stream);
    }

    /// <summary>The nuspec's file name.</summary>
    public string NuspecName { get; }

    /// <summary>The nuspec.</summary>
    public XDocument Nuspec { get; }

    /// <summary>The content files: everything but the nuspec and the packaging parts, sorted.</summary>
    public IReadOnlyList<string> ContentFiles =>
        archive.Entries.Select(e => e.FullName)
            .Where(n => n != NuspecName && !PackagingParts.Contains(n) && !n.StartsWith("package/services/metadata/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The text of a metadata element (id, version, readme...), null when absent.</summary>
    public string? Metadata(string name) => MetadataElement(name)?.Value;

    /// <summary>A metadata element, null when absent.</summary>
    public XElement? MetadataElement(string name) =>
        Nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata").Elements().SingleOrDefault(e => e.Name.LocalName == name);

    /// <summary>The dependencies by target framework: "net10.0" -> ["OpenTelemetry 1.20.1", ...], sorted.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies()
    {
        var groups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var dependencies = MetadataElement("dependencies");
        if (dependencies is null)
        {
            return groups;
        }

        foreach (var group in dependencies.Elements().Where(e => e.Name.LocalName == "group"))
        {
            groups[(string?)group.Attribute("targetFramework") ?? string.Empty] = group.Elements()
                .Where(e => e.Name.LocalName == "dependency")
                .Select(e => $"{e.Attribute("id")?.Value} {e.Attribute("version")?.Value}")
                .Order(StringComparer.Ordinal)
                .ToList();
        }

        Assert.True(
            dependencies.Elements().All(e => e.Name.LocalName == "group"),
            "dependencies outside a target framework group");
        return groups;
    }

    /// <summary>The bytes of a file of the package.</summary>
    public byte[] Read(string name)
    {
        var entry = archive.GetEntry(name);
        Assert.True(entry is not null, $"the package has no {name}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Writes a file of the package to <paramref name="directory"/> and returns its path.</summary>
    public string Extract(string name, string directory)
    {
        var path = Path.Combine(directory, Path.GetFileName(name));
        File.WriteAllBytes(path, Read(name));
        return path;
    }

    public void Dispose() => archive.Dispose();
}
