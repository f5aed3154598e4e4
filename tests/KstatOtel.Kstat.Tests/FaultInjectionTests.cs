using KstatOtel.Kstat.Interop;

namespace KstatOtel.Kstat.Tests;

/// <summary>Failures injected into the stand-in: EAGAIN is retried a bounded number of times, ENXIO means a chain update, the rest throw.</summary>
[Collection(StandinCollection.Name)]
public class FaultInjectionTests
{
    private static StandinSession Session() => StandinSession.Start(Fixtures.Constructed("frames-0.kstat"), Fixtures.Constructed("frames-1.kstat"));

    [Fact]
    public void EagainIsRetriedAFewTimes()
    {
        using var session = Session();
        using var token = session.Open();
        var cpu0 = token.Require("cpu", 0, "sys");
        var reads = Standin.Counter("read");
        Standin.Inject("read", Errno.EAGAIN, KstatToken.EagainRetries);
        Assert.True(cpu0.TryReadNamed(new KstatNamedValues()));
        Assert.Equal(reads + KstatToken.EagainRetries + 1, Standin.Counter("read"));
    }

    [Fact]
    public void EagainThatPersistsGivesFalseAndTheKstatStaysValid()
    {
        using var session = Session();
        using var token = session.Open();
        var cpu0 = token.Require("cpu", 0, "sys");
        var reads = Standin.Counter("read");
        Standin.Inject("read", Errno.EAGAIN, 100);
        Assert.False(cpu0.TryReadNamed(new KstatNamedValues()));
        Assert.Equal(reads + KstatToken.EagainRetries + 1, Standin.Counter("read"));
        Assert.True(cpu0.Valid);
        Standin.Inject("read", 0, 0);
        Assert.True(cpu0.TryReadNamed(new KstatNamedValues()));
    }

    [Fact]
    public void ATransientEnxioUpdatesTheChainAndRetries()
    {
        using var session = Session();
        using var token = session.Open();
        var cpu0 = token.Require("cpu", 0, "sys");
        var updates = Standin.Counter("chain_update");
        Standin.Inject("read", Errno.ENXIO, 1);
        Assert.True(cpu0.TryReadNamed(new KstatNamedValues()));
        Assert.Equal(updates + 1, Standin.Counter("chain_update"));
        Assert.True(cpu0.Valid);

        Standin.Inject("read", Errno.ENXIO, 100);
        Assert.False(cpu0.TryReadNamed(new KstatNamedValues())); // Still listed, still unreadable: false, not an exception.
        Assert.True(cpu0.Valid);
    }

    [Fact]
    public void EnomemOnAFixedSizeKstatThrowsAndTheNextReadWorks()
    {
        using var session = Session();
        using var token = session.Open();
        var cpu0 = token.Require("cpu", 0, "sys");
        Standin.Inject("read", Errno.ENOMEM, 1);
        var error = Assert.Throws<KstatException>(() => cpu0.TryReadNamed(new KstatNamedValues()));
        Assert.Equal(Errno.ENOMEM, error.Errno);
        Assert.Contains("ENOMEM", error.Message, StringComparison.Ordinal);
        Assert.Contains("cpu:0:sys", error.Message, StringComparison.Ordinal);
        Assert.True(cpu0.TryReadNamed(new KstatNamedValues()));

        Standin.Inject("ioctl_read", Errno.ENOMEM, 1);
        Assert.Equal(Errno.ENOMEM, Assert.Throws<KstatException>(() => cpu0.TryReadNamed(new KstatNamedValues())).Errno);
    }

    [Fact]
    public void EnomemFromTheKernelOnALongStringsKstatIsHandledByLibkstat()
    {
        using var session = Session();
        using var token = session.Open();
        var net0 = token.Require("link", 0, "net0");
        Assert.True(net0.TryReadNamed(out KstatNamedValues? values));
        Assert.True(net0.Flags.HasFlag(KstatFlags.LongStrings));
        var retries = Standin.Counter("retries");
        Standin.Inject("ioctl_read", Errno.ENOMEM, 1);
        Assert.True(net0.TryReadNamed(values));
        Assert.Equal("a-zone-name-longer-than-fifteen-bytes", values.Get("zonename").StringValue);
        Assert.Equal(retries + 1, Standin.Counter("retries"));
    }

    [Fact]
    public void OtherReadErrorsThrowWithTheErrno()
    {
        using var session = Session();
        using var token = session.Open();
        var disk = token.Require("sd", 0, "sd0");
        Standin.Inject("read", Errno.EIO, 1);
        var error = Assert.Throws<KstatException>(() => disk.TryReadIO(out _));
        Assert.Equal(Errno.EIO, error.Errno);
        Assert.True(disk.TryReadIO(out _));
    }

    [Fact]
    public void OpenRetriesEagainAndReportsOtherErrors()
    {
        using var session = Session();
        Standin.Inject("open", Errno.EAGAIN, 2);
        using (var token = session.Open())
        {
            Assert.NotNull(token.Lookup("cpu", 0, "sys"));
        }

        Standin.Inject("open", Errno.ENOMEM, 1);
        var error = Assert.Throws<KstatException>(() => KstatToken.Open(Standin.LibraryPath));
        Assert.Equal(Errno.ENOMEM, error.Errno);
        Assert.Contains("kstat_open", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChainUpdateRetriesEagainAndReportsOtherErrors()
    {
        using var session = Session();
        using var token = session.Open();
        Standin.Inject("chain_update", Errno.EAGAIN, 1);
        Assert.False(token.Update());
        Standin.Inject("chain_update", Errno.ENOMEM, 1);
        Assert.Equal(Errno.ENOMEM, Assert.Throws<KstatException>(() => token.Update()).Errno);
        Assert.Equal(0, Standin.SetFrame(1));
        Assert.True(token.Update());
    }

    [Fact]
    public void AFailedLookupIsNull()
    {
        using var session = Session();
        using var token = session.Open();
        Standin.Inject("lookup", Errno.ENOENT, 1);
        Assert.Null(token.Lookup("cpu", 0, "sys"));
        Assert.NotNull(token.Lookup("cpu", 0, "sys"));
    }
}
