namespace KstatOtel.Kstat;

/// <summary>The flags of a kstat (<c>ks_flags</c>, the KSTAT_FLAG_* constants of sys/kstat.h).</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Mirrors ks_flags and the KSTAT_FLAG_* constants.")]
public enum KstatFlags
{
    /// <summary>No flag set.</summary>
    None = 0,

    /// <summary>KSTAT_FLAG_VIRTUAL: the provider supplies the data buffer.</summary>
    Virtual = 0x01,

    /// <summary>KSTAT_FLAG_VAR_SIZE: the size of the data may change between reads.</summary>
    VariableSize = 0x02,

    /// <summary>KSTAT_FLAG_WRITABLE: <c>kstat_write</c> is allowed (with PRIV_SYS_CONFIG).</summary>
    Writable = 0x04,

    /// <summary>KSTAT_FLAG_PERSISTENT: the data survives the provider's detach.</summary>
    Persistent = 0x08,

    /// <summary>KSTAT_FLAG_DORMANT: a persistent kstat whose provider is detached.</summary>
    Dormant = 0x10,

    /// <summary>KSTAT_FLAG_INVALID: being created; reads fail with EAGAIN until it is ready.</summary>
    Invalid = 0x20,

    /// <summary>KSTAT_FLAG_LONGSTRINGS: the named statistics include KSTAT_DATA_STRING values.</summary>
    LongStrings = 0x40,
}
