using System.Text.Json;
using KstatExample;

namespace KstatOtel.Kstat.Tests.Tool;

/// <summary>The kstat tool's formats, selections, interval mode over fixture frames and exit statuses.</summary>
[Collection(StandinCollection.Name)]
public class ToolOutputTests
{
    private static readonly string Types = Fixtures.Constructed("types.kstat");

    [Fact]
    public void JsonHasTheHeaderAndTypedData()
    {
        var (status, output, _) = Run(Types, "-j", "test:0:types", "sd:0:sd0");
        Assert.Equal(KstatTool.Matched, status);
        using var json = JsonDocument.Parse(output);
        var kstats = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["sd", "test"], kstats.Select(k => k.GetProperty("module").GetString()));
        var types = kstats[1];
        Assert.Equal(("types", 0, "misc", 1), (types.GetProperty("name").GetString(), types.GetProperty("instance").GetInt32(),
            types.GetProperty("class").GetString(), types.GetProperty("type").GetInt32()));
        Assert.Equal(98765.123456789m, types.GetProperty("snaptime").GetDecimal());
        var data = types.GetProperty("data");
        Assert.Equal(ulong.MaxValue, data.GetProperty("u64_max").GetUInt64());
        Assert.Equal(long.MinValue, data.GetProperty("i64_min").GetInt64());
        Assert.Equal("0123456789abcdef", data.GetProperty("char_full").GetString());
        Assert.Equal(7UL, data.GetProperty("with space, and comma").GetUInt64());
        Assert.Equal(12.000000001m, data.GetProperty("crtime").GetDecimal());
        var disk = kstats[0].GetProperty("data");
        Assert.Equal(100_000_000_001UL, disk.GetProperty("rtime").GetUInt64()); // illumos -j: integer nanoseconds
        Assert.Equal(3_115_833U, disk.GetProperty("reads").GetUInt32());
    }

    [Fact]
    public void SelectorsOptionsAndFormats()
    {
        var (_, parseable, _) = Run(Types, "-p", "-m", "test", "-n", "types", "-s", "/^u(32|64)_/");
        Assert.Equal("test:0:types:u32_max\t4294967295\ntest:0:types:u64_max\t18446744073709551615\ntest:0:types:u64_near\t18446744073709551614\n", parseable);

        var (_, colon, _) = Run(Types, "-C", "ata:0:ata0:hard");
        Assert.Equal("ata:0:ata0:hard:100\n", colon);

        var (_, names, _) = Run(Types, "-l", "-c", "controller");
        Assert.Equal(["ata:0:ata0:class", "ata:0:ata0:crtime", "ata:0:ata0:hard", "ata:0:ata0:multiple_service", "ata:0:ata0:snaptime",
            "ata:0:ata0:soft", "ata:0:ata0:spurious", "ata:0:ata0:watchdog"], names.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var (_, human, _) = Run(Types, "unix:0:sysinfo");
        Assert.Contains("module: unix", human, StringComparison.Ordinal);
        Assert.Matches("class: +\n", human); // the fixture gives unix:0:sysinfo no class nor crtime: none is made up
        Assert.DoesNotContain("crtime", human, StringComparison.Ordinal);
        Assert.Matches(@"\n\trunque +1001\n", human);
        Assert.Matches(@"\n\tsnaptime +1004\.000000000\n", human);

        var (_, timers, _) = Run(Types, "-p", "test:0:timers:writes:*");
        Assert.Contains("test:0:timers:writes:num_events\t20\n", timers, StringComparison.Ordinal);
        Assert.Contains("test:0:timers:writes:elapsed_time\t2500000000\n", timers, StringComparison.Ordinal);

        var (_, mntinfo, _) = Run(Types, "-p", "nfs:5:mntinfo:/srtt|curserver/");
        Assert.Equal("nfs:5:mntinfo:lookup_srtt\t11\nnfs:5:mntinfo:mik_curserver\tnfs-server.example.com\nnfs:5:mntinfo:read_srtt\t21\nnfs:5:mntinfo:write_srtt\t31\n", mntinfo);
    }

    [Fact]
    public void ExitStatuses()
    {
        Assert.Equal(KstatTool.NothingMatched, Run(Types, "-p", "no_such_module").Status);
        var (quiet, output, _) = Run(Types, "-q", "test");
        Assert.Equal((KstatTool.Matched, string.Empty), (quiet, output));
        Assert.Equal(KstatTool.UsageError, Run(Types, "-Z").Status);

        var error = new StringWriter();
        Assert.Equal(KstatTool.Failure, KstatTool.Run(["--library", "/nonexistent/libkstat.so.1", "-p"], new StringWriter(), error));
        Assert.Contains("illumos and Solaris only", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void IntervalModeShowsSuccessiveFrames()
    {
        var frames = string.Join(',', Fixtures.Constructed("frames-0.kstat"), Fixtures.Constructed("frames-1.kstat"), Fixtures.Constructed("frames-2.kstat"));
        var (status, output, error) = Run(frames, "-p", "cpu:::cpu_nsec_user", "1", "3");
        Assert.True(status == KstatTool.Matched, error);
        Assert.Equal(
            [
                "cpu:0:sys:cpu_nsec_user\t1000000000", "cpu:1:sys:cpu_nsec_user\t2000000000",
                "cpu:0:sys:cpu_nsec_user\t1500000000", "cpu:2:sys:cpu_nsec_user\t10",
                "cpu:0:sys:cpu_nsec_user\t2500000000", "cpu:2:sys:cpu_nsec_user\t1000000010",
            ],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static (int Status, string Output, string Error) Run(string fixtures, params string[] args) => ToolRun.WithFixture(fixtures, args);
}
