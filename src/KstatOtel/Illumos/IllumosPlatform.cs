using System.Runtime.InteropServices;

namespace KstatOtel.Illumos;

/// <summary>Whether the process runs on illumos or Solaris (the runtime's target OS names; compared case-insensitively).</summary>
internal static class IllumosPlatform
{
    public static bool IsCurrent { get; } =
        RuntimeInformation.IsOSPlatform(OSPlatform.Create("ILLUMOS")) || RuntimeInformation.IsOSPlatform(OSPlatform.Create("SOLARIS"));
}
