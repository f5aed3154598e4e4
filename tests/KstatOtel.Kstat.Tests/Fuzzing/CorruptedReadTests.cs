namespace KstatOtel.Kstat.Tests.Fuzzing;

/// <summary>
/// Inconsistent data handed over by libkstat itself (the stand-in corrupts what kstat_read returns, in its own
/// memory): a count of records beyond ks_data, a STRING pointer outside ks_data, a STRING length past its end. The
/// binding refuses each read with <see cref="KstatMalformedDataException"/> naming the kstat, reads nothing outside
/// ks_data, keeps the caller's last good values, and the next read is sound.
/// </summary>
[Collection(StandinCollection.Name)]
public class CorruptedReadTests
{
    [Theory]
    [InlineData("ndata", 100_000L, "ks_ndata 100000")]
    [InlineData("ndata", 4_294_967_295L, "ks_ndata 4294967295")]
    [InlineData("string_ptr", 1L << 20, "outside the kstat's string area")]
    [InlineData("string_ptr", -4096L, "outside the kstat's string area")]
    [InlineData("string_ptr", -48L, "outside the kstat's string area")]
    [InlineData("string_len", 1L << 30, "with length 1073741824")]
    public void ACorruptedReadIsRefusedAndTheNextReadIsSound(string what, long value, string message)
    {
        using var session = StandinSession.Start(Fixtures.Capture("illumos-cpu_info--0--cpu_info0.kstat"));
        using var token = session.Open();
        var info = token.Lookup("cpu_info", 0, "cpu_info0")!;
        var values = new KstatNamedValues();
        Assert.True(info.TryReadNamed(values));
        var brand = values[values.IndexOf("brand")].StringValue;
        var layout = values.LayoutVersion;

        Standin.Corrupt("cpu_info", -1, null, what, value, 1);
        var error = Assert.Throws<KstatMalformedDataException>(() => info.TryReadNamed(values));
        Assert.Contains("cpu_info:0:cpu_info0", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Standin.Counter("corrupted"));
        Assert.Equal(brand, values[values.IndexOf("brand")].StringValue);
        Assert.Equal(layout, values.LayoutVersion);

        // The single-statistic read takes the same path; then the data is sound again.
        Standin.Corrupt("cpu_info", -1, null, what, value, 1);
        Assert.Throws<KstatMalformedDataException>(() => info.TryReadNamed("brand", out _));
        Assert.True(info.TryReadNamed(values));
        Assert.Equal(brand, values[values.IndexOf("brand")].StringValue);
        Assert.True(info.TryReadNamed("brand", out var one));
        Assert.Equal(brand, one.StringValue);
        Assert.True(info.Valid);
    }
}
