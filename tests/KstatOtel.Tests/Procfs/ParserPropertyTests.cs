using KstatOtel.Procfs;
using KstatOtel.Testing.Fuzzing;
using Xunit.Abstractions;
using static KstatOtel.Tests.Procfs.ProcfsTestFiles;

namespace KstatOtel.Tests.Procfs;

/// <summary>
/// Every procfs parser, fed random bytes and mutations of real files (50,000 inputs each; 1,000,000 with
/// KSTATOTEL_LONG=1; replay one seed with KSTATOTEL_SEED): only <see cref="MalformedInputException"/> may escape,
/// and no input may hang.
/// </summary>
public class ParserPropertyTests
{
    private readonly ITestOutputHelper _output;

    public ParserPropertyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string> Parsers => new()
    {
        "stat", "status", "io", "statm", "limits", "smaps_rollup", "proc-stat", "cgroup", "mountinfo", "cgroup-join", "wchan",
    };

    [Theory]
    [MemberData(nameof(Parsers))]
    public void OnlyTheMalformedInputExceptionEscapes(string parser)
    {
        var (seeds, decode) = Decoder(parser);
        foreach (var seedInput in seeds)
        {
            decode(seedInput); // Every seed is a valid input.
        }

        var seedValue = PropertyRun.Seed(StableSeed(parser));
        var outcome = PropertyRun.Check("procfs/" + parser, typeof(MalformedInputException), seeds, seedValue, PropertyRun.InputsPerDecoder, decode);
        var (decoded, rejected) = outcome;
        _output.WriteLine($"{parser}: seed {seedValue}, {outcome}");
        Assert.Equal(PropertyRun.InputsPerDecoder, decoded + rejected);
        Assert.True(decoded > 0 && rejected > 0, "the generator reaches both outcomes");
    }

    private static int StableSeed(string parser)
    {
        var hash = 17;
        foreach (var c in parser)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash & 0x7fff_ffff;
    }

    private static (List<byte[]> Seeds, Action<byte[]> Decode) Decoder(string parser)
    {
        switch (parser)
        {
            case "stat":
                var stats = new List<byte[]> { Self("stat"), Read("/proc/2/stat"), StatWithComm("a) (b\n)"u8), StatWithComm([0xff, (byte)')', 0x20]), StatWithComm(" x) 1 2 (y "u8), StatWithComm([0xc3, 0x28, (byte)'\n', 0xe2, 0x82]), Ascii(StatLine(fieldCount: 24)) };
                stats.AddRange(Directory.GetDirectories("/proc/self/task").Take(3).Select(t => Read(t + "/stat")));
                return (stats, b => ProcStatParser.Parse(b));
            case "status":
                return ([Self("status"), Read("/proc/2/status"), Ascii("Name:\ta\\nb\\\\\nState:\tZ (zombie)\nThreads:\t1\n")], b => ProcStatusParser.Parse(b));
            case "io":
                return ([Self("io"), Ascii("rchar: 10\nwchar: 20\nsyscr: 1\nsyscw: 2\n")], b => ProcIoParser.Parse(b));
            case "statm":
                return ([Self("statm"), Ascii("0 0 0 0 0 0 0\n")], b => ProcStatmParser.Parse(b));
            case "limits":
                return ([Self("limits")], b => ProcLimitsParser.Parse(b));
            case "smaps_rollup":
                return ([Self("smaps_rollup"), []], b => SmapsRollupParser.Parse(b));
            case "proc-stat":
                return ([Read("/proc/stat")], b => SystemStatParser.Parse(b));
            case "cgroup":
                return ([Self("cgroup"), Ascii("0::/user.slice/a:b\n"), Ascii("12:cpu,cpuacct:/docker/abc\n1:name=systemd:/\n")], b =>
                {
                    var reader = new CgroupFileReader(b);
                    while (reader.TryReadNext(out _))
                    {
                    }
                });
            case "mountinfo":
                return ([Self("mountinfo"), Ascii("701 600 0:32 /docker/abc /sys/fs/cgroup/my\\040mem rw shared:1 - cgroup cgroup rw,memory\n")], b =>
                {
                    var reader = new MountInfoReader(b);
                    while (reader.TryReadNext(out var entry))
                    {
                        _ = MountInfoReader.DecodePath(entry.Root);
                        _ = MountInfoReader.DecodePath(entry.MountPoint);
                        _ = entry.HasSuperOption("memory"u8);
                    }
                });
            case "cgroup-join":
                // Mutations of a combined "cgroup file, NUL, mountinfo" input exercise the join with both sides broken.
                var mountInfo = Self("mountinfo");
                byte[] Join(byte[] cgroup) => [.. cgroup, 0, .. mountInfo];
                return ([Join(Self("cgroup")), Join(Ascii("3:cpu:/docker/abc/w\n0::/\n"))], b =>
                {
                    var nul = Array.IndexOf(b, (byte)0);
                    var cgroup = nul < 0 ? b : b[..nul];
                    var mounts = nul < 0 ? [] : b[(nul + 1)..];
                    _ = CgroupLocator.Resolve(cgroup, mounts);
                });
            case "wchan":
                return ([Ascii("do_nanosleep"), Ascii("0"), Ascii("futex_wait_queue\n")], b => WchanParser.Parse(b));
            default:
                throw new ArgumentOutOfRangeException(nameof(parser), parser, "no such parser");
        }
    }
}
