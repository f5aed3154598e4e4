using System.Diagnostics;
using System.Globalization;
using System.Text;
using KstatOtel.Testing.Metrics;

namespace KstatOtel.Testing.Otlp;

/// <summary>
/// A real OTLP/HTTP metrics endpoint for tests: runs <c>node server.js</c> from tests/otlp-receiver, which
/// decodes each request with the OpenTelemetry JS project's generated protobuf code (an implementation
/// independent of the .NET exporter) and prints it as a JSON line; this class collects those lines and parses
/// them into <see cref="CapturedMetric"/> records. The server exits when this object is disposed (its stdin
/// closes), and also when the test process dies.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable, IDisposable
{
    private readonly Process _process;
    private readonly object _gate = new();
    private readonly List<OtlpExport> _exports = [];
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _unparsed = [];
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _arrived = new(0);
    private int _disposed;

    private OtlpReceiver(Process process)
    {
        _process = process;
    }

    /// <summary>The base endpoint, e.g. http://127.0.0.1:41234 (what OTEL_EXPORTER_OTLP_ENDPOINT takes).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The metrics endpoint, Endpoint + "/v1/metrics" (what OtlpExporterOptions.Endpoint takes for http/protobuf).</summary>
    public Uri MetricsEndpoint => new(Endpoint, "/v1/metrics");

    /// <summary>Every decoded request so far, oldest first.</summary>
    public IReadOnlyList<OtlpExport> Exports
    {
        get
        {
            lock (_gate)
            {
                return _exports.ToList();
            }
        }
    }

    /// <summary>Every metric of every request so far, oldest first.</summary>
    public IReadOnlyList<CapturedMetric> Metrics => Exports.SelectMany(e => e.Metrics).ToList();

    /// <summary>What the server wrote on stderr (decode failures, its exit line).</summary>
    public string ServerLog
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the receiver and waits for its port. <paramref name="receiverDirectory"/> defaults to the repository's
    /// tests/otlp-receiver. Throws with instructions when Node.js or the npm packages are missing.
    /// </summary>
    public static async Task<OtlpReceiver> StartAsync(string? receiverDirectory = null, TimeSpan? startTimeout = null)
    {
        var directory = receiverDirectory ?? RepoPaths.Combine("tests", "otlp-receiver");
        var decoder = Path.Combine(directory, "node_modules", "@opentelemetry", "otlp-proto-exporter-base", "build", "src", "generated", "root.js");
        if (!File.Exists(decoder))
        {
            throw new InvalidOperationException(
                $"The OTLP receiver's npm packages are missing ({decoder} not found). Run \"npm ci\" in {directory} (scripts/test.sh does this).");
        }

        var start = new ProcessStartInfo("node", ["server.js"])
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Cannot run node for the OTLP receiver ({ex.Message}); install Node.js 20.", ex);
        }

        var receiver = new OtlpReceiver(process);
        process.OutputDataReceived += (_, e) => receiver.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => receiver.OnStderr(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var timeout = startTimeout ?? TimeSpan.FromSeconds(30);
        var port = receiver._port.Task;
        if (await Task.WhenAny(port, Task.Delay(timeout)).ConfigureAwait(false) != port)
        {
            receiver.Dispose();
            throw new TimeoutException($"The OTLP receiver printed no port within {timeout}. Its log:\n{receiver.ServerLog}");
        }

        receiver.Endpoint = new Uri($"http://127.0.0.1:{await port.ConfigureAwait(false)}");
        return receiver;
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for the metrics received so far (checked on every arrival),
    /// and returns them. Throws <see cref="TimeoutException"/> listing what did arrive.
    /// </summary>
    public async Task<IReadOnlyList<CapturedMetric>> WaitUntilAsync(Func<IReadOnlyList<CapturedMetric>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var metrics = Metrics;
            if (condition(metrics))
            {
                return metrics;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left).ConfigureAwait(false))
            {
                if (condition(Metrics))
                {
                    return Metrics;
                }

                throw new TimeoutException(
                    $"Condition not met within {timeout}. Received {Exports.Count} request(s) with metrics: "
                    + $"{string.Join(", ", metrics.Select(m => m.Name).Distinct())}. Unparsed lines: {_unparsed.Count}. Server log:\n{ServerLog}");
            }
        }
    }

    /// <summary>Waits until a metric named <paramref name="name"/> has arrived and returns its latest copy.</summary>
    public async Task<CapturedMetric> WaitForMetricAsync(string name, TimeSpan timeout)
    {
        var metrics = await WaitUntilAsync(all => all.Any(m => m.Name == name), timeout).ConfigureAwait(false);
        return metrics.Last(m => m.Name == name);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // The process already exited.
        }
        finally
        {
            _process.Dispose();
            _arrived.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            _port.TrySetException(new InvalidOperationException($"The OTLP receiver exited before printing its port. Its log:\n{ServerLog}"));
            return;
        }

        if (!_port.Task.IsCompleted)
        {
            if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                _port.TrySetResult(port);
            }
            else
            {
                _port.TrySetException(new InvalidOperationException($"The OTLP receiver's first line is not a port: {line}"));
            }

            return;
        }

        OtlpExport export;
        try
        {
            export = OtlpJson.Parse(line);
        }
        catch (System.Text.Json.JsonException ex)
        {
            lock (_gate)
            {
                _unparsed.Add(line);
                _stderr.AppendLine($"(test side) unparsable line: {ex.Message}");
            }

            return;
        }

        lock (_gate)
        {
            _exports.Add(export);
        }

        if (Volatile.Read(ref _disposed) == 0)
        {
            try
            {
                _arrived.Release();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _stderr.AppendLine(line);
        }
    }
}
