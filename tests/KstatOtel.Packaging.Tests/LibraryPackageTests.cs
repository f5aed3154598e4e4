using KstatOtel.Packaging.Tests.Support;
using KstatOtel.Testing;

namespace KstatOtel.Packaging.Tests;

/// <summary>The three libraries as NuGet serves them: files, metadata, dependencies, symbols, public surface.</summary>
[Collection(PackagingCollection.Name)]
public class LibraryPackageTests(PackedRepository packed)
{
    public static TheoryData<string> Libraries => new(PackedRepository.LibraryIds);

    [Fact]
    public void ThePackScriptMakesTheLibrariesWithSymbolsAndTheToolsAndNothingElse()
    {
        var v = packed.Version;
        var expected = PackedRepository.LibraryIds.SelectMany(id => new[] { $"{id}.{v}.nupkg", $"{id}.{v}.snupkg" })
            .Concat(PackedRepository.Tools.Select(t => $"{t.Id}.{v}.nupkg"))
            .Order(StringComparer.Ordinal);
        var made = Directory.GetFiles(packed.Packages).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(expected, made);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void TheLibraryCarriesItsAssemblyDocumentationAndReadme(string id)
    {
        using var package = new NuGetPackage(packed.Package(id));
        Assert.Equal(["README.md", $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"], package.ContentFiles);
        Assert.Equal(File.ReadAllBytes(RepoPaths.Combine("src", id, "README.md")), package.Read("README.md"));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void TheNuspecCarriesLicenseReadmeRepositoryAndReleaseNotes(string id)
    {
        using var package = new NuGetPackage(packed.Package(id));
        var project = $"src/{id}/{id}.csproj";
        Assert.Equal(id, package.Metadata("id"));
        Assert.Equal(packed.Version, package.Metadata("version"));
        Assert.Equal(RepositoryFacts.Authors, package.Metadata("authors"));
        Assert.Equal(RepositoryFacts.Property(project, "Description"), package.Metadata("description"));
        Assert.Equal(RepositoryFacts.Property(project, "PackageTags").Replace(';', ' '), package.Metadata("tags"));
        NuspecAssert.CommonMetadata(package, packed, RepoPaths.Combine("src", id, "CHANGELOG.md"));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void TheLibraryDependsOnlyOnWhatItUses(string id)
    {
        using var package = new NuGetPackage(packed.Package(id));
        IReadOnlyList<string> expected = id == "KstatOtel"
            ? [$"KstatOtel.Kstat {packed.Version}", $"KstatOtel.Taskstats {packed.Version}", $"OpenTelemetry {RepositoryFacts.PinnedVersion("OpenTelemetry")}"]
            : [];
        var groups = package.Dependencies();
        Assert.Equal(["net10.0"], groups.Keys);
        Assert.Equal(expected, groups["net10.0"]);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void TheSymbolPackageMapsEveryTrackedSourceToTheCommitAndEmbedsTheRest(string id)
    {
        using var package = new NuGetPackage(packed.Package(id));
        using var symbols = new NuGetPackage(packed.SymbolPackage(id));
        Assert.Equal([$"lib/net10.0/{id}.pdb"], symbols.ContentFiles);
        Assert.Equal(package.Metadata("version"), symbols.Metadata("version"));

        var pdb = SymbolFiles.Read(package.Read($"lib/net10.0/{id}.dll"), symbols.Read($"lib/net10.0/{id}.pdb"));
        SymbolsAssert.MappedToTheCommit(pdb, packed.Commit);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void ThePackedAssemblyHasTheCheckedInPublicSurface(string id)
    {
        var folder = packed.NewFolder($"surface-{id}");
        foreach (var library in PackedRepository.LibraryIds)
        {
            using var package = new NuGetPackage(packed.Package(library));
            package.Extract($"lib/net10.0/{library}.dll", folder);
        }

        using var context = new PackedAssemblies(folder);
        var surface = PublicApiSurface.Describe(context.Load($"{id}.dll"));
        var checkedIn = PublicApiSurface.ReadCheckedIn(id);
        Assert.NotEmpty(surface);
        Assert.Equal(checkedIn, surface);
    }
}
