using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KstatOtel.Testing.Reliability;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// The instrumentation refreshing every 10 ms in a provider whose OTLP exporter (every 100 ms) cannot deliver: to a
/// server that accepts connections and never answers (each export waits out its 5 s timeout), and to a closed port
/// (refused at once). The refresh runs on its own thread and never waits for the exporter: the snapshot is never
/// older than a few refresh intervals. The failing exports cost nothing that stays: after a warm-up the managed heap,
/// the resident set, the process's own descriptors and its threads are flat.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class OtlpEndpointDownTests
{
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(PropertyRunLong ? 120 : 20);
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(5);
    private readonly ITestOutputHelper _output;

    public OtlpEndpointDownTests(ITestOutputHelper output) => _output = output;

    private static bool PropertyRunLong => Environment.GetEnvironmentVariable("KSTATOTEL_LONG") == "1";

    [Theory]
    [InlineData("silent")]
    [InlineData("closed")]
    public void AnEndpointThatIsDownOrSilentNeverBlocksTheRefreshNorGrowsMemory(string endpoint)
    {
        using var server = endpoint == "silent" ? SilentServer.Start() : null;
        var port = server?.Port ?? ClosedPort();
        Assert.Null(KstatInstrumentation.Running);
        var built = Stopwatch.StartNew();
        var provider = Sdk.CreateMeterProviderBuilder()
            .AddKstatInstrumentation(o => o.RefreshInterval = TimeSpan.FromMilliseconds(10))
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Endpoint = new Uri($"http://127.0.0.1:{port}/v1/metrics");
                exporter.TimeoutMilliseconds = (int)ExportTimeout.TotalMilliseconds;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 100;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            })
            .Build();
        var core = KstatInstrumentation.Running!;
        _output.WriteLine($"provider built in {built.ElapsedMilliseconds} ms");

        var clock = Stopwatch.StartNew();
        var samples = new List<ResourceSample>();
        var serverSockets = new List<int>();
        var worstAge = 0.0;
        var refreshesAtStart = core.RefreshCount;
        var nextSample = TimeSpan.Zero;
        while (clock.Elapsed < RunFor)
        {
            // How old is the snapshot the instruments would read now?
            var snapshot = core.Exchange.CurrentForWriter!;
            worstAge = Math.Max(worstAge, Stopwatch.GetElapsedTime(snapshot.Timestamp).TotalSeconds);
            if (clock.Elapsed >= nextSample)
            {
                var sample = ResourceSample.Take(clock);
                var open = server?.OpenConnections ?? 0;
                samples.Add(sample with { Descriptors = sample.Descriptors - open }); // the fake server's own sockets are not the exporter's
                serverSockets.Add(open);
                nextSample += TimeSpan.FromSeconds(1);
            }

            Thread.Sleep(5);
        }

        var refreshes = core.RefreshCount - refreshesAtStart;
        var disposing = Stopwatch.StartNew();
        provider.Dispose();
        _output.WriteLine($"provider disposed in {disposing.ElapsedMilliseconds} ms");
        Assert.Null(KstatInstrumentation.Running);

        var report = GrowthReport.Of(samples, warmupSeconds: RunFor.TotalSeconds / 4);
        _output.WriteLine($"{endpoint}: {refreshes} refreshes in {RunFor.TotalSeconds} s, worst snapshot age {worstAge * 1000:F1} ms, exports accepted by the server {server?.Accepted ?? 0}, open server sockets at the end {serverSockets[^1]}");
        _output.WriteLine(report.Record($"otlp-{endpoint}"));
        Figures.Record($"otlp-{endpoint}", "worst snapshot age", worstAge * 1000, "ms");
        Figures.Record($"otlp-{endpoint}", "refreshes per second", refreshes / RunFor.TotalSeconds, "refreshes/s");

        // Never blocked: an export waits up to 5 s; the refresh never waited for one.
        Assert.True(worstAge < 1.0, $"the snapshot got {worstAge:F3} s old: the refresh waited");
        Assert.True(refreshes > RunFor.TotalSeconds * 20, $"only {refreshes} refreshes in {RunFor.TotalSeconds} s");
        if (server is not null)
        {
            Assert.True(server.Accepted > 0, "the exporter reached the silent server");
        }

        // Flat: no growth beyond the noise. The bounds are far below what keeping one failed export's batch (a few KB,
        // ten a second: tens of MB an hour) or one socket or thread per export would show over this run.
        Assert.True(report.Heap.Max - report.Heap.Min < 4 * 1024 * 1024, $"heap moved {(report.Heap.Max - report.Heap.Min) / 1024:F0} KiB after warm-up");
        Assert.True(report.Heap.SlopePerHour < 64.0 * 1024 * 1024, $"heap grows {report.Heap.SlopePerHour / 1024 / 1024:F1} MiB/h");
        Assert.True(report.Descriptors.Max - report.Descriptors.Min <= 4, $"descriptors moved from {report.Descriptors.Min} to {report.Descriptors.Max}");
        Assert.True(report.Threads.Max - report.Threads.Min <= 4, $"threads moved from {report.Threads.Min} to {report.Threads.Max}");
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there any more: connections are refused
        return port;
    }

    /// <summary>Accepts connections, reads whatever comes, and never answers; closes a connection once its client does.</summary>
    private sealed class SilentServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private int _open;
        private int _accepted;

        private SilentServer(TcpListener listener)
        {
            _listener = listener;
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptLoop);
        }

        public int Port { get; }

        public int OpenConnections => Volatile.Read(ref _open);

        public int Accepted => Volatile.Read(ref _accepted);

        public static SilentServer Start()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new SilentServer(listener);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _open);
                Interlocked.Increment(ref _accepted);
                _ = Task.Run(async () =>
                {
                    var buffer = new byte[16 * 1024];
                    try
                    {
                        while (await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) > 0)
                        {
                        }
                    }
                    catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                    {
                    }
                    finally
                    {
                        socket.Dispose();
                        Interlocked.Decrement(ref _open);
                    }
                });
            }
        }
    }
}
