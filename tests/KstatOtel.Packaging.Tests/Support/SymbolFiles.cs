using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;

namespace KstatOtel.Packaging.Tests.Support;

/// <summary>One source document of a PDB: its path, and whether its text is embedded in the PDB.</summary>
public sealed record PdbDocument(string Path, bool Embedded);

/// <summary>What a debugger needs from a portable PDB and its assembly: their identity, Source Link map, documents.</summary>
public sealed class SymbolFiles
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    private SymbolFiles(Guid assemblyPdbGuid, bool reproducible, Guid pdbGuid, IReadOnlyDictionary<string, string> sourceLink, IReadOnlyList<PdbDocument> documents)
    {
        AssemblyPdbGuid = assemblyPdbGuid;
        Reproducible = reproducible;
        PdbGuid = pdbGuid;
        SourceLink = sourceLink;
        Documents = documents;
    }

    /// <summary>The PDB the assembly names in its CodeView debug directory entry.</summary>
    public Guid AssemblyPdbGuid { get; }

    /// <summary>True when the assembly has the Reproducible debug directory entry: it was compiled deterministically.</summary>
    public bool Reproducible { get; }

    /// <summary>The PDB's own id.</summary>
    public Guid PdbGuid { get; }

    /// <summary>The Source Link map: local path pattern ("/_/*") to URL pattern; empty when the PDB has none.</summary>
    public IReadOnlyDictionary<string, string> SourceLink { get; }

    /// <summary>The source documents.</summary>
    public IReadOnlyList<PdbDocument> Documents { get; }

    /// <summary>Reads an assembly and its portable PDB.</summary>
    public static SymbolFiles Read(byte[] assembly, byte[] pdb)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var directory = pe.ReadDebugDirectory();
        var codeView = directory.Single(e => e.Type == DebugDirectoryEntryType.CodeView);
        var assemblyPdbGuid = pe.ReadCodeViewDebugDirectoryData(codeView).Guid;
        var reproducible = directory.Any(e => e.Type == DebugDirectoryEntryType.Reproducible);

        using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        var reader = provider.GetMetadataReader();
        var pdbGuid = new Guid(reader.DebugMetadataHeader!.Id.AsSpan(0, 16));

        var sourceLink = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var handle in reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var information = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(information.Kind) == SourceLinkKind)
            {
                using var json = JsonDocument.Parse(Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value)));
                foreach (var map in json.RootElement.GetProperty("documents").EnumerateObject())
                {
                    sourceLink[map.Name] = map.Value.GetString()!;
                }
            }
        }

        var documents = new List<PdbDocument>();
        foreach (var handle in reader.Documents)
        {
            var document = reader.GetDocument(handle);
            var embedded = reader.GetCustomDebugInformation(handle)
                .Any(h => reader.GetGuid(reader.GetCustomDebugInformation(h).Kind) == EmbeddedSourceKind);
            documents.Add(new PdbDocument(reader.GetString(document.Name), embedded));
        }

        return new SymbolFiles(assemblyPdbGuid, reproducible, pdbGuid, sourceLink, documents);
    }

    /// <summary>The URL Source Link gives a document, null when no pattern of the map covers it.</summary>
    public string? UrlOf(string path)
    {
        foreach (var (local, url) in SourceLink)
        {
            if (local.EndsWith('*') && url.EndsWith('*') && path.StartsWith(local[..^1], StringComparison.Ordinal))
            {
                return url[..^1] + path[(local.Length - 1)..].Replace('\\', '/');
            }

            if (local == path)
            {
                return url;
            }
        }

        return null;
    }
}
