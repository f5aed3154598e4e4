
namespace KstatOtel.Kstat.Tests;

/// <summary>After Dispose: ObjectDisposedException everywhere, no native call on freed memory, nothing leaked.</summary>
[Collection(StandinCollection.Name)]
public class DisposeTests
{
    [Fact]
    public void EveryUseAfterDisposeThrowsAndHeadersStayReadable()
    {
        using var session = StandinSession.Start(Fixtures.Constructed("types.kstat"));
        var token = session.Open();
        var named = token.Require("test", 0, "types");
        var disk = token.Require("sd", 0, "sd0");
        var values = named.ReadNamed();
        var handles = Standin.Counter("handles");
        var blocks = Standin.Counter("blocks");
        var reads = Standin.Counter("read");
        var closes = Standin.Counter("close");

        token.Dispose();
        token.Dispose();
        Assert.Equal((1L, 0L), (handles, Standin.Counter("handles"))); // Every test closes its tokens.
        Assert.True(blocks > 0);
        Assert.Equal(0, Standin.Counter("blocks")); // kstat_close freed the chain and every ks_data.
        Assert.Equal(closes + 1, Standin.Counter("close"));

        Assert.False(named.Valid);
        Assert.Equal(("test", 0, "types", "misc"), (named.Module, named.Instance, named.Name, named.Class));
        Assert.Throws<ObjectDisposedException>(() => named.TryReadNamed(values));
        Assert.Throws<ObjectDisposedException>(() => named.TryReadNamed("u64_max", out _));
        Assert.Throws<ObjectDisposedException>(() => disk.TryReadIO(out _));
        Assert.Throws<ObjectDisposedException>(() => disk.TryReadRaw(out _, out _));
        Assert.Throws<ObjectDisposedException>(() => token.Update());
        Assert.Throws<ObjectDisposedException>(() => token.GetAll());
        Assert.Throws<ObjectDisposedException>(() => token.Lookup("test", 0, "types"));
        Assert.Throws<ObjectDisposedException>(() => token.ChainId);
        Assert.Throws<ObjectDisposedException>(() => token.TryReadNamed("test", 0, "types", "u64_max", out _));
        Assert.Equal(reads, Standin.Counter("read"));
        Assert.Equal(ulong.MaxValue, values.Get("u64_max").UInt64Value); // Values read before stay.
        Assert.Equal(0, Standin.Counter("misuse"));
    }

    [Fact]
    public void TokensAreIndependentAndShareTheKernel()
    {
        using var session = StandinSession.Start(Fixtures.Constructed("frames-0.kstat"), Fixtures.Constructed("frames-1.kstat"));
        var handles = Standin.Counter("handles");
        using var first = session.Open();
        var second = session.Open();
        var a = first.Require("cpu", 0, "sys");
        var b = second.Require("cpu", 0, "sys");
        Assert.NotSame(a, b);
        Assert.Equal(a.Id, b.Id);
        second.Dispose();
        Assert.False(b.Valid);
        Assert.True(a.Valid);
        Assert.True(a.TryReadNamed(new KstatNamedValues()));
        Assert.Equal(handles + 1, Standin.Counter("handles"));
    }
}
