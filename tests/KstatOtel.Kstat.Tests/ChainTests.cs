using System.Globalization;

namespace KstatOtel.Kstat.Tests;

/// <summary>
/// The whole kstat chain of a real illumos machine (1,566 headers, served by the stand-in): walked in order with every
/// header checked, looked up with libkstat's wildcards, and every kstat read with the reader of its type.
/// </summary>
[Collection(StandinCollection.Name)]
public class ChainTests
{
    private static readonly string ChainFile = Fixtures.Capture("illumos-chain-headers.txt");

    [Fact]
    public void TheWholeChainIsWalkedInOrderWithEveryHeader()
    {
        var expected = ReadHeaders();
        Assert.Equal(1566, expected.Count);
        using var session = StandinSession.Start(ChainFile);
        using var token = session.Open();
        var all = token.GetAll();
        Assert.Equal(expected.Count, all.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (module, instance, name, @class, type, crtime) = expected[i];
            var entry = all[i];
            Assert.Equal((module, instance, name, @class, type, crtime),
                (entry.Module, entry.Instance, entry.Name, entry.Class, (int)entry.Type, entry.CreationTime));
            Assert.True(entry.Valid);
        }

        Assert.Equal(all.Count, all.Select(e => e.Id).Distinct().Count());
        Assert.Same(all, token.GetAll());
    }

    [Fact]
    public void LookupFollowsLibkstatWildcardsAndReturnsTheSameEntries()
    {
        var expected = ReadHeaders();
        using var session = StandinSession.Start(ChainFile);
        using var token = session.Open();
        var all = token.GetAll();

        Assert.Same(all[0], token.Lookup(null, -1, null));
        Assert.Equal("kstat_headers", token.Lookup("unix")!.Name);
        var firstSys = expected.FindIndex(h => h.Name == "sys");
        Assert.Same(all[firstSys], token.Lookup(null, -1, "sys"));
        var cpus = token.LookupAll("cpu", -1, "sys");
        Assert.Equal(expected.Count(h => h.Module == "cpu" && h.Name == "sys"), cpus.Count);
        Assert.True(cpus.Count > 1);
        Assert.All(cpus, c => Assert.Same(c, token.Lookup("cpu", c.Instance, "sys")));
        Assert.Null(token.Lookup("no-such-module", 0, "sys"));
        Assert.Null(token.Lookup("cpu", 12345, null));
        Assert.False(token.TryLookup("cpu", -1, "no-such-name", out _));
        Assert.Equal(expected.Count(h => h.Module == "unix"), token.LookupAll("unix").Count);
        Assert.Throws<ArgumentException>(() => token.Lookup("cpu\0x"));
    }

    [Fact]
    public void EveryKstatOfTheChainReadsWithTheReaderOfItsType()
    {
        using var session = StandinSession.Start(ChainFile);
        using var token = session.Open();
        var named = new KstatNamedValues();
        var counts = new Dictionary<KstatType, int>();
        foreach (var entry in token.GetAll())
        {
            var ok = entry.Type switch
            {
                KstatType.Named => entry.TryReadNamed(named),
                KstatType.IO => entry.TryReadIO(out _),
                KstatType.Interrupt => entry.TryReadInterrupts(out _),
                KstatType.Timer => entry.TryReadTimers(out _),
                _ => ReadRaw(entry),
            };
            Assert.True(ok, $"{entry} ({entry.Type}) could not be read");
            counts[entry.Type] = counts.GetValueOrDefault(entry.Type) + 1;
        }

        Assert.True(counts[KstatType.Named] > 1000);
        Assert.True(counts[KstatType.IO] > 0);
        Assert.True(counts[KstatType.Raw] > 0);
    }

    private static bool ReadRaw(KstatEntry entry) => (entry.Module, entry.Name) switch
    {
        ("unix", "sysinfo") => entry.TryReadSysInfo(out _),
        ("unix", "vminfo") => entry.TryReadVmInfo(out _),
        ("unix", "var") => entry.TryReadVar(out _),
        ("nfs", "mntinfo") => entry.TryReadMntInfo(out _),
        ("cpu_stat", _) => entry.TryReadCpuStat(out _),
        _ => entry.TryReadRaw(out _, out _),
    };

    /// <summary>The chain file's headers: <c>module:instance:name&lt;TAB&gt;class=C type=T crtime=S</c>.</summary>
    private static List<(string Module, int Instance, string Name, string Class, int Type, long CreationTime)> ReadHeaders()
    {
        var headers = new List<(string, int, string, string, int, long)>();
        foreach (var line in File.ReadLines(ChainFile))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var key = line[..tab].Split(':');
            var fields = line[(tab + 1)..].Split(' ').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
            headers.Add((key[0], int.Parse(key[1], CultureInfo.InvariantCulture), key[2], fields["class"],
                int.Parse(fields["type"], CultureInfo.InvariantCulture), TestKstats.Nanoseconds(fields["crtime"])));
        }

        return headers;
    }
}
