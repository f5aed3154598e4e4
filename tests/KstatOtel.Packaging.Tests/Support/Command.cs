using System.Diagnostics;
using System.Text;

namespace KstatOtel.Packaging.Tests.Support;

/// <summary>What a finished command printed and returned.</summary>
public sealed record CommandResult(string Description, int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    /// <summary>The command, its status, duration and output, for assertion messages.</summary>
    public override string ToString() =>
        $"{Description}\nexit status {ExitCode} after {Elapsed.TotalSeconds:F1} s\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>Runs a program to completion with a time limit, its output captured.</summary>
public static class Command
{
    /// <summary>
    /// Runs <paramref name="program"/> in <paramref name="directory"/> with exactly <paramref name="environment"/>.
    /// Past <paramref name="timeout"/> the program and its children are killed and the run fails with what it printed.
    /// </summary>
    public static CommandResult Run(
        string program,
        IEnumerable<string> arguments,
        string directory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var description = $"{program} {string.Join(' ', start.ArgumentList)} (in {directory})";
        var output = new StringBuilder();
        var error = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(
                $"{description} did not finish within {timeout.TotalSeconds:F0} s and was killed.\n--- stdout\n{Snapshot(output)}\n--- stderr\n{Snapshot(error)}");
        }

        process.WaitForExit(); // drains the asynchronous readers
        return new CommandResult(description, process.ExitCode, Snapshot(output), Snapshot(error), clock.Elapsed);
    }

    /// <summary>Runs the command and fails the test unless it exits with status 0.</summary>
    public static CommandResult RunChecked(
        string program,
        IEnumerable<string> arguments,
        string directory,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout)
    {
        var result = Run(program, arguments, directory, environment, timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.Append(line).Append('\n');
        }
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
