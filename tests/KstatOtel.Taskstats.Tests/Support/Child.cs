using System.Diagnostics;
using System.Globalization;
using KstatOtel.Testing;

namespace KstatOtel.Taskstats.Tests.Support;

/// <summary>A child process from tests/native/taskstats-helpers/ts-child, kept alive until disposed when it waits on stdin.</summary>
internal sealed class Child : IDisposable
{
    private readonly Process _process;

    private Child(Process process) => _process = process;

    public int Pid => _process.Id;

    public Process Process => _process;

    public static string HelperPath(string name) => RepoPaths.Combine("tests", "native", "taskstats-helpers", name);

    /// <summary>Starts ts-child with <paramref name="arguments"/>.</summary>
    public static Child Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(HelperPath("ts-child"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new Child(Process.Start(start) ?? throw new InvalidOperationException("ts-child did not start"));
    }

    /// <summary>Waits for the "ready PID" line of the modes that wait on stdin.</summary>
    public void WaitReady()
    {
        var line = ReadLine();
        Assert.Equal($"ready {Pid}", line);
    }

    /// <summary>Reads "cpu_ns N" and returns N (burn-exit, threads-exit).</summary>
    public long ReadCpuNanoseconds()
    {
        var line = ReadLine();
        Assert.StartsWith("cpu_ns ", line);
        return long.Parse(line[7..], CultureInfo.InvariantCulture);
    }

    public int WaitExit()
    {
        Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(30)), "ts-child did not exit");
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    _process.Kill();
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private string ReadLine()
    {
        var read = _process.StandardOutput.ReadLineAsync();
        if (!read.Wait(TimeSpan.FromSeconds(30)) || read.Result is not { } line)
        {
            throw new InvalidOperationException($"ts-child said nothing; stderr: {_process.StandardError.ReadToEnd()}");
        }

        return line;
    }
}
