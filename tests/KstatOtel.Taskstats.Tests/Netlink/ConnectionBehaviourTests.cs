using KstatOtel.Taskstats.Tests.Support;

namespace KstatOtel.Taskstats.Tests.Netlink;

/// <summary>Request/reply behaviour against a fake kernel: errno results, multi-part replies, truncation, stale data, foreign senders.</summary>
public class ConnectionBehaviourTests
{
    private static readonly byte[] Stats16 = StatsPayload.Build(16);

    [Fact]
    public void ARequestCarriesTheFamilyTheCommandAndTheId()
    {
        var kernel = Answering((seq, port) => [Wire.TaskstatsReply(seq, port, true, 77, Stats16)]);
        using var client = kernel.OpenClient();

        var stats = client.ThreadGroup(77);

        Assert.Equal(TaskStatsScope.ThreadGroup, stats.Scope);
        var request = kernel.Sent[^1];
        Assert.Equal(Wire.FamilyId, Wire.TypeOf(request));
        Assert.Equal(1, Wire.FlagsOf(request)); // NLM_F_REQUEST only: the reply is the acknowledgement
        Assert.Equal(1, request[16]); // TASKSTATS_CMD_GET
        Assert.Equal(Wire.Attr(2, Wire.U32(77)), request[20..]);
    }

    [Fact]
    public void SequenceNumbersGrowWithEachRequest()
    {
        var kernel = Answering((seq, port) => [Wire.TaskstatsReply(seq, port, false, 42, Stats16)]);
        using var client = kernel.OpenClient();
        client.Task(42);
        client.Task(42);

        Assert.Equal(Wire.SequenceOf(kernel.Sent[^2]) + 1, Wire.SequenceOf(kernel.Sent[^1]));
    }

    [Fact]
    public void NoSuchProcessIsAFalseResultForTheTryForms()
    {
        var kernel = Answering((seq, port) => [Wire.Error(3, seq, port)]);
        using var client = kernel.OpenClient();

        Assert.False(client.TryTask(42, out var stats));
        Assert.Equal(TaskStatsScope.None, stats.Scope);
        Assert.False(client.TryThreadGroup(42, out _));
        var error = Assert.Throws<TaskstatsException>(() => client.Task(42));
        Assert.Equal(3, error.Errno);
        Assert.Equal("ESRCH", error.ErrorName);
        Assert.Contains("PID 42", error.Message);
    }

    [Fact]
    public void PermissionDeniedSaysWhichCapabilityAndHowToGrantIt()
    {
        var kernel = Answering((seq, port) => [Wire.Error(1, seq, port)]);
        using var client = kernel.OpenClient();

        var error = Assert.Throws<TaskstatsException>(() => client.TrySelf(out _));
        Assert.True(error.IsPermissionDenied);
        Assert.Equal(1, error.Errno);
        Assert.Contains("CAP_NET_ADMIN in the initial user namespace", error.Message);
        Assert.Contains("setcap cap_net_admin+ep", error.Message);
        Assert.Contains("AmbientCapabilities=CAP_NET_ADMIN", error.Message);
        Assert.Contains("--cap-add NET_ADMIN", error.Message);
        Assert.Contains("user namespace", error.Message);
    }

    [Fact]
    public void AKernelWithoutTheFamilySaysToEnableConfigTaskstats()
    {
        var kernel = new FakeKernel { Responder = request => [Wire.Error(2, Wire.SequenceOf(request), 4242)] };
        var error = Assert.Throws<TaskstatsException>(() => kernel.OpenClient());
        Assert.Equal(2, error.Errno);
        Assert.Contains("CONFIG_TASKSTATS", error.Message);
        Assert.True(kernel.Disposed);
    }

    [Fact]
    public void NoReplyIsATimeout()
    {
        var kernel = Answering((seq, port) => []);
        using var client = kernel.OpenClient();

        var error = Assert.Throws<TaskstatsException>(() => client.Task(42));
        Assert.Equal("ETIMEDOUT", error.ErrorName);
    }

    [Fact]
    public void AMultiPartReplyRunsToDone()
    {
        var kernel = new FakeKernel
        {
            Responder = request =>
            {
                var seq = Wire.SequenceOf(request);
                var family = FakeKernel.FamilyReply.AsReplyTo(seq, 4242);
                family[6] = 2; // NLM_F_MULTI
                return [family, Wire.Done(seq, 4242)];
            },
        };
        using var client = kernel.OpenClient();

        Assert.Equal(31, client.Family.Id);
        Assert.Equal(0, kernel.Pending);
    }

    [Fact]
    public void ADatagramLargerThanTheBufferGrowsItAndAsksAgain()
    {
        // 20 KiB of TASKSTATS_TYPE_NULL padding: more than the 16 KiB receive buffer.
        var padding = Enumerable.Range(0, 5000).Select(_ => Wire.Attr(6)).ToArray();
        var kernel = Answering((seq, port) => [Wire.Message(Wire.FamilyId, 0, seq, port, [.. Wire.Genl(2), .. Wire.Concat(padding), .. Wire.Aggregate(false, 42, Stats16)])]);
        using var client = kernel.OpenClient();
        var before = kernel.Sent.Count;

        var stats = client.Task(42);

        Assert.Equal(42, stats.Id);
        Assert.Equal(2, kernel.Sent.Count - before);
    }

    [Fact]
    public void DatagramsFromOtherPortsAreIgnored()
    {
        var kernel = new FakeKernel();
        using var client = kernel.OpenClient();
        kernel.Responder = request =>
        {
            var seq = Wire.SequenceOf(request);
            kernel.Enqueue(Wire.TaskstatsReply(seq, kernel.PortId, false, 42, StatsPayload.Build(8)), sender: 999);
            return [Wire.TaskstatsReply(seq, kernel.PortId, false, 42, Stats16)];
        };

        Assert.Equal(16, client.Task(42).Version);
        Assert.Equal(1, client.ForeignDatagramsDropped);
        Assert.Equal(16, client.Task(42).Version);
        Assert.Equal(2, client.ForeignDatagramsDropped);
    }

    [Fact]
    public void LeftoversOfAFailedExchangeAreDrainedBeforeTheNextRequest()
    {
        var kernel = new FakeKernel();
        using var client = kernel.OpenClient();
        var calls = 0;
        kernel.Responder = request =>
        {
            var seq = Wire.SequenceOf(request);
            var good = Wire.TaskstatsReply(seq, kernel.PortId, false, 42, Stats16);
            return calls++ == 0 ? [Wire.TaskstatsReply(seq + 100, kernel.PortId, false, 42, Stats16), good] : [good];
        };

        Assert.Throws<TaskstatsProtocolException>(() => client.Task(42));
        Assert.Equal(1, kernel.Pending);
        Assert.Equal(42, client.Task(42).Id);
        Assert.Equal(0, kernel.Pending);
    }

    [Fact]
    public void CgroupStatsAsksForAnAcknowledgementAndReadsTheCounts()
    {
        var kernel = Answering((seq, port) =>
        [
            Wire.Message(Wire.FamilyId, 0, seq, port, Wire.Genl(5), Wire.Attr(1, [.. Wire.U32(3), 0, 0, 0, 0, .. new byte[32]])),
            Wire.Error(0, seq, port),
        ]);
        using var client = kernel.OpenClient();

        var stats = client.CgroupStats("/");

        Assert.Equal(3UL, stats.Sleeping);
        Assert.Equal(4, Wire.FlagsOf(kernel.Sent[^1]) & 4); // NLM_F_ACK
        Assert.Equal(0, kernel.Pending);
    }

    [Fact]
    public void CgroupStatsOnANonCgroupV1DirectorySaysSo()
    {
        var kernel = Answering((seq, port) => [Wire.Error(22, seq, port)]);
        using var client = kernel.OpenClient();

        var error = Assert.Throws<TaskstatsException>(() => client.CgroupStats("/"));
        Assert.Equal(22, error.Errno);
        Assert.Contains("cgroup v1", error.Message);
    }

    [Fact]
    public void AMissingDirectoryIsAnErrnoError()
    {
        using var client = new FakeKernel().OpenClient();
        var error = Assert.Throws<TaskstatsException>(() => client.CgroupStats("/no/such/cgroup"));
        Assert.Equal("ENOENT", error.ErrorName);
        Assert.Contains("/no/such/cgroup", error.Message);
    }

    [Fact]
    public void UseAfterDisposeThrows()
    {
        var kernel = Answering((seq, port) => [Wire.TaskstatsReply(seq, port, false, 42, Stats16)]);
        var client = kernel.OpenClient();
        client.Dispose();
        client.Dispose();

        Assert.True(kernel.Disposed);
        Assert.Throws<ObjectDisposedException>(() => client.Task(42));
        Assert.Throws<ObjectDisposedException>(() => client.TrySelf(out _));
        Assert.Throws<ObjectDisposedException>(() => client.CgroupStats("/"));
        Assert.Throws<ObjectDisposedException>(() => client.OpenExitListener("0"));
    }

    [Fact]
    public void IdsMustBePositive()
    {
        using var client = new FakeKernel().OpenClient();
        Assert.Throws<ArgumentOutOfRangeException>(() => client.Task(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.ThreadGroup(-1));
    }

    private static FakeKernel Answering(Func<uint, uint, byte[][]> reply)
    {
        var kernel = new FakeKernel();
        kernel.Responder = request => Wire.TypeOf(request) == 0x10 ? null : reply(Wire.SequenceOf(request), kernel.PortId);
        return kernel;
    }
}
