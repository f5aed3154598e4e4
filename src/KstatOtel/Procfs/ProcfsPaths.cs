using System.Globalization;

namespace KstatOtel.Procfs;

/// <summary>
/// Builds paths below a procfs root. The root is "/proc" by default and can point elsewhere: a host's procfs
/// mounted into a container (e.g. "/host/proc") or a fixture tree in tests.
/// </summary>
internal static class ProcfsPaths
{
    public const string DefaultRoot = "/proc";

    /// <summary>The root without a trailing '/', or <see cref="DefaultRoot"/> for null or empty.</summary>
    public static string Normalize(string? procfsRoot)
    {
        if (string.IsNullOrEmpty(procfsRoot))
        {
            return DefaultRoot;
        }

        var trimmed = procfsRoot.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    /// <summary>&lt;root&gt;/&lt;pid&gt;/&lt;file&gt;.</summary>
    public static string ForProcess(string procfsRoot, int pid, string file) =>
        string.Create(CultureInfo.InvariantCulture, $"{Normalize(procfsRoot)}/{pid}/{file}");

    /// <summary>&lt;root&gt;/&lt;pid&gt;/task/&lt;tid&gt;/&lt;file&gt;.</summary>
    public static string ForThread(string procfsRoot, int pid, int tid, string file) =>
        string.Create(CultureInfo.InvariantCulture, $"{Normalize(procfsRoot)}/{pid}/task/{tid}/{file}");

    /// <summary>&lt;root&gt;/self/&lt;file&gt;: the reading process itself.</summary>
    public static string ForSelf(string procfsRoot, string file) => $"{Normalize(procfsRoot)}/self/{file}";

    /// <summary>&lt;root&gt;/&lt;file&gt;, for system-wide files such as "stat".</summary>
    public static string ForSystem(string procfsRoot, string file) => $"{Normalize(procfsRoot)}/{file}";
}
