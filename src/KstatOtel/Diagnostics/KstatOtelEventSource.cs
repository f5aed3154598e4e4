using System.Diagnostics.Tracing;

namespace KstatOtel.Diagnostics;

/// <summary>
/// The diagnostics of KstatOtel, named <c>KstatOtel-Instrumentation</c>. Listen with an <see cref="EventListener"/>
/// or <c>dotnet-trace collect --providers KstatOtel-Instrumentation</c>. Every warning and error says how to fix it.
/// </summary>
[EventSource(Name = EventSourceName)]
internal sealed class KstatOtelEventSource : EventSource
{
    public const string EventSourceName = "KstatOtel-Instrumentation";

    public static readonly KstatOtelEventSource Log = new();

    private KstatOtelEventSource()
    {
    }

    [Event(1, Level = EventLevel.Informational, Message = "KstatOtel instrumentation started: meter {0} {1}, refresh every {2} ms.")]
    public void InstrumentationStarted(string meterName, string version, double refreshIntervalMs) =>
        WriteEvent(1, meterName, version, refreshIntervalMs);

    [Event(2, Level = EventLevel.Informational, Message = "KstatOtel instrumentation stopped: timer stopped and native handles released.")]
    public void InstrumentationStopped() => WriteEvent(2);

    [Event(3, Level = EventLevel.Informational, Message = "Source of {0}: {1}. Reason: {2}")]
    public void SourceChosen(string what, string source, string reason) => WriteEvent(3, what, source, reason);

    [Event(4, Level = EventLevel.Warning, Message = "{0} is not permitted: {1} Fix: {2}")]
    public void PrivilegeMissing(string what, string detail, string fix) => WriteEvent(4, what, detail, fix);

    [Event(5, Level = EventLevel.Warning, Message = "Delay accounting is off (kernel.task_delayacct = 0): delays other than CPU are not measured and not published. Fix: {0}")]
    public void DelayAccountingOff(string fix) => WriteEvent(5, fix);

    [Event(6, Level = EventLevel.Error, Message = "Refresh of {0} failed; the last good values are kept and marked stale. {1}")]
    public void RefreshFailed(string component, string exception) => WriteEvent(6, component, exception);

    [Event(7, Level = EventLevel.Warning, Message = "The values of {0} are stale: last read {1} s ago with a refresh interval of {2} s (kstatotel.snapshot.age shows it). Look for the RefreshFailed event of {0}.")]
    public void SnapshotStale(string component, double ageSeconds, double refreshIntervalSeconds) => WriteEvent(7, component, ageSeconds, refreshIntervalSeconds);

    [Event(8, Level = EventLevel.Informational, Message = "Refresh of {0} recovered after {1} failed attempts.")]
    public void RefreshRecovered(string component, int failedAttempts) => WriteEvent(8, component, failedAttempts);

    [Event(9, Level = EventLevel.Error, Message = "The callback of instrument {0} failed; it published nothing this time. {1}")]
    public void CallbackFailed(string instrument, string exception) => WriteEvent(9, instrument, exception);

    [Event(10, Level = EventLevel.Warning, Message = "Metric {0} is not published: {1}")]
    public void MetricUnavailable(string metric, string reason) => WriteEvent(10, metric, reason);

    [Event(11, Level = EventLevel.Warning, Message = "AddKstatInstrumentation() was called again with different options; the instrumentation already running keeps its options ({0}).")]
    public void OptionsIgnored(string runningOptions) => WriteEvent(11, runningOptions);

    [Event(12, Level = EventLevel.Error, Message = "The KstatOtel instrumentation could not start and publishes nothing; the application and its other metrics go on, and the next MeterProvider built tries again. {0}")]
    public void InstrumentationFailed(string exception) => WriteEvent(12, exception);

    [Event(13, Level = EventLevel.Warning, Message = "Releasing the handles of {0} failed; the other sources were released. {1}")]
    public void ModuleDisposeFailed(string source, string exception) => WriteEvent(13, source, exception);

    [Event(14, Level = EventLevel.Warning, Message = "Stopping did not wait for the refresh of {0}, which had not returned after {1} s (a read blocked in the kernel: a /proc file of a process in uninterruptible sleep, a hung file system). The instruments are removed as usual; the native handles are released when that refresh returns.")]
    public void StopDidNotWaitForRefresh(string source, double waitedSeconds) => WriteEvent(14, source, waitedSeconds);

    // Events 51-59: the illumos/Solaris modules (kept apart from the ids of the Linux modules).
    [Event(51, Level = EventLevel.Error, Message = "The illumos host metrics are off: libkstat could not be opened. {0} Fix: on illumos and Solaris check that /dev/kstat is readable; elsewhere set KstatInstrumentationOptions.KstatLibraryPath or KSTATOTEL_LIBKSTAT_PATH to a libkstat-compatible library.")]
    public void KstatUnavailable(string reason) => WriteEvent(51, reason);

    [Event(52, Level = EventLevel.Informational, Message = "No kstat matches {1} at the moment: {0} publishes no series until one appears. {2}")]
    public void KstatNotPresent(string metric, string kstats, string note) => WriteEvent(52, metric, kstats, note);

    [Event(53, Level = EventLevel.Informational, Message = "The own process on illumos/Solaris is read from {0} (psinfo and usage, kept open).")]
    public void IllumosProcessSource(string procfsRoot) => WriteEvent(53, procfsRoot);

    [NonEvent]
    public void KstatUnavailable(Exception exception)
    {
        if (IsEnabled(EventLevel.Error, EventKeywords.All))
        {
            KstatUnavailable(exception.ToString());
        }
    }

    // Events 61-69: process groups (kept apart from the ids of the other modules).
    [Event(61, Level = EventLevel.Warning, Message = "Process groups: the cap of {0} groups is reached; group '{1}' was not created and its processes are not tracked ({2} refused so far). Fix: raise ProcessGroups.MaxGroups, or use name templates that make fewer names.")]
    public void ProcessGroupLimitReached(int maxGroups, string refusedGroup, long refusedSoFar) => WriteEvent(61, maxGroups, refusedGroup, refusedSoFar);

    [Event(62, Level = EventLevel.Warning, Message = "Process groups: the name template '{0}' contains {{PID}}: every process makes its own group and series (high cardinality). Prefer a name without the pid, or turn ProcessGroups.RemoveEmptyGroups on and keep ProcessGroups.MaxGroups low.")]
    public void PidInGroupName(string template) => WriteEvent(62, template);

    [Event(63, Level = EventLevel.Warning, Message = "Process groups: reading process {0} failed; it is counted in kstatotel.process_group.read_errors. {1}")]
    public void ProcessReadFailed(int pid, string error) => WriteEvent(63, pid, error);

    [Event(64, Level = EventLevel.Warning, Message = "Process groups: {0} descriptors are kept open, the budget ({1} tracked processes); further processes are read by opening their files at each refresh, and thread detail is not read for them. Fix: raise the open-file limit (ulimit -n, LimitNOFILE=).")]
    public void DescriptorBudgetReached(int budget, int trackedProcesses) => WriteEvent(64, budget, trackedProcesses);

    [Event(65, Level = EventLevel.Warning, Message = "Process groups: group '{0}' reached {1} thread names; threads with further names are not published by name.")]
    public void ThreadNamesLimitReached(string group, int maxThreadNames) => WriteEvent(65, group, maxThreadNames);

    [Event(66, Level = EventLevel.Error, Message = "Process groups: the exit-record listener stopped; processes that end are counted from procfs alone from now on. {0}")]
    public void ExitListenerFailed(string exception) => WriteEvent(66, exception);

    [Event(67, Level = EventLevel.Warning, Message = "Process groups: Comm entry '{1}' of group '{0}' is longer than the 15 bytes the kernel keeps of a process's command name; it matches processes whose comm is its first 15 bytes, '{2}' (and kernel threads that show the full name). Fix: write the first 15 bytes, or match the program with Exe or Cmdline.")]
    public void LongCommEntry(string group, string entry, string matchedAs) => WriteEvent(67, group, entry, matchedAs);

    [Event(68, Level = EventLevel.Warning, Message = "Process groups: {0} removed groups are remembered at most; the totals of group '{1}' were forgotten ({2} so far, at most one event a minute). If a group of that name comes back, its counters restart from zero under the same start time. Fix: raise ProcessGroups.MaxGroups, or use name templates that make fewer names.")]
    public void ProcessGroupTotalsForgotten(int maxGroups, string forgottenGroup, long forgottenSoFar) => WriteEvent(68, maxGroups, forgottenGroup, forgottenSoFar);

    [NonEvent]
    public void ExitListenerFailed(Exception exception)
    {
        if (IsEnabled(EventLevel.Error, EventKeywords.All))
        {
            ExitListenerFailed(exception.ToString());
        }
    }

    [NonEvent]
    public void InstrumentationFailed(Exception exception)
    {
        if (IsEnabled(EventLevel.Error, EventKeywords.All))
        {
            var advice = exception is OutOfMemoryException
                ? " (The runtime reports a thread it could not create as OutOfMemoryException; the usual cause is the open-file limit: raise it with ulimit -n, or LimitNOFILE= in a systemd unit.)"
                : string.Empty;
            InstrumentationFailed(exception + advice);
        }
    }

    [NonEvent]
    public void ModuleDisposeFailed(string source, Exception exception)
    {
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            ModuleDisposeFailed(source, exception.ToString());
        }
    }

    [NonEvent]
    public void RefreshFailed(string component, Exception exception)
    {
        if (IsEnabled(EventLevel.Error, EventKeywords.All))
        {
            RefreshFailed(component, exception.ToString());
        }
    }

    [NonEvent]
    public void CallbackFailed(string instrument, Exception exception)
    {
        if (IsEnabled(EventLevel.Error, EventKeywords.All))
        {
            CallbackFailed(instrument, exception.ToString());
        }
    }
}
