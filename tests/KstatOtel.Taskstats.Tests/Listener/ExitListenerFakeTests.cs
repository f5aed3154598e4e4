using KstatOtel.Taskstats.Tests.Support;
using KstatOtel.Testing;

namespace KstatOtel.Taskstats.Tests.Listener;

/// <summary>The exit listener against a fake kernel: registration, record order, losses, malformed records, disposal.</summary>
public class ExitListenerFakeTests
{
    private static readonly byte[] SingleExit = HexFixture.Load("exit-single-thread.hex").Bytes;
    private static readonly byte[] MultiExit = HexFixture.Load("exit-multi-thread.hex").Bytes;

    [Fact]
    public void RegistrationSendsTheMaskAndWaitsForTheAcknowledgement()
    {
        var (client, kernel) = Open();
        using var listener = client.OpenExitListener("0-1");

        var register = kernel.Sent.Single();
        Assert.Equal(Wire.FamilyId, Wire.TypeOf(register));
        Assert.Equal(1 | 4, Wire.FlagsOf(register)); // NLM_F_REQUEST | NLM_F_ACK
        Assert.Equal(1, register[16]); // TASKSTATS_CMD_GET
        Assert.Equal(Wire.Attr(3, Wire.CString("0-1")), register[20..]);
        Assert.Equal("0-1", listener.CpuMask);
    }

    [Fact]
    public void TheDefaultMaskIsEveryPossibleCpu()
    {
        var (client, _) = Open();
        using var listener = client.OpenExitListener();
        Assert.Equal(File.ReadAllText("/sys/devices/system/cpu/possible").Trim(), listener.CpuMask);
    }

    [Fact]
    public void ABadMaskIsRefusedBeforeTheKernelSeesIt()
    {
        var (client, kernel) = Open();
        Assert.Throws<ArgumentException>(() => client.OpenExitListener("0-1;rm"));
        Assert.Empty(kernel.Sent);
    }

    [Fact]
    public void PermissionDeniedAtRegistrationExplainsTheCapability()
    {
        var (client, kernel) = Open(ack: 1);
        var error = Assert.Throws<TaskstatsException>(() => client.OpenExitListener("0"));
        Assert.True(error.IsPermissionDenied);
        Assert.Contains("CAP_NET_ADMIN", error.Message);
        Assert.True(kernel.Disposed);
    }

    [Fact]
    public void InvalidAtRegistrationNamesTheMaskAndTheNamespaces()
    {
        var (client, _) = Open(ack: 22);
        var error = Assert.Throws<TaskstatsException>(() => client.OpenExitListener("0-4095"));
        Assert.Contains("'0-4095'", error.Message);
        Assert.Contains("PID", error.Message);
        Assert.Contains("/sys/devices/system/cpu/possible", error.Message);
    }

    [Fact]
    public void RecordsComeInOrderTheThreadGroupRecordAfterItsTask()
    {
        var (client, kernel) = Open();
        using var listener = client.OpenExitListener("0");
        kernel.Enqueue(MultiExit);
        kernel.Enqueue(SingleExit);

        Assert.True(listener.TryReceive(out var first, TimeSpan.Zero));
        Assert.True(listener.TryReceive(out var second, TimeSpan.Zero));
        Assert.True(listener.TryReceive(out var third, TimeSpan.Zero));
        Assert.False(listener.TryReceive(out var none, TimeSpan.Zero));

        Assert.Equal((TaskStatsScope.Task, 8653, 3), (first.Scope, first.Id, first.ExitCode!.Value));
        Assert.Equal((TaskStatsScope.ThreadGroup, 8653), (second.Scope, second.Id));
        Assert.Equal((TaskStatsScope.Task, 8651, 7), (third.Scope, third.Id, third.ExitCode!.Value));
        Assert.True(first.IsExitRecord && second.IsExitRecord && third.IsExitRecord);
        Assert.Equal(TaskStatsScope.None, none.Scope);
    }

    [Fact]
    public void RecordsThatArriveBeforeTheAcknowledgementAreKept()
    {
        var kernel = new FakeKernel();
        kernel.Responder = request => [SingleExit, Wire.Error(0, Wire.SequenceOf(request), kernel.PortId)];
        using var client = new FakeKernel().OpenClient(_ => kernel);
        using var listener = client.OpenExitListener("0");

        Assert.True(listener.TryReceive(out var record, TimeSpan.Zero));
        Assert.Equal(8651, record.Id);
    }

    [Fact]
    public void OverflowsAreCountedAndReceivingGoesOn()
    {
        var (client, kernel) = Open();
        using var listener = client.OpenExitListener("0");
        kernel.EnqueueErrno(105); // ENOBUFS
        kernel.Enqueue(SingleExit);
        kernel.EnqueueErrno(105);
        kernel.EnqueueErrno(105);

        Assert.True(listener.TryReceive(out var record, TimeSpan.Zero));
        Assert.Equal(8651, record.Id);
        Assert.Equal(1, listener.LostRecords);
        Assert.False(listener.TryReceive(out _, TimeSpan.Zero));
        Assert.Equal(3, listener.LostRecords);
    }

    [Fact]
    public void ReceivingAllocatesNothing()
    {
        var (client, kernel) = Open();
        using var listener = client.OpenExitListener("0");
        // Two records a datagram: 200 to warm up, then 2000 for each of up to 3 measured batches.
        for (var i = 0; i < 3100; i++)
        {
            kernel.Enqueue(MultiExit);
        }

        for (var i = 0; i < 200; i++)
        {
            listener.TryReceive(out _, TimeSpan.Zero);
        }

        var ids = 0L;
        var allocated = Allocations.Measure(
            () =>
            {
                Assert.True(listener.TryReceive(out var record, TimeSpan.Zero));
                ids += record.Id;
            },
            2000);
        Assert.True(allocated.Smallest == 0, $"2000 received exit records allocated {allocated}");
        Assert.Equal(allocated.Batches.Count * 2000L * 8653, ids);
    }

    [Fact]
    public void AnOverflowIsReportedThroughTheEventSource()
    {
        using var events = new LossListener();
        var (client, kernel) = Open();
        using var listener = client.OpenExitListener("0,1"); // a mask no other test uses
        kernel.EnqueueErrno(105);

        Assert.False(listener.TryReceive(out _, TimeSpan.Zero));

        var lost = Assert.Single(events.Lost, e => (string)e.Payload![0]! == "0,1");
        Assert.Equal(1L, lost.Payload![1]);
        Assert.Equal(System.Diagnostics.Tracing.EventLevel.Warning, lost.Level);
    }

    [Fact]
    public void AMalformedRecordRaisesOnceAndTheNextRecordStillArrives()
    {
        var (client, kernel) = Open();
        using var listener = client.OpenExitListener("0");
        var broken = (byte[])SingleExit.Clone();
        broken[24] = 0xFF; // inner PID attribute length
        kernel.Enqueue(broken);
        kernel.Enqueue(MultiExit);

        Assert.Throws<TaskstatsProtocolException>(() => listener.TryReceive(out _, TimeSpan.Zero));
        Assert.True(listener.TryReceive(out var record, TimeSpan.Zero));
        Assert.Equal(8653, record.Id);
    }

    [Fact]
    public void DatagramsNotFromTheKernelAreIgnored()
    {
        var (client, kernel) = Open();
        using var listener = client.OpenExitListener("0");
        kernel.Enqueue(SingleExit, sender: 31337);

        Assert.False(listener.TryReceive(out _, TimeSpan.Zero));
        Assert.Equal(1, listener.ForeignDatagramsDropped);
        kernel.Enqueue(SingleExit);
        Assert.True(listener.TryReceive(out _, TimeSpan.Zero));
        Assert.Equal(1, listener.ForeignDatagramsDropped);
    }

    [Fact]
    public void ATimeoutEndsTheWaitWithoutARecord()
    {
        var (client, _) = Open();
        using var listener = client.OpenExitListener("0");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.False(listener.TryReceive(out var record, TimeSpan.FromMilliseconds(50)));

        Assert.InRange(watch.ElapsedMilliseconds, 45, 5000);
        Assert.Equal(TaskStatsScope.None, record.Scope);
        Assert.Throws<ArgumentOutOfRangeException>(() => listener.TryReceive(out _, TimeSpan.FromMilliseconds(-5)));
    }

    [Fact]
    public void DisposeDeregistersClosesAndWakesTheReceiver()
    {
        var (client, kernel) = Open();
        var listener = client.OpenExitListener("0-1");
        listener.Dispose();
        listener.Dispose();

        var deregister = kernel.Sent[^1];
        Assert.Equal(Wire.Attr(4, Wire.CString("0-1")), deregister[20..]);
        Assert.Equal(1, kernel.Interrupts);
        Assert.True(kernel.Disposed);
        Assert.Throws<ObjectDisposedException>(() => listener.TryReceive(out _, TimeSpan.Zero));
        Assert.Throws<ObjectDisposedException>(() => listener.Receive());
    }

    [Fact]
    public void ACancelledTokenStopsTheWait()
    {
        var (client, _) = Open();
        using var listener = client.OpenExitListener("0");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => listener.Receive(cts.Token));
    }

    private static (TaskstatsClient Client, FakeKernel Listener) Open(int ack = 0)
    {
        var kernel = new FakeKernel();
        kernel.Responder = request => Wire.FlagsOf(request) == 5 ? [Wire.Error(ack, Wire.SequenceOf(request), kernel.PortId)] : [];
        return (new FakeKernel().OpenClient(_ => kernel), kernel);
    }

    private sealed class LossListener : System.Diagnostics.Tracing.EventListener
    {
        public System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Tracing.EventWrittenEventArgs> Lost { get; } = new();

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
        {
            if (eventSource.Name == "KstatOtel-Taskstats")
            {
                EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Warning);
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs eventData)
        {
            if (eventData.EventName == "ExitRecordsLost")
            {
                Lost.Enqueue(eventData);
            }
        }
    }
}
