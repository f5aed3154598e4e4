using KstatOtel.Testing;

namespace KstatOtel.Packaging.Tests.Support;

/// <summary>What makes symbols useful to a debugger on another machine.</summary>
public static class SymbolsAssert
{
    /// <summary>
    /// The PDB belongs to the assembly, which was compiled deterministically; Source Link maps the deterministic root
    /// (/_/) to the commit on GitHub; every document is either a file git tracks under that root or embedded in the PDB.
    /// </summary>
    public static void MappedToTheCommit(SymbolFiles pdb, string commit)
    {
        Assert.Equal(pdb.AssemblyPdbGuid, pdb.PdbGuid);
        Assert.True(pdb.Reproducible, "the assembly was not compiled deterministically (no Reproducible debug entry)");

        var prefix = RepositoryFacts.RawContentPrefix(commit);
        Assert.Equal(new Dictionary<string, string> { ["/_/*"] = prefix + "*" }, pdb.SourceLink);

        var tracked = RepositoryFacts.TrackedFiles();
        var linked = pdb.Documents.Where(d => !d.Embedded).ToList();
        Assert.NotEmpty(linked);
        Assert.Contains(pdb.Documents, d => d.Embedded); // generated sources (assembly attributes, global usings)
        foreach (var document in linked)
        {
            Assert.StartsWith("/_/", document.Path, StringComparison.Ordinal);
            var relative = document.Path["/_/".Length..];
            Assert.True(tracked.Contains(relative), $"{document.Path} is neither embedded nor a file git tracks");
            Assert.Equal(prefix + relative, pdb.UrlOf(document.Path));
            Assert.DoesNotContain(RepoPaths.Root, document.Path, StringComparison.Ordinal);
        }
    }
}
