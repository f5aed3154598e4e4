using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KstatOtel.Instruments;

/// <summary>
/// Builds a <see cref="Measurement{T}"/> that refers to a cached, never-mutated tag array instead of a copy of it.
/// Every public constructor of <see cref="Measurement{T}"/> copies its tags into a new array, which would make each
/// tagged observation allocate; the instrumentation keeps one immutable array per series instead.
/// </summary>
/// <remarks>
/// The private field is reached through <see cref="UnsafeAccessorAttribute"/> (AOT- and trim-safe). A self-test at
/// first use checks that the field exists and is what <see cref="Measurement{T}.Tags"/> returns; if a future runtime
/// changes that, the copying constructor is used instead: correct, only not allocation-free.
/// </remarks>
internal static class TaggedMeasurement<T>
    where T : struct
{
    private static readonly bool CanShareTags = SelfTest();

    public static Measurement<T> Create(T value, KeyValuePair<string, object?>[] tags)
    {
        if (!CanShareTags)
        {
            return new Measurement<T>(value, tags);
        }

        var measurement = new Measurement<T>(value);
        TagsField(ref measurement) = tags;
        return measurement;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_tags")]
    private static extern ref KeyValuePair<string, object?>[] TagsField(ref Measurement<T> measurement);

    private static bool SelfTest()
    {
        try
        {
            var probe = new KeyValuePair<string, object?>[] { new("probe", "value") };
            var measurement = new Measurement<T>(default);
            TagsField(ref measurement) = probe;
            var seen = measurement.Tags;
            return seen.Length == 1 && Unsafe.AreSame(ref MemoryMarshal.GetReference(seen), ref probe[0]);
        }
        catch (MissingFieldException)
        {
            return false;
        }
    }
}
