using System.Buffers.Binary;
using System.Text;
using KstatOtel.Illumos.Host;
using KstatOtel.Testing.Fuzzing;

namespace KstatOtel.Tests.Illumos;

/// <summary>The pure pieces of the host module: the mntinfo_kstat decoder and the cumulative counter.</summary>
public class HostDecoderTests
{
    [Fact]
    public void MntInfoDecodesItsFieldsAndRefusesAShortBuffer()
    {
        var data = new byte[MntInfoKstat.Size];
        Encoding.ASCII.GetBytes("udp6").CopyTo(data, MntInfoKstat.ProtoOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(MntInfoKstat.VersOffset), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(MntInfoKstat.CurReadOffset), 32768);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(MntInfoKstat.CurWriteOffset), 65536);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(MntInfoKstat.TimersOffset + MntInfoKstat.TimerSize + 8), 77);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(MntInfoKstat.NoResponseOffset), 9);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(MntInfoKstat.FailoverOffset), 8);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(MntInfoKstat.RemapOffset), 7);
        var server = new string('s', MntInfoKstat.CurServerLength);
        Encoding.ASCII.GetBytes(server).CopyTo(data, MntInfoKstat.CurServerOffset);

        var info = MntInfoKstat.Parse(data);
        Assert.Equal((3u, 32768u, 65536u, 9u, 8u, 7u), (info.Version, info.CurrentReadSize, info.CurrentWriteSize, info.NoResponse, info.Failover, info.Remap));
        Assert.Equal((0u, 0u, 77u), info.Timer(1));
        Assert.True(MntInfoKstat.TextEquals(info.Protocol, "udp6"));
        Assert.False(MntInfoKstat.TextEquals(info.Protocol, "udp"));

        // A server name filling its 257 bytes without a NUL is read whole, and never past the field.
        Assert.True(MntInfoKstat.TextEquals(info.CurrentServer, server));
        Assert.Equal(MntInfoKstat.CurServerLength, info.CurrentServer.Length);

        var error = Assert.Throws<MalformedInputException>(() => MntInfoKstat.Parse(data.AsSpan(0, 491)));
        Assert.Contains("491 bytes", error.Message, StringComparison.Ordinal);
        var (decoded, rejected) = PropertyRun.Check("mntinfo_kstat", typeof(MalformedInputException), [data], PropertyRun.Seed(492), PropertyRun.InputsPerDecoder / 10, b =>
        {
            var parsed = MntInfoKstat.Parse(b);
            _ = parsed.CurrentServer.Length + parsed.Protocol.Length + parsed.Timer(2).Srtt;
        });
        Assert.True(decoded > 0 && rejected > 0);
    }

    [Fact]
    public void ACumulativeCounterStartsAtTheKernelValueAndNeverGoesDown()
    {
        var counter = default(CumulativeCounter);
        Assert.False(counter.HasValue);
        counter.Observe(4_294_967_000, narrow: true);
        Assert.Equal(4_294_967_000ul, counter.Value);
        counter.Observe(1000, narrow: true);          // wrapped at 2^32
        Assert.Equal(4_294_968_296ul, counter.Value);
        counter.Observe(1500, narrow: true);
        Assert.Equal(4_294_968_796ul, counter.Value);
        counter.Observe(200, narrow: false);          // a 64-bit counter going down started again from 0
        Assert.Equal(4_294_968_996ul, counter.Value);
        Assert.Equal(200ul, counter.Last);

        var wide = default(CumulativeCounter);
        wide.Observe(ulong.MaxValue - 5, narrow: false);
        Assert.Equal(long.MaxValue, wide.AsInt64);
    }
}
