namespace KstatOtel;

/// <summary>The kind of instrument a statistic named with <see cref="KstatInstrumentationOptions.AddKstat"/> is published as.</summary>
public enum KstatInstrumentKind
{
    /// <summary>
    /// A monotonic cumulative sum (an observable counter), for statistics the kernel only ever increases. A 32-bit
    /// statistic that wraps is kept monotonic across the wrap.
    /// </summary>
    Counter = 0,

    /// <summary>A cumulative sum that may go down (an observable up-down counter), for amounts such as sizes in use.</summary>
    UpDownCounter = 1,

    /// <summary>The last value read (an observable gauge), for levels and rates.</summary>
    Gauge = 2,
}
