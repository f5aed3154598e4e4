
namespace KstatOtel.Kstat.Tests;

/// <summary>
/// Chain updates across fixture frames: frame 0 has cpu 0 and 1, disk sd0 and link net0; in frame 1 cpu 1 is gone,
/// cpu 2 appeared and net0 was re-created (new creation time, so a new kstat); frame 2 changes values only.
/// </summary>
[Collection(StandinCollection.Name)]
public class ChainUpdateTests
{
    private static StandinSession Frames() => StandinSession.Start(
        Fixtures.Constructed("frames-0.kstat"), Fixtures.Constructed("frames-1.kstat"), Fixtures.Constructed("frames-2.kstat"));

    [Fact]
    public void UpdateReportsTheChangeAndInvalidatesOnlyTheKstatsThatWentAway()
    {
        using var session = Frames();
        using var token = session.Open();
        var cpu0 = token.Require("cpu", 0, "sys");
        var cpu1 = token.Require("cpu", 1, "sys");
        var disk = token.Require("sd", 0, "sd0");
        var net0 = token.Require("link", 0, "net0");
        var values = new KstatNamedValues();
        Assert.True(cpu0.TryReadNamed(values));
        Assert.Equal(1_000_000_000UL, values.Get("cpu_nsec_user").UInt64Value);
        Assert.Null(token.Lookup("cpu", 2, "sys"));
        var chainId = token.ChainId;
        Assert.False(token.Update());

        Assert.Equal(0, Standin.SetFrame(1));
        Assert.True(token.Update());
        Assert.NotEqual(chainId, token.ChainId);
        Assert.False(cpu1.Valid);
        Assert.False(cpu1.TryReadNamed(values));
        Assert.Equal(1_000_000_000UL, values.Get("cpu_nsec_user").UInt64Value); // A failed read leaves the values as they were.
        Assert.False(net0.Valid);
        Assert.Equal(("cpu", 1, "sys"), (cpu1.Module, cpu1.Instance, cpu1.Name)); // The header stays readable.

        Assert.True(cpu0.Valid);
        Assert.True(cpu0.TryReadNamed(values));
        Assert.Equal(1_500_000_000UL, values.Get("cpu_nsec_user").UInt64Value);
        Assert.Equal(110_000_000_000, values.SnapTime);
        Assert.True(disk.TryReadIO(out var io));
        Assert.Equal(5000UL, io.BytesRead);
        Assert.Same(cpu0, token.Require("cpu", 0, "sys"));

        var cpu2 = token.Require("cpu", 2, "sys");
        Assert.Equal(105_000_000_000, cpu2.CreationTime);
        var newNet0 = token.Require("link", 0, "net0");
        Assert.NotSame(net0, newNet0);
        Assert.NotEqual(net0.Id, newNet0.Id);
        Assert.Equal(8UL, newNet0.ReadNamed().Get("rbytes64").UInt64Value);
        Assert.Equal(["cpu:0:sys", "cpu:2:sys", "link:0:net0", "sd:0:sd0"], token.GetAll().Select(e => e.ToString()).Order());
        Assert.DoesNotContain(cpu1, token.GetAll());
    }

    [Fact]
    public void AFrameThatOnlyChangesValuesIsNotAChainChange()
    {
        using var session = Frames();
        using var token = session.Open();
        Assert.Equal(0, Standin.SetFrame(1));
        Assert.True(token.Update());
        var cpu0 = token.Require("cpu", 0, "sys");
        var all = token.GetAll();
        var values = cpu0.ReadNamed();
        var chainId = token.ChainId;

        Assert.Equal(0, Standin.SetFrame(2));
        Assert.False(token.Update());
        Assert.Equal(chainId, token.ChainId);
        Assert.Same(all, token.GetAll());
        Assert.True(cpu0.TryReadNamed(values));
        Assert.Equal(2_500_000_000UL, values.Get("cpu_nsec_user").UInt64Value);
        Assert.False(values.LayoutChanged);

        // A rate over two snapshots: the cpu 2 counters of frames 1 and 2, 10 s apart.
        var cpu2 = token.Require("cpu", 2, "sys");
        Assert.Equal(0, Standin.SetFrame(1));
        Assert.False(token.Update());
        var before = cpu2.ReadNamed();
        Assert.Equal(0, Standin.SetFrame(2));
        var after = cpu2.ReadNamed();
        var rate = (double)(after.Get("cpu_nsec_user").UInt64Value - before.Get("cpu_nsec_user").UInt64Value) / (after.SnapTime - before.SnapTime);
        Assert.Equal(0.1, rate, 9);
    }

    [Fact]
    public void AReadOfAKstatThatVanishedUpdatesTheChainAndReturnsFalse()
    {
        using var session = Frames();
        using var token = session.Open();
        var cpu0 = token.Require("cpu", 0, "sys");
        var cpu1 = token.Require("cpu", 1, "sys");
        var updatesBefore = Standin.Counter("chain_update");
        Assert.Equal(0, Standin.SetFrame(1));

        // No explicit Update: the read gets ENXIO, the binding updates the chain itself, cpu 1 is gone.
        Assert.False(cpu1.TryReadNamed(new KstatNamedValues()));
        Assert.False(cpu1.Valid);
        Assert.Equal(updatesBefore + 1, Standin.Counter("chain_update"));
        Assert.True(cpu0.Valid);
        Assert.Equal(1_500_000_000UL, cpu0.ReadNamed().Get("cpu_nsec_user").UInt64Value);
        Assert.NotNull(token.Lookup("cpu", 2, "sys"));
        Assert.False(token.Update()); // The chain is already current.
    }

    [Fact]
    public void ReadingByNameLooksTheKstatUpAgainWhenItWasReplaced()
    {
        using var session = Frames();
        using var token = session.Open();
        var oldNet0 = token.Require("link", 0, "net0");
        Assert.True(token.TryReadNamed("link", 0, "net0", "rbytes64", out var before));
        Assert.Equal(4096UL, before.UInt64Value);

        Assert.Equal(0, Standin.SetFrame(1));
        Assert.True(token.TryReadNamed("link", 0, "net0", "rbytes64", out var after));
        Assert.Equal(8UL, after.UInt64Value);
        Assert.False(oldNet0.Valid);
        Assert.False(token.TryReadNamed("cpu", 1, "sys", "cpu_nsec_user", out _));
        Assert.False(token.TryReadNamed("cpu", 0, "sys", "no_such_statistic", out _));
    }

    [Fact]
    public void AKstatRemovedFromTheKernelTurnsInvalid()
    {
        using var session = Frames();
        using var token = session.Open();
        var disk = token.Require("sd", 0, "sd0");
        Assert.True(disk.TryReadIO(out _));
        Assert.Equal(1, Standin.Remove("sd", 0, "sd0"));
        Assert.False(disk.TryReadIO(out var io));
        Assert.Equal(default, io);
        Assert.False(disk.Valid);
        Assert.Null(token.Lookup("sd", 0, "sd0"));
        Assert.Equal(3, token.GetAll().Count);
    }
}
