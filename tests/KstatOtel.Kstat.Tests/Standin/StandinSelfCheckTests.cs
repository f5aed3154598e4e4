using System.Diagnostics;

namespace KstatOtel.Kstat.Tests;

/// <summary>
/// Runs the stand-in's own C checks (`make check`: every fixture loaded and served, frames, injection, writes, misuse,
/// sharing, threads, and nothing left allocated after kstat_close), so a regression in the stand-in fails CI too.
/// </summary>
public class StandinSelfCheckTests
{
    [Fact]
    public async Task TheStandinPassesItsOwnChecks()
    {
        var start = new ProcessStartInfo("make", ["-s", "-C", Standin.Directory, "check"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var make = Process.Start(start)!;
        var output = make.StandardOutput.ReadToEndAsync();
        var errors = make.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await make.WaitForExitAsync(timeout.Token);
        var text = await output + await errors;
        Assert.True(make.ExitCode == 0, $"make check exited with {make.ExitCode}:\n{text}");
        Assert.Matches(@"check: \d+ fixtures loaded, \d+ checks, 0 failed", text);
    }
}
