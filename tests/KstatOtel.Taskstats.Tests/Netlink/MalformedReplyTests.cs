using System.Buffers.Binary;
using KstatOtel.Taskstats.Tests.Support;

namespace KstatOtel.Taskstats.Tests.Netlink;

/// <summary>Malformed replies from a fake kernel: each raises <see cref="TaskstatsProtocolException"/> with a message naming the fault.</summary>
public class MalformedReplyTests
{
    private static readonly byte[] Stats16 = StatsPayload.Build(16);

    [Fact]
    public void AMessageLongerThanItsDatagramIsTruncatedInput()
    {
        var error = QueryWith((seq, port) => [Good(seq, port)[..300]]);
        Assert.Contains("claims nlmsg_len 596, but 300 bytes are left", error.Message);
    }

    [Fact]
    public void ADatagramShorterThanAHeaderIsTruncatedInput()
    {
        var error = QueryWith((seq, port) => [Good(seq, port)[..10]]);
        Assert.Contains("Truncated netlink message header", error.Message);
    }

    [Fact]
    public void AMessageLengthBelowTheHeaderSizeIsALie()
    {
        var error = QueryWith((seq, port) =>
        {
            var reply = Good(seq, port);
            BinaryPrimitives.WriteUInt32LittleEndian(reply, 8);
            return [reply];
        });
        Assert.Contains("claims nlmsg_len 8", error.Message);
    }

    [Fact]
    public void AnAttributeLengthPastTheMessageIsALie()
    {
        var error = QueryWith((seq, port) =>
        {
            var reply = Good(seq, port);
            BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(20), 2000); // the AGGR_PID nest
            return [reply];
        });
        Assert.Contains("claims nla_len 2000", error.Message);
        Assert.Contains("the taskstats message", error.Message);
    }

    [Fact]
    public void AnAttributeLengthBelowItsHeaderIsALie()
    {
        var error = QueryWith((seq, port) =>
        {
            var reply = Good(seq, port);
            BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(20), 3);
            return [reply];
        });
        Assert.Contains("claims nla_len 3", error.Message);
    }

    [Fact]
    public void ANestedAttributeRunningPastItsParentIsRefused()
    {
        // STATS inside AGGR_PID claims more bytes than the nest holds (the message itself is long enough).
        var error = QueryWith((seq, port) =>
        {
            var nest = Wire.Attr(4, Wire.Attr(1, Wire.U32(42)), Wire.Attr(3, Stats16));
            BinaryPrimitives.WriteUInt16LittleEndian(nest.AsSpan(12), (ushort)(Stats16.Length + 4 + 40));
            return [Wire.Message(Wire.FamilyId, 0, seq, port, Wire.Genl(2), nest, new byte[64])];
        });
        Assert.Contains("left in AGGR_PID", error.Message);
    }

    [Fact]
    public void AReplyWithAnotherSequenceNumberIsRefused()
    {
        var error = QueryWith((seq, port) => [Good(seq + 7, port)]);
        Assert.Contains("sequence number", error.Message);
    }

    [Fact]
    public void AReplyAddressedToAnotherPortIsRefused()
    {
        var error = QueryWith((seq, port) => [Good(seq, port + 1)]);
        Assert.Contains("addressed to port", error.Message);
    }

    [Fact]
    public void AReplyOfAnotherFamilyIsRefused()
    {
        var error = QueryWith((seq, port) => [Wire.Message(30, 0, seq, port, Wire.Genl(2), Wire.Aggregate(false, 42, Stats16))]);
        Assert.Contains("message type 30", error.Message);
    }

    [Fact]
    public void AReplyForAnotherTaskIsRefused()
    {
        var error = QueryWith((seq, port) => [Wire.TaskstatsReply(seq, port, false, 43, Stats16)]);
        Assert.Contains("asked for Task 42", error.Message);
    }

    [Fact]
    public void AThreadGroupReplyToATaskQueryIsRefused()
    {
        var error = QueryWith((seq, port) => [Wire.TaskstatsReply(seq, port, true, 42, Stats16)]);
        Assert.Contains("ThreadGroup 42", error.Message);
    }

    [Fact]
    public void AnErrorMessageTooShortForItsCodeIsRefused()
    {
        var error = QueryWith((seq, port) => [Wire.Message(Wire.NlmsgError, 0, seq, port, [0xfd, 0xff])]);
        Assert.Contains("NLMSG_ERROR", error.Message);
        Assert.Contains("2 bytes", error.Message);
    }

    [Fact]
    public void AnErrorMessageWithAPositiveCodeIsRefused()
    {
        var error = QueryWith((seq, port) => [Wire.Message(Wire.NlmsgError, 0, seq, port, Wire.U32(5))]);
        Assert.Contains("error code 5", error.Message);
    }

    [Fact]
    public void AnEmptyDatagramIsRefused()
    {
        var error = QueryWith((seq, port) => [Array.Empty<byte>()]);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void AReplyWithoutAttributesIsRefused()
    {
        var error = QueryWith((seq, port) => [Wire.Message(Wire.FamilyId, 0, seq, port, Wire.Genl(2))]);
        Assert.Contains("no AGGR_PID or AGGR_TGID", error.Message);
    }

    [Fact]
    public void AReplyWithoutAGenlHeaderIsRefused()
    {
        var error = QueryWith((seq, port) => [Wire.Message(Wire.FamilyId, 0, seq, port, [2, 1])]);
        Assert.Contains("genlmsghdr", error.Message);
    }

    [Fact]
    public void AnAcknowledgementWithoutAReplyIsRefused()
    {
        var error = QueryWith((seq, port) => [Wire.Error(0, seq, port)]);
        Assert.Contains("without a TASKSTATS_CMD_NEW", error.Message);
    }

    [Fact]
    public void AnAggregateWithoutStatsIsRefused()
    {
        var error = QueryWith((seq, port) => [Wire.Message(Wire.FamilyId, 0, seq, port, Wire.Genl(2), Wire.Attr(4, Wire.Attr(1, Wire.U32(42))))]);
        Assert.Contains("no TASKSTATS_TYPE_STATS", error.Message);
    }

    [Fact]
    public void AnIdOfTheWrongSizeIsRefused()
    {
        var error = QueryWith((seq, port) => [Wire.Message(Wire.FamilyId, 0, seq, port, Wire.Genl(2), Wire.Attr(4, Wire.Attr(1, Wire.U16(42)), Wire.Attr(3, Stats16)))]);
        Assert.Contains("2-byte payload; expected 4", error.Message);
    }

    [Fact]
    public void StatsTooShortForTheVersionAreRefused()
    {
        var error = QueryWith((seq, port) => [Wire.TaskstatsReply(seq, port, false, 42, [16])]);
        Assert.Contains("too few for the struct version", error.Message);
    }

    [Fact]
    public void AWrongCommandIsRefused()
    {
        var error = QueryWith((seq, port) => [Wire.Message(Wire.FamilyId, 0, seq, port, Wire.Genl(1), Wire.Aggregate(false, 42, Stats16))]);
        Assert.Contains("command 1", error.Message);
    }

    [Fact]
    public void ACorruptFamilyReplyFailsTheOpen()
    {
        var kernel = new FakeKernel
        {
            Responder = request =>
            {
                var reply = FakeKernel.FamilyReply.AsReplyTo(Wire.SequenceOf(request), 4242);
                BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(20), 200); // FAMILY_NAME runs past the message
                return [reply];
            },
        };
        var error = Assert.Throws<TaskstatsProtocolException>(() => kernel.OpenClient());
        Assert.Contains("the family reply", error.Message);
        Assert.True(kernel.Disposed);
    }

    private static byte[] Good(uint seq, uint port) => Wire.TaskstatsReply(seq, port, false, 42, Stats16);

    private static TaskstatsProtocolException QueryWith(Func<uint, uint, byte[][]> reply)
    {
        var kernel = new FakeKernel();
        using var client = kernel.OpenClient();
        kernel.Responder = request => reply(Wire.SequenceOf(request), kernel.PortId);
        return Assert.Throws<TaskstatsProtocolException>(() => client.Task(42));
    }
}
