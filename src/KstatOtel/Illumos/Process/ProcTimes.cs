namespace KstatOtel.Illumos.Process;

/// <summary>Validation shared by the procfs decoders.</summary>
internal static class ProcTimes
{
    /// <summary>A timestruc_t holds non-negative seconds and nanoseconds below one second; anything else is not one.</summary>
    public static void Check(ProcTime time, string input, int offset)
    {
        if (time.Seconds < 0 || time.Nanoseconds is < 0 or >= 1_000_000_000)
        {
            ThrowHelper.ThrowMalformed(input, $"timestruc_t {{{time.Seconds}, {time.Nanoseconds}}} is not a time (tv_nsec must be 0..999999999)", offset);
        }
    }
}
