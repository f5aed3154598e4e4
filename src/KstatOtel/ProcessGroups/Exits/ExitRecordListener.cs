using KstatOtel.Diagnostics;
using KstatOtel.Taskstats;

namespace KstatOtel.ProcessGroups.Exits;

/// <summary>
/// A dedicated thread that receives the taskstats exit record of every task that ends on the host and queues the ones
/// the tracker uses, pairing the task record of a process's last thread with the thread-group record that follows it.
/// Receiving allocates nothing. Disposing deregisters, closes the socket and joins the thread.
/// </summary>
internal sealed class ExitRecordListener : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly TaskstatsExitListener listener;
    private readonly Thread thread;
    private volatile bool stopping;
    private long malformed;

    public ExitRecordListener(TaskstatsExitListener listener, ExitRecordQueue queue)
    {
        this.listener = listener;
        Queue = queue;
        thread = new Thread(Run) { IsBackground = true, Name = "KstatOtel exit records" };
        try
        {
            thread.Start();
        }
        catch
        {
            // A thread the runtime could not make (EMFILE shows as OutOfMemoryException): the socket is ours to close.
            listener.Dispose();
            throw;
        }
    }

    public ExitRecordQueue Queue { get; }

    /// <summary>Records lost: dropped by the kernel (its drop count for the socket) or by a full queue.</summary>
    public long LostRecords => listener.LostRecords + Queue.Dropped + Interlocked.Read(ref malformed);

    /// <summary>False once the thread stopped on an error (reported through the EventSource).</summary>
    public bool IsRunning { get; private set; } = true;

    public void Dispose()
    {
        stopping = true;
        listener.Dispose();
        thread.Join(TimeSpan.FromSeconds(5));
    }

    private void Run()
    {
        TaskStats carried = default;
        var hasCarried = false;
        try
        {
            while (!stopping)
            {
                TaskStats record;
                if (hasCarried)
                {
                    record = carried;
                    hasCarried = false;
                }
                else if (!TryReceive(out record, PollInterval))
                {
                    continue;
                }

                if (record.Scope != TaskStatsScope.Task)
                {
                    continue; // A thread-group record always follows its task record; a lone one has no comm to match.
                }

                var lastOfGroup = ((record.Flags ?? TaskAccountingBits.None) & TaskAccountingBits.LastInGroup) != 0;
                if (lastOfGroup && TryReceive(out var next, TimeSpan.Zero))
                {
                    if (next.Scope == TaskStatsScope.ThreadGroup && next.Id == (record.ThreadGroupId ?? record.Id))
                    {
                        Queue.Add(ExitRecord.From(record, next, hasGroup: true));
                        continue;
                    }

                    carried = next;
                    hasCarried = true;
                }

                Queue.Add(ExitRecord.From(record, default, hasGroup: false));
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed while waiting: the normal way out.
        }
        catch (TaskstatsException e) when (!stopping)
        {
            IsRunning = false;
            KstatOtelEventSource.Log.ExitListenerFailed(e);
        }
        catch (TaskstatsException)
        {
        }
    }

    private bool TryReceive(out TaskStats record, TimeSpan timeout)
    {
        while (true)
        {
            try
            {
                return listener.TryReceive(out record, timeout);
            }
            catch (TaskstatsProtocolException)
            {
                // A malformed record: counted as lost; the listener stays usable.
                Interlocked.Increment(ref malformed);
            }
        }
    }
}
