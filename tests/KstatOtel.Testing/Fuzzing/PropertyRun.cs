using System.Diagnostics;

namespace KstatOtel.Testing.Fuzzing;

/// <summary>
/// Runs a decoder over many generated inputs and checks the property every decoder of the repository must keep:
/// it either returns or throws the package's malformed-input exception; any other exception, or one input taking
/// longer than <see cref="SlowInputLimit"/>, fails the run with the seed, index and input that reproduce it.
/// </summary>
public static class PropertyRun
{
    /// <summary>No decoder input may take this long: a hang shows up as a failure, not a stuck run.</summary>
    public static readonly TimeSpan SlowInputLimit = TimeSpan.FromSeconds(2);

    /// <summary>Inputs per decoder: 50,000, or 1,000,000 with KSTATOTEL_LONG=1.</summary>
    public static int InputsPerDecoder => IsLongMode ? 1_000_000 : 50_000;

    /// <summary>True with KSTATOTEL_LONG=1.</summary>
    public static bool IsLongMode => Environment.GetEnvironmentVariable("KSTATOTEL_LONG") == "1";

    /// <summary>The seed: KSTATOTEL_SEED when set (to replay a failure), otherwise <paramref name="defaultSeed"/>.</summary>
    public static int Seed(int defaultSeed) =>
        int.TryParse(Environment.GetEnvironmentVariable("KSTATOTEL_SEED"), out var seed) ? seed : defaultSeed;

    /// <summary>
    /// Feeds <paramref name="count"/> inputs from a generator seeded with <paramref name="seed"/> to
    /// <paramref name="decode"/>. Returns how many inputs decoded and how many raised the allowed exception.
    /// The run happens on a worker thread, and the whole run fails if it does not finish within
    /// <paramref name="count"/> times the slow-input limit.
    /// </summary>
    public static (int Decoded, int Rejected) Check(
        string decoderName,
        Type allowedException,
        IReadOnlyList<byte[]> seeds,
        int seed,
        int count,
        Action<byte[]> decode)
    {
        var generator = new ByteInputGenerator(seed, seeds);
        var decoded = 0;
        var rejected = 0;
        var current = -1;
        byte[] input = [];
        var clock = new Stopwatch();
        string? failure = null;

        var worker = new Thread(() =>
        {
            for (var i = 0; i < count && failure is null; i++)
            {
                current = i;
                input = generator.Next();
                clock.Restart();
                try
                {
                    decode(input);
                    decoded++;
                }
                catch (Exception ex) when (ex.GetType() == allowedException)
                {
                    rejected++;
                }
                catch (Exception ex)
                {
                    failure = $"{decoderName}: input {i} (seed {seed}) raised {ex.GetType().Name}: {ex.Message}\n"
                        + $"input ({input.Length} bytes): {ByteInputGenerator.Describe(input)}\n{ex.StackTrace}";
                }

                if (clock.Elapsed > SlowInputLimit && failure is null)
                {
                    failure = $"{decoderName}: input {i} (seed {seed}) took {clock.Elapsed.TotalMilliseconds:F0} ms\n"
                        + $"input ({input.Length} bytes): {ByteInputGenerator.Describe(input)}";
                }
            }
        })
        {
            IsBackground = true,
            Name = "property run " + decoderName,
        };
        worker.Start();

        // Generous bound for the whole run; a decoder stuck on one input is caught here.
        var deadline = TimeSpan.FromSeconds(60) + (count * TimeSpan.FromMilliseconds(1));
        if (!worker.Join(deadline))
        {
            throw new TimeoutException($"{decoderName}: stuck on input {current} (seed {seed}) after {deadline}: {ByteInputGenerator.Describe(input)}");
        }

        if (failure is not null)
        {
            throw new InvalidOperationException(failure);
        }

        return (decoded, rejected);
    }
}
