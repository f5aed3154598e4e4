namespace KstatOtel.Testing.Reliability;

/// <summary>The threads of the concurrency tests: each runs one action over and over until told to stop.</summary>
public static class BusyLoop
{
    /// <summary>
    /// A thread (not started) that runs <paramref name="body"/> until <paramref name="stop"/> is cancelled; the first
    /// exception goes to <paramref name="failed"/> and ends the thread.
    /// </summary>
    public static Thread Create(Action body, Action<Exception> failed, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(failed);
        return new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    body();
                }
                catch (Exception e)
                {
                    failed(e);
                    return;
                }
            }
        });
    }
}
