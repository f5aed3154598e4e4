using KstatExample;

namespace KstatOtel.Kstat.Tests.Tool;

/// <summary>
/// The hrtime fields of IO and TIMER kstats in a capture: illumos kstat(1) prints them as integer nanoseconds
/// (cmd/stat/kstat saves them with SAVE_HRTIME as UINT64, printed "%llu"), Solaris's Perl kstat(1) printed seconds
/// with decimals. Both read as the same nanoseconds; the tool prints them as illumos does. crtime and snaptime are
/// seconds in both.
/// </summary>
[Collection(StandinCollection.Name)]
public class ToolHrTimeTests
{
    private static readonly string DiskIO = Path.Combine(Fixtures.CaptureDirectory, "constructed", "disk-io-frame0.kstat");

    private static readonly string Types = Path.Combine(Fixtures.CaptureDirectory, "constructed", "types.kstat");

    [Fact]
    public void IllumosIOCaptureLinesReadAsNanosecondsAndPrintBackUnchanged()
    {
        var captured = File.ReadLines(DiskIO).Where(l => l.StartsWith("sd:0:sd0:", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("sd:0:sd0:rlastupdate\t86400123455789", captured);
        Assert.Contains("sd:0:sd0:rtime\t3600000000003", captured);

        using (var session = StandinSession.Start(DiskIO))
        using (var token = session.Open())
        {
            Assert.True(token.Require("sd", 0, "sd0").TryReadIO(out var io));
            Assert.Equal((3_600_000_000_003L, 5_400_000_000_004L, 86_400_123_455_789L), (io.RunTime, io.RunLengthTime, io.RunLastUpdate));
            Assert.Equal((120_000_000_001L, 150_000_000_002L, 86_400_123_451_789L), (io.WaitTime, io.WaitLengthTime, io.WaitLastUpdate));
            Assert.Equal(86_400_123_456_789L, io.SnapTime);
        }

        var (status, output, error) = Run(DiskIO, "-p", "sd:0:sd0");
        Assert.True(status == KstatTool.Matched, error);
        var printed = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(captured, printed);
    }

    [Fact]
    public void TimerFieldsPrintAsNanosecondsInEitherCaptureForm()
    {
        // standin:0:flush is in illumos's form, standin:0:timers in Solaris's (seconds, "0,000002" with a comma).
        var (status, output, error) = Run(Types, "-p", "standin:0:/^(flush|timers)$/:/_time$|^crtime$/");
        Assert.True(status == KstatTool.Matched, error);
        Assert.Equal(
            [
                "standin:0:flush:crtime\t40.500000000", "standin:0:flush:elapsed_time\t12500000000",
                "standin:0:flush:max_time\t750000000", "standin:0:flush:min_time\t100000",
                "standin:0:flush:start_time\t86399000000000", "standin:0:flush:stop_time\t86399250000000",
                "standin:0:timers:crtime\t41.000000000",
                "standin:0:timers:reads:elapsed_time\t3000000000", "standin:0:timers:reads:max_time\t10000000",
                "standin:0:timers:reads:min_time\t1000", "standin:0:timers:reads:start_time\t86400000000000",
                "standin:0:timers:reads:stop_time\t86400001000000",
                "standin:0:timers:writes:elapsed_time\t7500000000", "standin:0:timers:writes:max_time\t50000000",
                "standin:0:timers:writes:min_time\t2000", "standin:0:timers:writes:start_time\t86399900000000",
                "standin:0:timers:writes:stop_time\t86399950000000",
            ],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    private static (int Status, string Output, string Error) Run(string fixtures, params string[] args) => ToolRun.WithFixture(fixtures, args);
}
