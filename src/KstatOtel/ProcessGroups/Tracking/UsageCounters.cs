using System.Runtime.CompilerServices;

namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>Which families of <see cref="UsageCounters"/> hold a value.</summary>
[Flags]
internal enum UsageFields
{
    None = 0,

    /// <summary>User and system CPU time.</summary>
    Cpu = 1 << 0,

    /// <summary>Bytes read from and written to storage.</summary>
    Io = 1 << 1,

    /// <summary>Minor and major page faults.</summary>
    Faults = 1 << 2,

    /// <summary>Voluntary and involuntary context switches.</summary>
    ContextSwitches = 1 << 3,

    /// <summary>
    /// Delay accounting, one flag per kind (count and total), in the order of <see cref="DelayKinds"/>: a kind is known
    /// only when the kernel's record has it (older struct versions lack the newer kinds). <see cref="Delays"/> is any.
    /// </summary>
    DelayCpu = 1 << 4,
    DelayBlockIo = 1 << 5,
    DelaySwapIn = 1 << 6,
    DelayFreePages = 1 << 7,
    DelayThrashing = 1 << 8,
    DelayCompact = 1 << 9,
    DelayWriteProtectCopy = 1 << 10,
    DelayIrq = 1 << 11,

    /// <summary>Every delay kind.</summary>
    Delays = DelayCpu | DelayBlockIo | DelaySwapIn | DelayFreePages | DelayThrashing | DelayCompact | DelayWriteProtectCopy | DelayIrq,

    All = Cpu | Io | Faults | ContextSwitches | Delays,
}

/// <summary>The flag of each delay kind among <see cref="UsageFields"/>.</summary>
internal static class UsageDelayFields
{
    private const int FirstShift = 4;

    /// <summary>The flag of the delay kind at <paramref name="kind"/> (a <see cref="DelayKinds"/> index).</summary>
    public static UsageFields Of(int kind) => (UsageFields)(1 << (FirstShift + kind));
}

/// <summary>One value per delay kind, in the order of <see cref="Taskstats.TaskDelayKind"/>.</summary>
[InlineArray(DelayKinds.Count)]
internal struct DelayValues
{
    private ulong element0;
}

/// <summary>
/// Cumulative usage, in the kernel's units (nanoseconds for times): the totals of one process or thread as last
/// accounted, or the sums of a group. <see cref="Known"/> says which families, and which delay kinds, hold a value (no
/// value is not 0).
/// </summary>
internal struct UsageCounters
{
    public ulong UserNs;
    public ulong SystemNs;
    public ulong ReadBytes;
    public ulong WriteBytes;
    public ulong MinorFaults;
    public ulong MajorFaults;
    public ulong VoluntarySwitches;
    public ulong InvoluntarySwitches;
    public DelayValues DelayCounts;
    public DelayValues DelayNs;
    public UsageFields Known;

    /// <summary>
    /// Adds to <paramref name="total"/> how much <paramref name="observed"/> grew past <paramref name="last"/>, family
    /// by family, and moves <paramref name="last"/> up to it; a value below the last one adds nothing (counters never
    /// go down). A family seen for the first time is added in full when it is in <paramref name="fromZero"/> (the
    /// process started after tracking did), and only taken as the baseline otherwise.
    /// </summary>
    public static void Accumulate(ref UsageCounters last, in UsageCounters observed, ref UsageCounters total, UsageFields fromZero)
    {
        var families = observed.Known;
        if (families == UsageFields.None)
        {
            return;
        }

        var fresh = families & ~last.Known;
        var countFresh = fresh & fromZero;
        if ((families & UsageFields.Cpu) != 0)
        {
            var add = (countFresh & UsageFields.Cpu) != 0 || (fresh & UsageFields.Cpu) == 0;
            Step(ref last.UserNs, observed.UserNs, ref total.UserNs, add);
            Step(ref last.SystemNs, observed.SystemNs, ref total.SystemNs, add);
        }

        if ((families & UsageFields.Io) != 0)
        {
            var add = (countFresh & UsageFields.Io) != 0 || (fresh & UsageFields.Io) == 0;
            Step(ref last.ReadBytes, observed.ReadBytes, ref total.ReadBytes, add);
            Step(ref last.WriteBytes, observed.WriteBytes, ref total.WriteBytes, add);
        }

        if ((families & UsageFields.Faults) != 0)
        {
            var add = (countFresh & UsageFields.Faults) != 0 || (fresh & UsageFields.Faults) == 0;
            Step(ref last.MinorFaults, observed.MinorFaults, ref total.MinorFaults, add);
            Step(ref last.MajorFaults, observed.MajorFaults, ref total.MajorFaults, add);
        }

        if ((families & UsageFields.ContextSwitches) != 0)
        {
            var add = (countFresh & UsageFields.ContextSwitches) != 0 || (fresh & UsageFields.ContextSwitches) == 0;
            Step(ref last.VoluntarySwitches, observed.VoluntarySwitches, ref total.VoluntarySwitches, add);
            Step(ref last.InvoluntarySwitches, observed.InvoluntarySwitches, ref total.InvoluntarySwitches, add);
        }

        if ((families & UsageFields.Delays) != 0)
        {
            // Kind by kind: a kind the record lacks is neither added nor made a baseline of 0.
            for (var i = 0; i < DelayKinds.Count; i++)
            {
                var kind = UsageDelayFields.Of(i);
                if ((families & kind) == 0)
                {
                    continue;
                }

                var add = (countFresh & kind) != 0 || (fresh & kind) == 0;
                Step(ref last.DelayCounts[i], observed.DelayCounts[i], ref total.DelayCounts[i], add);
                Step(ref last.DelayNs[i], observed.DelayNs[i], ref total.DelayNs[i], add);
            }
        }

        last.Known |= families;
        total.Known |= families;
    }

    /// <summary>
    /// Tops <paramref name="last"/> up to a process's final figures (its exit record) and adds the difference to
    /// <paramref name="total"/>. The CPU time is topped up as a whole: exit records and procfs split the same runtime
    /// between user and system slightly differently, so the increase of the sum is what is added, shared in the
    /// proportion of each mode's own increase. Other families follow <see cref="Accumulate"/>, as baselines when new.
    /// </summary>
    public static void TopUp(ref UsageCounters last, in UsageCounters final, ref UsageCounters total)
    {
        var rest = final;
        if ((final.Known & last.Known & UsageFields.Cpu) != 0)
        {
            rest.Known &= ~UsageFields.Cpu;
            var before = last.UserNs + last.SystemNs;
            var after = final.UserNs + final.SystemNs;
            if (after > before)
            {
                var increase = after - before;
                var userGrowth = final.UserNs > last.UserNs ? final.UserNs - last.UserNs : 0;
                var systemGrowth = final.SystemNs > last.SystemNs ? final.SystemNs - last.SystemNs : 0;
                var growth = userGrowth + systemGrowth;
                var userShare = growth == 0 ? increase : (ulong)((UInt128)increase * userGrowth / growth);
                total.UserNs += userShare;
                total.SystemNs += increase - userShare;
                last.UserNs += userShare;
                last.SystemNs += increase - userShare;
            }
        }

        Accumulate(ref last, rest, ref total, UsageFields.None);
    }

    /// <summary>Adds every known family of <paramref name="other"/> to this one.</summary>
    public void Add(in UsageCounters other)
    {
        UserNs += other.UserNs;
        SystemNs += other.SystemNs;
        ReadBytes += other.ReadBytes;
        WriteBytes += other.WriteBytes;
        MinorFaults += other.MinorFaults;
        MajorFaults += other.MajorFaults;
        VoluntarySwitches += other.VoluntarySwitches;
        InvoluntarySwitches += other.InvoluntarySwitches;
        for (var i = 0; i < DelayKinds.Count; i++)
        {
            DelayCounts[i] += other.DelayCounts[i];
            DelayNs[i] += other.DelayNs[i];
        }

        Known |= other.Known;
    }

    private static void Step(ref ulong last, ulong observed, ref ulong total, bool add)
    {
        if (observed > last)
        {
            if (add)
            {
                total += observed - last;
            }

            last = observed;
        }
        else if (!add)
        {
            // A baseline: take the value as it is, even when lower than the default 0 cannot be.
            last = observed;
        }
    }
}
