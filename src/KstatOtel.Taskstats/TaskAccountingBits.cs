namespace KstatOtel.Taskstats;

/// <summary>The BSD accounting flags of a task (ac_flag, linux/acct.h).</summary>
[Flags]
public enum TaskAccountingBits
{
    /// <summary>No flag set.</summary>
    None = 0,

    /// <summary>AFORK: forked but did not exec.</summary>
    ForkedWithoutExec = 0x01,

    /// <summary>ASU: used superuser privileges.</summary>
    SuperUser = 0x02,

    /// <summary>ACOMPAT: used compatibility mode (VAX only; never set on Linux today).</summary>
    Compat = 0x04,

    /// <summary>ACORE: dumped core.</summary>
    DumpedCore = 0x08,

    /// <summary>AXSIG: killed by a signal.</summary>
    KilledBySignal = 0x10,

    /// <summary>AGROUP: the record is the last of its thread group (exit records, struct version 12 and later).</summary>
    LastInGroup = 0x20,
}
