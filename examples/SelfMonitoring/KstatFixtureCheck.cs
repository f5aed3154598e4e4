using KstatOtel.Kstat;

namespace SelfMonitoring;

/// <summary>
/// Opens the libkstat once before the instrumentation does, so that a capture the stand-in refuses is reported here
/// with the stand-in's own message rather than as a missing set of host metrics. The check's handle is closed again;
/// it does not count as a chain update, so the instrumentation still starts from the first frame.
/// </summary>
internal static class KstatFixtureCheck
{
    public static bool TryOpen(string library, out string problem)
    {
        try
        {
            using var token = KstatToken.Open(library);
            problem = string.Empty;
            return true;
        }
        catch (Exception e) when (e is KstatException or PlatformNotSupportedException or InvalidOperationException)
        {
            problem = $"{e.Message} (the stand-in prints the fixture error it met on stderr).";
            return false;
        }
    }
}
