using System.Buffers.Binary;
using KstatOtel.Taskstats.Genetlink;
using KstatOtel.Taskstats.Netlink;
using KstatOtel.Taskstats.Protocol;
using KstatOtel.Taskstats.Tests.Support;
using KstatOtel.Testing.Fuzzing;
using Xunit.Abstractions;

namespace KstatOtel.Taskstats.Tests.Fuzzing;

/// <summary>
/// Every decoder of the package, and the two paths that take bytes from a socket (the client's request/reply and the
/// exit listener), fed random bytes and mutations of real replies (recorded from this kernel, and built for struct
/// versions 1 to 18): 50,000 inputs each, 1,000,000 with KSTATOTEL_LONG=1, replayed with KSTATOTEL_SEED. Only
/// <see cref="TaskstatsProtocolException"/> may escape a decoder; through the client, a well-formed NLMSG_ERROR reply
/// also gives its errno as <see cref="TaskstatsException"/> (the documented result of an error reply). Every record
/// that decodes must be readable field by field, no input may take more than <see cref="PropertyRun.SlowInputLimit"/>,
/// and after a malformed exit record the listener must still deliver the next good one.
/// </summary>
public class ReplyFuzzTests
{
    /// <summary>Where struct taskstats starts in a reply datagram: nlmsghdr 16, genlmsghdr 4, AGGR 4, PID/TGID 8, STATS 4.</summary>
    private const int StatsOffset = 36;

    private static readonly System.Reflection.PropertyInfo[] StatsProperties =
        typeof(TaskStats).GetProperties().Where(p => !p.PropertyType.IsByRefLike).ToArray();

    private static readonly Type[] ProtocolOnly = [typeof(TaskstatsProtocolException)];
    private static readonly Type[] ProtocolOrErrorReply = [typeof(TaskstatsProtocolException), typeof(TaskstatsException)];

    private readonly ITestOutputHelper _output;

    public ReplyFuzzTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Decoders => new()
    {
        "netlink-messages", "netlink-attributes", "taskstats-records", "cgroupstats", "genl-family", "query-replies", "family-lookup", "exit-records",
    };

    [Theory]
    [MemberData(nameof(Decoders))]
    public void OnlyTheProtocolExceptionEscapesAndNothingHangs(string decoder)
    {
        var (seeds, allowed, decode) = Decoder(decoder);

        // The seeds are real input. Some are refused on purpose: struct versions 1-3 and 15, error replies, and through
        // the client a reply that answers another kind of query.
        var refused = 0;
        foreach (var real in seeds)
        {
            try
            {
                decode(real);
            }
            catch (Exception e) when (allowed.Contains(e.GetType()))
            {
                refused++;
            }
        }

        Assert.True(refused < seeds.Count, $"all {seeds.Count} seeds refused");

        var seed = PropertyRun.Seed(PropertyRun.StableSeed("taskstats/" + decoder));
        var generator = new ByteInputGenerator(seed, seeds, Mutations);
        var outcome = PropertyRun.Check("taskstats/" + decoder, allowed, generator, seed, PropertyRun.InputsPerDecoder, decode);
        _output.WriteLine($"{decoder}: seed {seed}, {outcome}");

        Assert.Equal(PropertyRun.InputsPerDecoder, outcome.Decoded + outcome.Rejected);
        // The generator must reach both outcomes often, or it is not testing much.
        Assert.True(outcome.Decoded > PropertyRun.InputsPerDecoder / 50, $"only {outcome.Decoded} inputs decoded");
        Assert.True(outcome.Rejected > PropertyRun.InputsPerDecoder / 50, $"only {outcome.Rejected} inputs rejected");
    }

    /// <summary>Mutations that know the netlink layout, on top of the generator's own.</summary>
    private static readonly Action<Random, List<byte>>[] Mutations =
    [
        // The struct version of a reply: every version, refused ones included.
        (random, input) =>
        {
            if (input.Count > StatsOffset + 2)
            {
                input[StatsOffset] = (byte)random.Next(0, 20);
                input[StatsOffset + 1] = 0;
            }
        },

        // nlmsg_len made to match the bytes again after other mutations, so decoding goes past the first check.
        (_, input) =>
        {
            if (input.Count >= 4)
            {
                var length = (uint)input.Count;
                for (var i = 0; i < 4; i++)
                {
                    input[i] = (byte)(length >> (8 * i));
                }
            }
        },

        // Two messages in one datagram.
        (_, input) => input.AddRange(input.ToArray()),
    ];

    private static (List<byte[]> Seeds, Type[] Allowed, Action<byte[]> Decode) Decoder(string decoder)
    {
        var datagrams = Corpus();
        var payloads = datagrams.Where(d => d.Length >= 20).Select(d => d[16..Math.Min(d.Length, (int)BinaryPrimitives.ReadUInt32LittleEndian(d))]).ToList();
        switch (decoder)
        {
            case "netlink-messages":
                return (datagrams, ProtocolOnly, ReadMessages);
            case "netlink-attributes":
                // The attribute streams after the generic netlink header.
                return (payloads.Where(p => p.Length > 4).Select(p => p[4..]).ToList(), ProtocolOnly, b => WalkAttributes(b, "the input", 0, 0));
            case "taskstats-records":
                return (payloads.Where(p => p[0] == TaskstatsCommands.TASKSTATS_CMD_NEW).ToList(), ProtocolOnly, b =>
                {
                    // Query replies and exit records differ only in how version 0 is treated; alternate them.
                    var records = TaskstatsMessageDecoder.DecodeTaskstats(b, isExitRecord: b.Length % 2 == 0, 0, out var first, out var second);
                    Touch(first);
                    if (records == 2)
                    {
                        Touch(second);
                    }
                });
            case "cgroupstats":
                return ([HexFixture.Load("cgroupstats-reply-cpu.hex").Bytes[16..]], ProtocolOnly, b => _ = TaskstatsMessageDecoder.DecodeCgroupStats(b, 0).Total);
            case "genl-family":
                return ([FakeKernel.FamilyReply.Bytes[20..]], ProtocolOnly, b =>
                {
                    var family = GenlFamilyDecoder.Decode(b);
                    _ = (family.Name, family.Id, family.Version, family.Operations.Count, family.MulticastGroups.Count);
                });
            case "query-replies":
                return (datagrams, ProtocolOrErrorReply, QueryThroughClient);
            case "family-lookup":
                return ([FakeKernel.FamilyReply.Bytes], ProtocolOrErrorReply, OpenWithFamilyReply);
            case "exit-records":
                return (datagrams, ProtocolOnly, ReceiveExitRecords);
            default:
                throw new ArgumentOutOfRangeException(nameof(decoder), decoder, "no such decoder");
        }
    }

    private static void ReadMessages(byte[] datagram)
    {
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryRead(out var message))
        {
            _ = (message.Header.Type, message.Header.Flags, message.Header.Sequence, message.Header.PortId, message.Payload.Length, reader.Offset);
        }
    }

    /// <summary>Walks every attribute, into the nests taskstats and the controller use (AGGR_PID/TGID, OPS, MCAST_GROUPS and their elements).</summary>
    private static void WalkAttributes(ReadOnlySpan<byte> attributes, string parent, int parentType, int depth)
    {
        var reader = new NetlinkAttributeReader(attributes, parent);
        while (reader.TryRead(out var attribute))
        {
            switch (attribute.Payload.Length)
            {
                case 2:
                    _ = attribute.GetUInt16("a u16");
                    break;
                case 4:
                    _ = attribute.GetUInt32("a u32");
                    break;
                default:
                    _ = attribute.GetString();
                    break;
            }

            var nested = depth switch
            {
                0 => attribute.Type is 4 or 5 or 6 or 7, // TASKSTATS_TYPE_AGGR_PID/TGID, CTRL_ATTR_OPS/MCAST_GROUPS
                1 => parentType is 6 or 7, // the elements of OPS and MCAST_GROUPS
                _ => false,
            };
            if (nested)
            {
                WalkAttributes(attribute.Payload, "a nested attribute", attribute.Type, depth + 1);
            }
        }
    }

    private static void QueryThroughClient(byte[] input)
    {
        var kernel = new FakeKernel();
        using var client = kernel.OpenClient();
        var readdress = input.Length % 7 != 0; // most replies carry the request's sequence and port; some do not
        kernel.Responder = request =>
        {
            var reply = (byte[])input.Clone();
            if (reply.Length >= 16 && readdress)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(8), Wire.SequenceOf(request));
                BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(12), kernel.PortId);
            }

            return [reply];
        };

        // The id attribute of a reply, so that the reply answers the query as often as not.
        var id = input.Length >= 32 ? (int)Math.Clamp(BinaryPrimitives.ReadUInt32LittleEndian(input.AsSpan(28)), 1u, int.MaxValue) : 42;
        TaskStats stats;
        var found = (input.Length % 3) switch
        {
            0 => client.TryTask(id, out stats),
            1 => client.TryThreadGroup(id, out stats),
            _ => client.TryTask(42, out stats),
        };
        if (found)
        {
            Touch(stats);
        }
    }

    private static void OpenWithFamilyReply(byte[] input)
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
    }

    private static readonly byte[] GoodExit = HexFixture.Load("exit-single-thread.hex").Bytes;

    /// <summary>The input twice, then a good record: malformed records raise, and the good one must still arrive.</summary>
    private static void ReceiveExitRecords(byte[] input)
    {
        var kernel = new FakeKernel();
        kernel.Responder = request => Wire.FlagsOf(request) == 5 ? [Wire.Error(0, Wire.SequenceOf(request), kernel.PortId)] : [];
        using var client = new FakeKernel().OpenClient(_ => kernel);
        using var listener = client.OpenExitListener("0");
        kernel.Enqueue(input);
        kernel.Enqueue(input);
        kernel.Enqueue(GoodExit);
        TaskstatsProtocolException? malformed = null;
        var goodArrived = false;
        for (var i = 0; i < 10_000 && !goodArrived; i++)
        {
            try
            {
                if (!listener.TryReceive(out var record, TimeSpan.Zero))
                {
                    break;
                }

                Touch(record);
                goodArrived = record.Id == 8651 && record.Scope == TaskStatsScope.Task && record.ExitCode == 7 && kernel.Pending == 0;
            }
            catch (TaskstatsProtocolException e)
            {
                malformed ??= e; // the listener moves on past a malformed record
            }
        }

        if (!goodArrived)
        {
            throw new InvalidOperationException($"the good exit record after the input did not arrive{(malformed is null ? string.Empty : " (after " + malformed.Message + ")")}");
        }

        if (malformed is not null)
        {
            throw malformed; // counted as rejected input
        }
    }

    /// <summary>Reads every field of <paramref name="stats"/>: none may throw, whatever the bytes.</summary>
    private static void Touch(TaskStats stats)
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
    }

    /// <summary>Replies recorded from this kernel, and replies and exit records built for every struct version.</summary>
    private static List<byte[]> Corpus()
    {
        var fixtures = Directory.GetFiles(KstatOtel.Testing.RepoPaths.Combine("tests", "fixtures", "taskstats"), "*.hex")
            .Select(path => HexFixture.Load(Path.GetFileName(path)).Bytes);
        var built = Enumerable.Range(1, 18).SelectMany(v => new[]
        {
            Wire.TaskstatsReply(1, 1, false, 42, StatsPayload.Build(v)),
            Wire.TaskstatsReply(1, 1, true, 42, StatsPayload.Build(v)),
        });
        var pair = Wire.Message(Wire.FamilyId, 0, 1, 0, Wire.Genl(2), Wire.Aggregate(false, 42, StatsPayload.Build(16)), Wire.Aggregate(true, 42, StatsPayload.Build(16)));
        return [.. fixtures, .. built, pair];
    }
}
