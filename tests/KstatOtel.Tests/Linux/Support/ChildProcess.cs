using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace KstatOtel.Tests.Linux.Support;

/// <summary>
/// A child .NET program (tests/KstatOtel.InstrumentedChild or an example), optionally started through setpriv as
/// nobody without capabilities. Collects its stdout lines; "event NAME\tpayload" lines are parsed into events.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly System.Text.StringBuilder _stderr = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Pid { get; private set; }

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The "event NAME\tpayload..." lines, as events.</summary>
    public IReadOnlyList<RecordedEvent> Events => Lines
        .Where(l => l.StartsWith("event ", StringComparison.Ordinal))
        .Select(l => l["event ".Length..].Split('\t'))
        .Select(p => new RecordedEvent(p[0], System.Diagnostics.Tracing.EventLevel.LogAlways, p.Skip(1).ToList()))
        .ToList();

    /// <summary>Starts <c>dotnet DLL ARGS</c>; as uid/gid 65534 without any capability when <paramref name="unprivileged"/>.</summary>
    public static ChildProcess Start(string dll, IEnumerable<string> arguments, bool unprivileged = false)
    {
        var start = new ProcessStartInfo(unprivileged ? "/usr/bin/setpriv" : BuiltPrograms.Dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (unprivileged)
        {
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--", BuiltPrograms.Dotnet })
            {
                start.ArgumentList.Add(a);
            }
        }

        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // uid 65534 has no home; the host wants somewhere to write.
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{dll} did not start");
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                child._lines.Enqueue(e.Data);
                child._arrived.Release();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (child._stderr)
                {
                    child._stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        child.Pid = process.Id;
        return child;
    }

    /// <summary>Waits for the "ready PID" line and returns the pid it names (the dotnet process, also under setpriv).</summary>
    public int WaitReady(TimeSpan? timeout = null)
    {
        var line = WaitForLine(l => l.StartsWith("ready ", StringComparison.Ordinal), timeout ?? TimeSpan.FromSeconds(60));
        Pid = int.Parse(line["ready ".Length..], CultureInfo.InvariantCulture);
        return Pid;
    }

    /// <summary>Asks the child to export now and waits until it says it did.</summary>
    public void Flush()
    {
        var before = Lines.Count(l => l == "flushed");
        _process.StandardInput.WriteLine("flush");
        _process.StandardInput.Flush();
        WaitForLine(_ => Lines.Count(l => l == "flushed") > before, TimeSpan.FromSeconds(30));
    }

    public string WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Lines.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            if (_process.HasExited && !Lines.Any(match))
            {
                _process.WaitForExit();
                if (Lines.FirstOrDefault(match) is { } late)
                {
                    return late;
                }

                throw new InvalidOperationException($"The child exited with {_process.ExitCode} before the expected line. Output:\n{string.Join('\n', Lines)}\nErrors:\n{Stderr}");
            }

            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No expected line from the child within {timeout}. Output:\n{string.Join('\n', Lines)}\nErrors:\n{Stderr}");
            }

            _arrived.Wait(TimeSpan.FromMilliseconds(Math.Min(left.TotalMilliseconds, 500)));
        }
    }

    /// <summary>Closes its input (the child then disposes its provider and exits) and returns its exit code.</summary>
    public int Stop(TimeSpan? timeout = null)
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        if (!_process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30)))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The child did not exit after its input closed. Output:\n{string.Join('\n', Lines)}\nErrors:\n{Stderr}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _arrived.Dispose();
    }
}
