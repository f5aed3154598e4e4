using System.Security;

namespace KstatOtel.Packaging.Tests.Support;

/// <summary>The nuget.config a user writes to install packages from a local folder.</summary>
public static class NuGetConfig
{
    /// <summary>The public registry (here: its copy), where OpenTelemetry comes from.</summary>
    public const string NuGetOrg = "https://api.nuget.org/v3/index.json";

    /// <summary>
    /// Writes nuget.config into <paramref name="directory"/>: only the local folder, plus nuget.org when
    /// <paramref name="withNuGetOrg"/>. With both, package source mapping sends KstatOtel* to the local folder only,
    /// so the packages under test can never come from anywhere else.
    /// </summary>
    public static string Write(string directory, string localFolder, bool withNuGetOrg)
    {
        var local = SecurityElement.Escape(localFolder);
        var sources = withNuGetOrg
            ? $"""
                  <add key="local" value="{local}" />
                  <add key="nuget.org" value="{NuGetOrg}" protocolVersion="3" />
              """
            : $"""
                  <add key="local" value="{local}" />
              """;
        var mapping = withNuGetOrg
            ? """
                <packageSourceMapping>
                  <packageSource key="local">
                    <package pattern="KstatOtel" />
                    <package pattern="KstatOtel.*" />
                    <package pattern="kstatotel-*" />
                  </packageSource>
                  <packageSource key="nuget.org">
                    <package pattern="*" />
                  </packageSource>
                </packageSourceMapping>
              """
            : string.Empty;
        var path = Path.Combine(directory, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
            {sources}
              </packageSources>
            {mapping}
            </configuration>
            """);
        return path;
    }
}
