namespace KstatOtel.Packaging.Tests.Support;

/// <summary>Metadata every package of the repository carries the same way.</summary>
public static class NuspecAssert
{
    /// <summary>License, readme, project and repository URLs, copyright, and the release notes from the changelog.</summary>
    public static void CommonMetadata(NuGetPackage package, PackedRepository packed, string changelog)
    {
        var license = package.MetadataElement("license");
        Assert.NotNull(license);
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", package.Metadata("readme"));
        Assert.Contains("README.md", package.ContentFiles);
        Assert.Equal(RepositoryFacts.Copyright, package.Metadata("copyright"));
        Assert.Equal(RepositoryFacts.RepositoryUrl, package.Metadata("projectUrl"));

        var repository = package.MetadataElement("repository");
        Assert.NotNull(repository);
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Equal(RepositoryFacts.RepositoryUrl, (string?)repository.Attribute("url"));
        Assert.Equal(packed.Commit, (string?)repository.Attribute("commit"));

        var notes = package.Metadata("releaseNotes");
        Assert.False(string.IsNullOrWhiteSpace(notes), "no release notes");
        Assert.Equal(Changelog.ReleaseNotes(changelog, packed.Version), notes);
    }
}
