namespace KstatOtel.Illumos.Host;

/// <summary>
/// Turns successive reads of a kernel counter into a cumulative value that never goes down: it starts at the first
/// value read (the kernel's own total, not 0), follows increases, carries a 32-bit counter over its wrap at 2^32
/// (kstat_io_t reads/writes, the link error counters), and treats any other decrease as a counter that started
/// again from 0 (a kstat recreated under the same name, a CPU set summed over CPUs that changed).
/// </summary>
internal struct CumulativeCounter
{
    private const ulong Wrap32 = 1UL << 32;

    private ulong _last;
    private ulong _total;
    private bool _started;

    /// <summary>True once a value was observed.</summary>
    public readonly bool HasValue => _started;

    /// <summary>The cumulative value.</summary>
    public readonly ulong Value => _total;

    /// <summary>The last raw value observed.</summary>
    public readonly ulong Last => _last;

    /// <summary>Takes a new read of the counter; <paramref name="narrow"/> when the kernel counter is 32 bits wide.</summary>
    public void Observe(ulong value, bool narrow)
    {
        if (!_started)
        {
            _started = true;
            _total = value;
        }
        else if (value >= _last)
        {
            _total += value - _last;
        }
        else if (narrow && _last < Wrap32)
        {
            _total += value + Wrap32 - _last;
        }
        else
        {
            _total += value;
        }

        _last = value;
    }

    /// <summary>The value as a long for a counter instrument (saturating, never negative).</summary>
    public readonly long AsInt64 => _total > long.MaxValue ? long.MaxValue : (long)_total;
}
