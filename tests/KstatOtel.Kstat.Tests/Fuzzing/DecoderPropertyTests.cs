using System.Buffers.Binary;
using KstatOtel.Kstat.Decoding;
using KstatOtel.Testing.Fuzzing;
using Xunit.Abstractions;

namespace KstatOtel.Kstat.Tests.Fuzzing;

/// <summary>
/// Every decoder of the binding (NAMED data with STRING pointers and lengths, IO, INTR, TIMER and the RAW structures)
/// fed random bytes and mutations of the data libkstat returned for the real captures, as the stand-in serves them:
/// 50,000 inputs each (1,000,000 with KSTATOTEL_LONG=1; KSTATOTEL_SEED replays). Each input carries ks_ndata (and
/// for a single-statistic read, the offset kstat_data_lookup would return) ahead of ks_data, so that counts lie too;
/// STRING pointers are absolute, rebased onto a fixed address. Only <see cref="KstatMalformedDataException"/> may
/// escape, and a refused read leaves the caller's kept values exactly as they were.
/// </summary>
[Collection(StandinCollection.Name)]
public class DecoderPropertyTests
{
    /// <summary>Where ks_data is taken to be: STRING pointers of the seeds are rebased onto it.</summary>
    private const ulong Base = 0x7f00_1234_5000;

    /// <summary>The prefix each input carries: ks_ndata (u32) and an offset for kstat_data_lookup (u32).</summary>
    private const int Prefix = 8;

    private static readonly Lazy<Dictionary<string, List<byte[]>>> Seeds = new(CollectSeeds);

    private readonly ITestOutputHelper _output;

    public DecoderPropertyTests(ITestOutputHelper output) => _output = output;

    private static readonly string[] DecoderNames = ["named", "io", "intr", "timer", "sysinfo", "vminfo", "var", "mntinfo", "cpu_stat"];

    public static TheoryData<string> Decoders => new(DecoderNames);

    [Theory]
    [MemberData(nameof(Decoders))]
    public void OnlyTheMalformedDataExceptionEscapes(string decoder)
    {
        var seeds = Seeds.Value[decoder];
        Assert.NotEmpty(seeds);
        var decode = Decoder(decoder);
        foreach (var real in seeds)
        {
            decode(real); // the data of the real captures decodes
        }

        var seed = PropertyRun.Seed(PropertyRun.StableSeed("kstat/" + decoder));
        var generator = new ByteInputGenerator(seed, seeds, decoder == "named" ? [PointAString, CountRecords] : [CountRecords]);
        var outcome = PropertyRun.Check("kstat/" + decoder, [typeof(KstatMalformedDataException)], generator, seed, PropertyRun.InputsPerDecoder, decode);
        _output.WriteLine($"{decoder}: {seeds.Count} seeds, seed {seed}, {outcome}");
        Assert.True(outcome.Decoded > PropertyRun.InputsPerDecoder / 50 && outcome.Rejected > PropertyRun.InputsPerDecoder / 50, outcome.ToString());
    }

    /// <summary>A STRING record pointed anywhere around ks_data (before, into the records, past the end) with any length.</summary>
    private static readonly Action<Random, List<byte>> PointAString = (random, input) =>
    {
        var records = (input.Count - Prefix) / NamedDecoder.RecordSize;
        if (records == 0)
        {
            return;
        }

        var record = Prefix + (random.Next(records) * NamedDecoder.RecordSize);
        input[record + 31] = (byte)KstatDataType.String;
        var size = input.Count - Prefix;
        var offset = random.Next(4) switch
        {
            0 => random.Next(-64, 0),
            1 => random.Next(0, records * NamedDecoder.RecordSize),
            2 => random.Next(records * NamedDecoder.RecordSize, size + 1),
            _ => random.Next(size, size + 4096),
        };
        var length = random.Next(4) switch
        {
            0 => 0u,
            1 => (uint)random.Next(0, 64),
            2 => (uint)Math.Max(0, size - offset),
            _ => uint.MaxValue - (uint)random.Next(8),
        };
        Write(input, record + 32, BitConverter.GetBytes(unchecked(Base + (ulong)(long)offset)));
        Write(input, record + 40, BitConverter.GetBytes(length));
    };

    /// <summary>ks_ndata lying around the true record count.</summary>
    private static readonly Action<Random, List<byte>> CountRecords = (random, input) =>
    {
        if (input.Count < Prefix)
        {
            return;
        }

        var records = (input.Count - Prefix) / NamedDecoder.RecordSize;
        var count = random.Next(4) switch
        {
            0 => records + random.Next(-2, 3),
            1 => random.Next(0, 4),
            2 => int.MaxValue - random.Next(4),
            _ => records,
        };
        Write(input, 0, BitConverter.GetBytes(count));
        Write(input, 4, BitConverter.GetBytes(random.Next(-1, records + 2) * NamedDecoder.RecordSize));
    };

    private static void Write(List<byte> input, int at, byte[] bytes)
    {
        for (var i = 0; i < bytes.Length && at + i < input.Count; i++)
        {
            input[at + i] = bytes[i];
        }
    }

    private static Action<byte[]> Decoder(string decoder)
    {
        if (decoder == "named")
        {
            // One kept set of values across every input, as the refresh path keeps one per kstat.
            var kept = new KstatNamedValues();
            return input =>
            {
                var (ndata, offset, data) = Split(input);
                var before = Capture(kept);
                try
                {
                    NamedDecoder.Decode(data, Base, ndata, 42, kept, "fuzz:0:named");
                }
                catch (KstatMalformedDataException)
                {
                    var after = Capture(kept);
                    if (after != before)
                    {
                        throw new InvalidOperationException($"A refused read changed the kept values:\nbefore {before}\nafter  {after}");
                    }

                    throw;
                }

                foreach (var statistic in kept)
                {
                    _ = statistic.IsNumeric ? statistic.ToDouble() : 0;
                    _ = statistic.FormatValue();
                    _ = statistic.ToString();
                }

                _ = NamedDecoder.DecodeOne(data, Base, ndata, (int)offset, "fuzz:0:named").FormatValue();
            };
        }

        return input =>
        {
            var (ndata, _, data) = Split(input);
            _ = decoder switch
            {
                "io" => (object)RecordDecoder.DecodeIO(data, 1, "fuzz:0:io"),
                "intr" => RecordDecoder.DecodeInterrupts(data, 1, "fuzz:0:intr"),
                "timer" => RecordDecoder.DecodeTimers(data, ndata, 1, "fuzz:0:timer").Select(t => (t.Name, t.EventCount, t.ElapsedTime, t.MinTime, t.MaxTime, t.StartTime, t.StopTime)).ToList(),
                "sysinfo" => RecordDecoder.DecodeSysInfo(data, 1, "unix:0:sysinfo"),
                "vminfo" => RecordDecoder.DecodeVmInfo(data, 1, "unix:0:vminfo"),
                "var" => RecordDecoder.DecodeVar(data, 1, "unix:0:var"),
                "mntinfo" => RecordDecoder.DecodeMntInfo(data, 1, "nfs:0:mntinfo"),
                "cpu_stat" => RecordDecoder.DecodeCpuStat(data, 1, "cpu_stat:0:cpu_stat0"),
                _ => throw new ArgumentOutOfRangeException(nameof(decoder), decoder, "no such decoder"),
            };
        };
    }

    private static (uint Ndata, uint Offset, byte[] Data) Split(byte[] input) => input.Length < Prefix
        ? (0, 0, input)
        : (BinaryPrimitives.ReadUInt32LittleEndian(input), BinaryPrimitives.ReadUInt32LittleEndian(input.AsSpan(4)), input[Prefix..]);

    /// <summary>Everything a caller can see of a kept set of values, as text.</summary>
    private static string Capture(KstatNamedValues values)
    {
        var text = new System.Text.StringBuilder($"{values.Count} at {values.SnapTime}, layout {values.LayoutVersion}/{values.LayoutChanged}:");
        for (var i = 0; i < values.Count; i++)
        {
            var s = values[i];
            text.Append(' ').Append(s.Name).Append('=').Append(s.DataType).Append(':').Append(s.FormatValue());
        }

        return text.ToString();
    }

    /// <summary>
    /// The data of every kstat of every capture, as the stand-in returns it from kstat_read, grouped by decoder: at
    /// most 40 per decoder, preferring variety (different sizes and record counts).
    /// </summary>
    private static Dictionary<string, List<byte[]>> CollectSeeds()
    {
        var seeds = DecoderNames.ToDictionary(d => d, _ => new List<byte[]>());
        var files = Fixtures.AllCaptures().Select(Fixtures.Capture)
            .Concat(Directory.EnumerateFiles(Fixtures.ConstructedDirectory, "*.kstat"))
            .Concat(Directory.EnumerateFiles(Path.Combine(Fixtures.CaptureDirectory, "constructed"), "*.kstat"));
        foreach (var file in files)
        {
            using var session = StandinSession.Start(file);
            KstatToken token;
            try
            {
                token = session.Open();
            }
            catch (InvalidOperationException) when (file.EndsWith("sd30-is-an-io-kstat.kstat", StringComparison.Ordinal))
            {
                continue; // a directive file, joined with its capture elsewhere
            }

            using var _ = token;
            foreach (var entry in token.GetAll())
            {
                var decoder = entry.Type switch
                {
                    KstatType.Named => "named",
                    KstatType.IO => "io",
                    KstatType.Interrupt => "intr",
                    KstatType.Timer => "timer",
                    KstatType.Raw => (entry.Module, entry.Name) switch
                    {
                        ("unix", "sysinfo") => "sysinfo",
                        ("unix", "vminfo") => "vminfo",
                        ("unix", "var") => "var",
                        ("nfs", "mntinfo") => "mntinfo",
                        ("cpu_stat", _) => "cpu_stat",
                        _ => null,
                    },
                    _ => null,
                };
                if (decoder is null || seeds[decoder].Count >= 40 || !TryRead(token, entry, out var seed))
                {
                    continue;
                }

                if (!seeds[decoder].Any(s => s.Length == seed.Length))
                {
                    seeds[decoder].Add(seed);
                }
            }
        }

        return seeds;
    }

    /// <summary>ks_ndata, an offset and ks_data as kstat_read left them, STRING pointers rebased onto <see cref="Base"/>.</summary>
    private static bool TryRead(KstatToken token, KstatEntry entry, out byte[] seed)
    {
        lock (token.Gate)
        {
            if (!token.TryReadLocked(entry, out var native))
            {
                seed = [];
                return false;
            }

            seed = new byte[Prefix + native.Span.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(seed, native.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(seed.AsSpan(4), native.Count > 1 ? (uint)NamedDecoder.RecordSize : 0);
            native.Span.CopyTo(seed.AsSpan(Prefix));
            if (entry.Type == KstatType.Named)
            {
                for (var i = 0; i < native.Count; i++)
                {
                    var record = seed.AsSpan(Prefix + (i * NamedDecoder.RecordSize), NamedDecoder.RecordSize);
                    var pointer = BinaryPrimitives.ReadUInt64LittleEndian(record[32..]);
                    if (record[31] == (byte)KstatDataType.String && pointer != 0)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(record[32..], pointer - native.Address + Base);
                    }
                }
            }

            return true;
        }
    }
}
