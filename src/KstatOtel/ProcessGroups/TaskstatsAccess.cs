using System.Globalization;
using KstatOtel.Diagnostics;
using KstatOtel.ProcessGroups.Exits;
using KstatOtel.ProcessGroups.Tracking;
using KstatOtel.Procfs;
using KstatOtel.Taskstats;

namespace KstatOtel.ProcessGroups;

/// <summary>
/// Decides, once at start, whether process groups use taskstats (per-process queries and the exit-record listener),
/// and says why through the EventSource.
/// </summary>
internal static class TaskstatsAccess
{
    private const string What = "process groups";
    private const string ExitsWhat = "process group exits";

    private const string CapabilityFix =
        "grant CAP_NET_ADMIN: setcap cap_net_admin+ep on the executable (the apphost), systemd AmbientCapabilities=CAP_NET_ADMIN, or --cap-add NET_ADMIN in a container.";

    /// <summary>Opens what is permitted; both are null when taskstats is not used.</summary>
    public static (ThreadGroupQueries? Queries, ExitRecordListener? Listener) Open(ProcessGroupOptions options, string procfsRoot)
    {
        if (!options.UseTaskstats)
        {
            KstatOtelEventSource.Log.SourceChosen(What, "procfs", "ProcessGroups.UseTaskstats is off.");
            return (null, null);
        }

        if (!ShowsThisProcess(procfsRoot))
        {
            KstatOtelEventSource.Log.SourceChosen(
                What,
                "procfs",
                $"The procfs root {procfsRoot} does not show this process under its pid, so its pids are not those taskstats uses.");
            return (null, null);
        }

        TaskstatsClient client;
        try
        {
            client = TaskstatsClient.Open();
        }
        catch (TaskstatsException e)
        {
            KstatOtelEventSource.Log.SourceChosen(What, "procfs", "Taskstats is not available: " + e.Message);
            return (null, null);
        }

        try
        {
            client.Self();
        }
        catch (TaskstatsException e) when (e.IsPermissionDenied)
        {
            client.Dispose();
            KstatOtelEventSource.Log.PrivilegeMissing(
                "Taskstats for process groups (exit records of short-lived processes, delays, context switches of every thread)",
                "the kernel refused TASKSTATS_CMD_GET (EPERM); processes that start and end between two refreshes are not counted.",
                CapabilityFix);
            return (null, null);
        }
        catch (TaskstatsException e)
        {
            client.Dispose();
            KstatOtelEventSource.Log.SourceChosen(What, "procfs", "A taskstats query failed: " + e.Message);
            return (null, null);
        }

        var queries = new ThreadGroupQueries(client);
        ExitRecordListener? listener = null;
        try
        {
            listener = new ExitRecordListener(client.OpenExitListener(), new ExitRecordQueue());
            KstatOtelEventSource.Log.SourceChosen(What, "procfs + taskstats", "CAP_NET_ADMIN is held: per-process delays and context switches from taskstats, exit records of every process that ends.");
        }
        catch (TaskstatsException e)
        {
            KstatOtelEventSource.Log.SourceChosen(
                ExitsWhat,
                "none",
                "The exit-record listener could not be registered, so processes that start and end between two refreshes are not counted: " + e.Message);
            KstatOtelEventSource.Log.SourceChosen(What, "procfs + taskstats", "CAP_NET_ADMIN is held: per-process delays and context switches from taskstats.");
        }
        catch
        {
            // Anything else (the listener's thread not made at the open-file limit) fails the start: close the socket.
            queries.Dispose();
            throw;
        }

        return (queries, listener);
    }

    /// <summary>True when ROOT/self names this process (the root is this PID namespace's procfs).</summary>
    private static bool ShowsThisProcess(string procfsRoot)
    {
        try
        {
            var target = new FileInfo(ProcfsPaths.ForSystem(procfsRoot, "self")).LinkTarget;
            return target is not null && target == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
