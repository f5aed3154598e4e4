using System.Diagnostics;
using System.Globalization;

namespace KstatOtel.Benchmarks.ProcessGroups;

/// <summary>
/// Extra sleeping processes for the scale runs: tests/native/process-groups-helpers/pg-child forks them (built by
/// scripts/bench-process-groups.sh) and kills them when its standard input closes. BenchmarkDotNet runs benchmarks in
/// a child process under this project's bin folder, so the repository is found by walking up to KstatOtel.sln.
/// </summary>
internal sealed class SleeperProcesses : IDisposable
{
    private readonly Process process;

    private SleeperProcesses(Process process) => this.process = process;

    public static SleeperProcesses Start(int count)
    {
        var helper = Path.Combine(FindRoot(), "tests", "native", "process-groups-helpers", "pg-child");
        if (!File.Exists(helper))
        {
            throw new InvalidOperationException($"{helper} is not built: run make -C {Path.GetDirectoryName(helper)}");
        }

        var start = new ProcessStartInfo(helper) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("sleepers");
        start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("kso-bench-sleep");
        var process = Process.Start(start) ?? throw new InvalidOperationException("pg-child did not start");
        var ready = process.StandardOutput.ReadLine();
        if (ready != $"ready {count}")
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"pg-child sleepers said '{ready}'");
        }

        return new SleeperProcesses(process);
    }

    public void Dispose()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KstatOtel.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"KstatOtel.sln not found above {AppContext.BaseDirectory}.");
    }
}
