using System.Globalization;
using Xunit;

namespace KstatOtel.Testing;

/// <summary>What the test process may do, read from /proc/self/status; used to skip tests with a reason.</summary>
public static class Privileges
{
    private const int CapNetAdmin = 12;
    private const int CapSysAdmin = 21;

    /// <summary>True when the effective user id is 0.</summary>
    public static bool IsRoot => ReadStatusField("Uid:")?.Split('\t', StringSplitOptions.RemoveEmptyEntries) is [_, var euid, ..] && euid == "0";

    /// <summary>True when CAP_NET_ADMIN is in the effective set (taskstats queries need it in the initial user namespace).</summary>
    public static bool HasNetAdmin => HasCapability(CapNetAdmin);

    /// <summary>True when CAP_SYS_ADMIN is in the effective set (writing kernel.task_delayacct needs it).</summary>
    public static bool HasSysAdmin => HasCapability(CapSysAdmin);

    /// <summary>Skips the running test unless the process has CAP_NET_ADMIN.</summary>
    public static void RequireNetAdmin() =>
        Skip.IfNot(HasNetAdmin, "needs CAP_NET_ADMIN in the initial user namespace (run the tests as root, as CI does)");

    /// <summary>Skips the running test unless the process runs as root.</summary>
    public static void RequireRoot() =>
        Skip.IfNot(IsRoot, "needs root (CI runs the tests as root)");

    /// <summary>Skips the running test unless /usr/bin/setpriv exists (util-linux), used to drop privileges in a child.</summary>
    public static void RequireSetpriv() =>
        Skip.IfNot(File.Exists("/usr/bin/setpriv"), "needs util-linux setpriv at /usr/bin/setpriv");

    private static bool HasCapability(int bit)
    {
        var hex = ReadStatusField("CapEff:")?.Trim();
        return hex is not null
            && ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var caps)
            && (caps & (1UL << bit)) != 0;
    }

    private static string? ReadStatusField(string name)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return line[name.Length..];
            }
        }

        return null;
    }
}
