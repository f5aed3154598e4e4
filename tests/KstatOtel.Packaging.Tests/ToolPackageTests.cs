using System.Xml.Linq;
using KstatOtel.Packaging.Tests.Support;
using KstatOtel.Testing;

namespace KstatOtel.Packaging.Tests;

/// <summary>The command-line tools as .NET tool packages: files, command, metadata, symbols.</summary>
[Collection(PackagingCollection.Name)]
public class ToolPackageTests(PackedRepository packed)
{
    private const string ToolFolder = "tools/net10.0/any/";

    /// <summary>Package id (the command), project folder, entry assembly, the library it runs on.</summary>
    public static TheoryData<string, string, string, string> Tools => new()
    {
        { "kstatotel-getdelays", "examples/Getdelays", "Getdelays", "KstatOtel.Taskstats" },
        { "kstatotel-kstat", "examples/Kstat", "kstat", "KstatOtel.Kstat" },
    };

    [Theory]
    [MemberData(nameof(Tools))]
    public void TheToolCarriesItsAssembliesWithSymbolsAndItsReadme(string id, string project, string entry, string library)
    {
        using var package = new NuGetPackage(packed.Package(id));
        string[] expected =
        [
            "README.md",
            ToolFolder + "DotnetToolSettings.xml",
            ToolFolder + $"{entry}.deps.json",
            ToolFolder + $"{entry}.dll",
            ToolFolder + $"{entry}.pdb",
            ToolFolder + $"{entry}.runtimeconfig.json",
            ToolFolder + $"{library}.dll",
            ToolFolder + $"{library}.pdb",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), package.ContentFiles);
        Assert.Equal(File.ReadAllBytes(RepoPaths.Combine([.. project.Split('/'), "README.md"])), package.Read("README.md"));
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public void TheCommandIsNamedAfterThePackage(string id, string project, string entry, string library)
    {
        _ = (project, library);
        using var package = new NuGetPackage(packed.Package(id));
        var settings = XDocument.Load(new MemoryStream(package.Read(ToolFolder + "DotnetToolSettings.xml")));
        var command = Assert.Single(settings.Descendants("Command"));
        Assert.Equal(id, (string?)command.Attribute("Name"));
        Assert.Equal($"{entry}.dll", (string?)command.Attribute("EntryPoint"));
        Assert.Equal("dotnet", (string?)command.Attribute("Runner"));

        var types = package.MetadataElement("packageTypes")?.Elements().Select(e => (string?)e.Attribute("name")).ToList();
        Assert.Equal(["DotnetTool"], types);
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public void TheNuspecCarriesLicenseReadmeRepositoryAndReleaseNotesAndNoDependency(string id, string project, string entry, string library)
    {
        _ = (entry, library);
        using var package = new NuGetPackage(packed.Package(id));
        Assert.Equal(id, package.Metadata("id"));
        Assert.Equal(packed.Version, package.Metadata("version"));
        Assert.Equal(RepositoryFacts.Property($"{project}/{Path.GetFileName(project)}.csproj", "Description"), package.Metadata("description"));
        Assert.Contains("dotnet-tool", package.Metadata("tags")!.Split(' '));
        Assert.Empty(package.Dependencies().SelectMany(g => g.Value));
        NuspecAssert.CommonMetadata(package, packed, RepoPaths.Combine([.. project.Split('/'), "CHANGELOG.md"]));
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public void TheToolsSymbolsMapToTheCommit(string id, string project, string entry, string library)
    {
        _ = project;
        using var package = new NuGetPackage(packed.Package(id));
        foreach (var assembly in new[] { entry, library })
        {
            var pdb = SymbolFiles.Read(package.Read($"{ToolFolder}{assembly}.dll"), package.Read($"{ToolFolder}{assembly}.pdb"));
            SymbolsAssert.MappedToTheCommit(pdb, packed.Commit);
        }
    }
}
