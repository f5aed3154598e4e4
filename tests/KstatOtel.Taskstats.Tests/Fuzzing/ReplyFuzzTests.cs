using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using KstatOtel.Taskstats.Genetlink;
using KstatOtel.Taskstats.Protocol;
using KstatOtel.Taskstats.Tests.Support;
using Xunit.Abstractions;

namespace KstatOtel.Taskstats.Tests.Fuzzing;

/// <summary>
/// Feeds random and mutated replies (an own seeded generator: the same seed gives the same inputs) to every decoding
/// path: the client's request/reply, the pure decoders, the family lookup and the exit listener. Nothing but
/// <see cref="TaskstatsProtocolException"/> (malformed input) and <see cref="TaskstatsException"/> (an error code the
/// input carried, or no reply) may come out, every decoded record must be readable field by field, and the run must end.
/// 50,000 inputs by default; KSTATOTEL_LONG=1 runs 1,000,000. KSTATOTEL_FUZZ_SEED picks another seed.
/// </summary>
public class ReplyFuzzTests
{
    private const int DefaultSeed = 20261122;
    private static readonly System.Reflection.PropertyInfo[] StatsProperties =
        typeof(TaskStats).GetProperties().Where(p => !p.PropertyType.IsByRefLike).ToArray();

    private readonly ITestOutputHelper _output;

    public ReplyFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task RandomAndMutatedRepliesRaiseOnlyTheProtocolExceptionAndNeverHang()
    {
        var iterations = Environment.GetEnvironmentVariable("KSTATOTEL_LONG") == "1" ? 1_000_000 : 50_000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("KSTATOTEL_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;

        var limit = TimeSpan.FromMinutes(iterations > 100_000 ? 60 : 5);
        var run = Task.Run(() => Run(seed, iterations));
        var finished = await Task.WhenAny(run, Task.Delay(limit));
        Assert.True(finished == run, $"The fuzz run (seed {seed}) did not finish within {limit}: something hangs.");
        var outcome = await run;
        _output.WriteLine($"seed {seed}: {iterations} inputs, {outcome.Decoded} decoded records, {outcome.Protocol} protocol errors, {outcome.Errno} errno errors, {outcome.Elapsed.TotalSeconds:F1} s");

        Assert.True(outcome.Failure is null, outcome.Failure);
        // The generator must reach both outcomes, or it is not testing much.
        Assert.True(outcome.Decoded > iterations / 20, $"only {outcome.Decoded} inputs decoded");
        Assert.True(outcome.Protocol > iterations / 5, $"only {outcome.Protocol} protocol errors");
    }

    private static Outcome Run(int seed, int iterations)
    {
        var random = new Random(seed);
        var corpus = Corpus();
        var outcome = new Outcome();
        var watch = Stopwatch.StartNew();

        var queryKernel = new FakeKernel();
        using var client = queryKernel.OpenClient();
        byte[] current = [];
        queryKernel.Responder = request =>
        {
            var reply = (byte[])current.Clone();
            if (reply.Length >= 16 && random.Next(10) != 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(8), Wire.SequenceOf(request));
                BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(12), queryKernel.PortId);
            }

            return [reply];
        };

        for (var i = 0; i < iterations; i++)
        {
            var input = Mutate(random, corpus);
            try
            {
                switch (i % 5)
                {
                    case 0:
                    case 1:
                        current = input;
                        var id = input.Length >= 32 ? BinaryPrimitives.ReadUInt32LittleEndian(input.AsSpan(28)) : 42u; // the id attribute of a reply
                        outcome.Decoded += QueryThroughClient(client, random.Next(3), id);
                        break;
                    case 2:
                        outcome.Decoded += DecodeDirectly(input);
                        break;
                    case 3:
                        outcome.Decoded += OpenWithFamilyReply(input);
                        break;
                    default:
                        outcome.Decoded += ReceiveExitRecords(input);
                        break;
                }
            }
            catch (TaskstatsProtocolException)
            {
                outcome.Protocol++;
            }
            catch (TaskstatsException)
            {
                outcome.Errno++;
            }
            catch (Exception e)
            {
                outcome.Failure = $"seed {seed}, input {i} (path {i % 5}) threw {e.GetType()}: {e.Message}\n{Convert.ToHexString(input)}\n{e}";
                break;
            }
        }

        outcome.Elapsed = watch.Elapsed;
        return outcome;
    }

    private static int QueryThroughClient(TaskstatsClient client, int kind, uint id)
    {
        var pid = (int)Math.Clamp(id, 1u, int.MaxValue);
        TaskStats stats;
        var found = kind switch
        {
            0 => client.TryTask(pid, out stats),
            1 => client.TryThreadGroup(pid, out stats),
            _ => client.TryTask(42, out stats),
        };
        return found ? Touch(stats) : 0;
    }

    private static int DecodeDirectly(byte[] input)
    {
        var count = 0;
        var reader = new KstatOtel.Taskstats.Netlink.NetlinkMessageReader(input);
        while (reader.TryRead(out var message))
        {
            if (message.Payload.Length >= 4 && message.Payload[0] == 5)
            {
                var cgroup = TaskstatsMessageDecoder.DecodeCgroupStats(message.Payload, message.Offset);
                _ = cgroup.Total;
                count++;
                continue;
            }

            var records = TaskstatsMessageDecoder.DecodeTaskstats(message.Payload, isExitRecord: message.Header.PortId == 0, message.Offset, out var first, out var second);
            count += Touch(first);
            if (records == 2)
            {
                count += Touch(second);
            }
        }

        return count;
    }

    private static int OpenWithFamilyReply(byte[] input)
    {
        var kernel = new FakeKernel();
        kernel.Responder = request =>
        {
            var reply = (byte[])input.Clone();
            if (reply.Length >= 16)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(8), Wire.SequenceOf(request));
                BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(12), kernel.PortId);
            }

            return [reply];
        };
        using var client = kernel.OpenClient();
        _ = client.Family.Operations.Count + client.Family.MulticastGroups.Count;
        if (input.Length > 20)
        {
            _ = GenlFamilyDecoder.Decode(input.AsSpan(20));
        }

        return 1;
    }

    private static int ReceiveExitRecords(byte[] input)
    {
        var kernel = new FakeKernel();
        kernel.Responder = request => Wire.FlagsOf(request) == 5 ? [Wire.Error(0, Wire.SequenceOf(request), kernel.PortId)] : [];
        using var client = new FakeKernel().OpenClient(_ => kernel);
        using var listener = client.OpenExitListener("0");
        kernel.Enqueue(input);
        kernel.Enqueue(input);
        var count = 0;
        for (var i = 0; i < 8; i++)
        {
            try
            {
                if (!listener.TryReceive(out var record, TimeSpan.Zero))
                {
                    break;
                }

                count += Touch(record);
            }
            catch (TaskstatsProtocolException) when (i < 7)
            {
                // The listener moves on past a malformed record; keep reading.
            }
        }

        return count;
    }

    /// <summary>Reads every field of <paramref name="stats"/>: none may throw, whatever the bytes.</summary>
    private static int Touch(TaskStats stats)
    {
        foreach (var property in StatsProperties)
        {
            _ = property.GetValue(stats);
        }

        _ = stats.CommandUtf8.Length;
        foreach (var kind in Enum.GetValues<TaskDelayKind>())
        {
            if (stats.GetDelay(kind) is { } delay)
            {
                _ = (delay.Average, delay.Total, delay.Max, delay.Min, delay.MaxTimestamp);
            }
        }

        return 1;
    }

    private static byte[] Mutate(Random random, byte[][] corpus)
    {
        var pick = corpus[random.Next(corpus.Length)];
        var data = (byte[])pick.Clone();
        switch (random.Next(9))
        {
            case 0: // pure noise
                data = new byte[random.Next(0, 1200)];
                random.NextBytes(data);
                if (data.Length >= 4 && random.Next(2) == 0)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(data, (uint)data.Length);
                }

                return data;
            case 1: // a few random bytes
                for (var n = random.Next(1, 8); n > 0 && data.Length > 0; n--)
                {
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                }

                return data;
            case 2: // a lying length field: any aligned u16 or u32
                if (data.Length >= 4)
                {
                    var offset = random.Next(data.Length / 2) * 2;
                    var value = Interesting(random, data.Length);
                    if (offset + 4 <= data.Length && random.Next(2) == 0)
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(offset), value);
                    }
                    else if (offset + 2 <= data.Length)
                    {
                        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(offset), (ushort)value);
                    }
                }

                return data;
            case 3: // truncated
                return data[..random.Next(data.Length + 1)];
            case 4: // extended with noise
                var tail = new byte[random.Next(1, 64)];
                random.NextBytes(tail);
                return [.. data, .. tail];
            case 5: // two messages in one datagram
                return [.. data, .. corpus[random.Next(corpus.Length)]];
            case 6: // another struct version
                if (data.Length > 38)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(36), (ushort)random.Next(0, 20));
                }

                return data;
            case 7: // a slice of another input spliced in
                var other = corpus[random.Next(corpus.Length)];
                var start = random.Next(other.Length);
                var at = random.Next(data.Length + 1);
                return [.. data[..at], .. other[start..Math.Min(other.Length, start + random.Next(1, 64))], .. data[at..]];
            default: // unchanged: the valid inputs must keep decoding
                return data;
        }
    }

    private static uint Interesting(Random random, int length) => random.Next(12) switch
    {
        0 => 0,
        1 => 1,
        2 => 3,
        3 => 4,
        4 => 5,
        5 => 16,
        6 => (uint)(length - 1),
        7 => (uint)length,
        8 => (uint)(length + 1),
        9 => 0xFFFF,
        10 => 0xFFFFFFFF,
        _ => (uint)random.Next(),
    };

    private static byte[][] Corpus()
    {
        var fixtures = Directory.GetFiles(KstatOtel.Testing.RepoPaths.Combine("tests", "fixtures", "taskstats"), "*.hex")
            .Select(path => HexFixture.Load(Path.GetFileName(path)).Bytes);
        var built = new[] { 8, 13, 14, 16, 17 }.SelectMany(v => new[]
        {
            Wire.TaskstatsReply(1, 1, false, 42, StatsPayload.Build(v)),
            Wire.TaskstatsReply(1, 1, true, 42, StatsPayload.Build(v)),
        });
        var pair = Wire.Message(Wire.FamilyId, 0, 1, 0, Wire.Genl(2), Wire.Aggregate(false, 42, StatsPayload.Build(16)), Wire.Aggregate(true, 42, StatsPayload.Build(16)));
        return [.. fixtures, .. built, pair];
    }

    private sealed class Outcome
    {
        public int Decoded;
        public int Protocol;
        public int Errno;
        public string? Failure;
        public TimeSpan Elapsed;
    }
}
