using System.Diagnostics;
using KstatOtel.Testing.Reliability;

namespace KstatOtel.Testing.Fuzzing;

/// <summary>
/// Runs a decoder over many generated inputs and checks the property every decoder of the repository must keep:
/// it either returns or throws an allowed exception (the package's malformed-input exception; for a few end-to-end
/// paths also the error a well-formed error reply carries). Any other exception, or one input taking longer than
/// <see cref="SlowInputLimit"/>, fails the run with the seed, index and input that reproduce it.
/// </summary>
/// <remarks>
/// Reading out of bounds: the decoders are managed code reading through <see cref="ReadOnlySpan{T}"/> and
/// <c>MemoryMarshal.Read</c>, both bounds-checked, so a read past the bytes given would raise
/// <see cref="IndexOutOfRangeException"/> or <see cref="ArgumentOutOfRangeException"/>, which fails the run like any
/// exception that is not allowed. (The native side, libkstat's buffers, is covered through the stand-in.)
/// </remarks>
public static class PropertyRun
{
    /// <summary>
    /// No decoder input may take this long: a hang (an endless loop on a lying length) shows up as a failure naming the
    /// input, not as a stuck run. Every decoder takes microseconds; the margin covers a loaded 2-core machine.
    /// </summary>
    public static readonly TimeSpan SlowInputLimit = TimeSpan.FromSeconds(5);

    /// <summary>Inputs per decoder: 50,000, or 1,000,000 with KSTATOTEL_LONG=1.</summary>
    public static int InputsPerDecoder => IsLongMode ? 1_000_000 : 50_000;

    /// <summary>True with KSTATOTEL_LONG=1.</summary>
    public static bool IsLongMode => Environment.GetEnvironmentVariable("KSTATOTEL_LONG") == "1";

    /// <summary>The seed: KSTATOTEL_SEED when set (to replay a failure), otherwise <paramref name="defaultSeed"/>.</summary>
    public static int Seed(int defaultSeed) =>
        int.TryParse(Environment.GetEnvironmentVariable("KSTATOTEL_SEED"), out var seed) ? seed : defaultSeed;

    /// <summary>A seed derived from a decoder's name, stable across runs and machines.</summary>
    public static int StableSeed(string decoderName)
    {
        var hash = 17;
        foreach (var c in decoderName)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash & 0x7fff_ffff;
    }

    /// <summary>
    /// Feeds <paramref name="count"/> inputs from a generator seeded with <paramref name="seed"/> to
    /// <paramref name="decode"/>, allowing <paramref name="allowedException"/> only.
    /// </summary>
    public static PropertyOutcome Check(
        string decoderName,
        Type allowedException,
        IReadOnlyList<byte[]> seeds,
        int seed,
        int count,
        Action<byte[]> decode) =>
        Check(decoderName, [allowedException], new ByteInputGenerator(seed, seeds), seed, count, decode);

    /// <summary>
    /// Feeds <paramref name="count"/> inputs from <paramref name="generator"/> to <paramref name="decode"/>. Returns how
    /// many inputs decoded, how many raised an allowed exception, and the time taken. The run happens on a worker
    /// thread watched by the caller's: an input still running after <see cref="SlowInputLimit"/> fails the run at once.
    /// The figure (inputs per second) goes to <see cref="Figures"/>.
    /// </summary>
    public static PropertyOutcome Check(
        string decoderName,
        IReadOnlyList<Type> allowedExceptions,
        ByteInputGenerator generator,
        int seed,
        int count,
        Action<byte[]> decode)
    {
        var decoded = 0;
        var rejected = 0;
        var current = -1;
        byte[] input = [];
        var inputStarted = 0L; // Stopwatch timestamp of the current input's start, 0 between inputs
        var total = Stopwatch.StartNew();
        string? failure = null;

        var worker = new Thread(() =>
        {
            for (var i = 0; i < count && failure is null; i++)
            {
                current = i;
                input = generator.Next();
                var started = Stopwatch.GetTimestamp();
                Volatile.Write(ref inputStarted, started);
                try
                {
                    decode(input);
                    decoded++;
                }
                catch (Exception ex) when (IsAllowed(ex, allowedExceptions))
                {
                    rejected++;
                }
                catch (Exception ex)
                {
                    failure = $"{decoderName}: input {i} (seed {seed}) raised {ex.GetType().Name}: {ex.Message}\n"
                        + $"input ({input.Length} bytes): {ByteInputGenerator.Describe(input)}\n{ex}";
                }

                Volatile.Write(ref inputStarted, 0);
                var took = Stopwatch.GetElapsedTime(started);
                if (took > SlowInputLimit && failure is null)
                {
                    failure = $"{decoderName}: input {i} (seed {seed}) took {took.TotalMilliseconds:F0} ms\n"
                        + $"input ({input.Length} bytes): {ByteInputGenerator.Describe(input)}";
                }
            }
        })
        {
            IsBackground = true,
            Name = "property run " + decoderName,
        };
        worker.Start();

        // The watchdog: an input that runs past the limit is a hang, reported with the input while it still runs.
        while (!worker.Join(TimeSpan.FromMilliseconds(250)))
        {
            var started = Volatile.Read(ref inputStarted);
            if (started != 0 && Stopwatch.GetElapsedTime(started) > SlowInputLimit + TimeSpan.FromSeconds(1))
            {
                throw new TimeoutException($"{decoderName}: stuck on input {current} (seed {seed}) for more than {SlowInputLimit}: {ByteInputGenerator.Describe(input)}");
            }
        }

        if (failure is not null)
        {
            throw new InvalidOperationException(failure);
        }

        var outcome = new PropertyOutcome(decoded, rejected, generator.RandomInputs, generator.MutatedInputs, total.Elapsed);
        Figures.Record("fuzz", decoderName, outcome.InputsPerSecond, "inputs/s");
        return outcome;
    }

    private static bool IsAllowed(Exception exception, IReadOnlyList<Type> allowed)
    {
        foreach (var type in allowed)
        {
            if (exception.GetType() == type)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What a property run did.</summary>
/// <param name="Decoded">Inputs the decoder accepted.</param>
/// <param name="Rejected">Inputs that raised an allowed exception.</param>
/// <param name="RandomInputs">Inputs made of random bytes.</param>
/// <param name="MutatedInputs">Inputs that were mutations of the seeds.</param>
/// <param name="Elapsed">The time the run took.</param>
public readonly record struct PropertyOutcome(int Decoded, int Rejected, int RandomInputs, int MutatedInputs, TimeSpan Elapsed)
{
    /// <summary>Inputs per second, generation included.</summary>
    public double InputsPerSecond => (Decoded + Rejected) / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>A one-line summary for the test output.</summary>
    public override string ToString() =>
        $"{Decoded + Rejected} inputs ({RandomInputs} random, {MutatedInputs} mutated): {Decoded} decoded, {Rejected} rejected, {Elapsed.TotalSeconds:F2} s, {InputsPerSecond:F0} inputs/s";

    /// <summary>The two counts, as the first callers took them.</summary>
    public void Deconstruct(out int decoded, out int rejected)
    {
        decoded = Decoded;
        rejected = Rejected;
    }
}
