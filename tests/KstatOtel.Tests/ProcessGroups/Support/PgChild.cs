using System.Diagnostics;
using System.Globalization;
using KstatOtel.Testing;

namespace KstatOtel.Tests.ProcessGroups.Support;

/// <summary>A child process from tests/native/process-groups-helpers/pg-child, killed when disposed.</summary>
internal sealed class PgChild : IDisposable
{
    private readonly Process process;

    private PgChild(Process process) => this.process = process;

    public int Pid => process.Id;

    public Process Process => process;

    public static string HelperPath => RepoPaths.Combine("tests", "native", "process-groups-helpers", "pg-child");

    /// <summary>A name of at most 15 bytes (a comm), unique to this test run: the prefix and random letters.</summary>
    public static string UniqueName(string prefix) =>
        (prefix + Guid.NewGuid().ToString("N"))[..Math.Min(15, prefix.Length + 8)];

    /// <summary>A process named <paramref name="name"/> that holds <paramref name="megabytes"/> MiB and sleeps.</summary>
    public static PgChild Sleep(string name, int megabytes = 0) => StartReady("sleep", name, megabytes.ToString(CultureInfo.InvariantCulture));

    /// <summary>A process named <paramref name="name"/> with threads "pg-spin" (burning), two "pg-nap" (nanosleep) and "pg-wait" (futex).</summary>
    public static PgChild Threads(string name) => StartReady("threads", name);

    /// <summary>A process named <paramref name="name"/> that burns CPU.</summary>
    public static PgChild Spin(string name) => StartReady("spin", name);

    /// <summary>
    /// Runs <c>pg-child burst</c>: <paramref name="count"/> children named <paramref name="name"/> each burning
    /// <paramref name="milliseconds"/> ms of CPU; returns their CPU time in nanoseconds as wait4 reported it.
    /// </summary>
    public static long Burst(int count, int milliseconds, string name, int parallel = 4)
    {
        using var child = Start("burst", count.ToString(CultureInfo.InvariantCulture), milliseconds.ToString(CultureInfo.InvariantCulture), name, parallel.ToString(CultureInfo.InvariantCulture));
        var line = child.ReadLine(TimeSpan.FromSeconds(120));
        Assert.True(child.process.WaitForExit(TimeSpan.FromSeconds(30)), "pg-child burst did not exit");
        var parts = line.Split(' ');
        Assert.Equal("children", parts[0]);
        Assert.Equal(count, int.Parse(parts[1], CultureInfo.InvariantCulture));
        return long.Parse(parts[3], CultureInfo.InvariantCulture);
    }

    public static PgChild Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(HelperPath)
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

        return new PgChild(Process.Start(start) ?? throw new InvalidOperationException("pg-child did not start"));
    }

    public string ReadLine(TimeSpan timeout)
    {
        var read = process.StandardOutput.ReadLineAsync();
        if (!read.Wait(timeout) || read.Result is not { } line)
        {
            throw new InvalidOperationException($"pg-child said nothing; stderr: {process.StandardError.ReadToEnd()}");
        }

        return line;
    }

    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            process.Dispose();
        }
    }

    private static PgChild StartReady(params string[] arguments)
    {
        var child = Start(arguments);
        var line = child.ReadLine(TimeSpan.FromSeconds(30));
        Assert.Equal($"ready {child.Pid}", line);
        return child;
    }
}
