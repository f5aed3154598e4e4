using System.Globalization;
using System.Text;
using KstatOtel.Procfs;

namespace KstatOtel.Tests.Procfs;

public class ProcfsTextTests
{
    [Theory]
    [InlineData("0", 0ul)]
    [InlineData("7", 7ul)]
    [InlineData("18446744073709551609", 18446744073709551609ul)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("9999999999999999999", 9999999999999999999ul)]
    public void UnsignedNumbersThatFitAreParsed(string text, ulong expected)
    {
        Assert.True(ProcfsText.TryParseUInt64(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1a")]
    [InlineData("18446744073709551616")]
    [InlineData("18446744073709551620")]
    [InlineData("18446744073709551700")]
    [InlineData("99999999999999999999")]
    [InlineData("184467440737095516150")]
    public void UnsignedNumbersThatDoNotFitOrAreNotDigitsAreRejected(string text)
    {
        Assert.False(ProcfsText.TryParseUInt64(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void UnsignedParsingAgreesWithTheRuntimeOnRandomNumbers()
    {
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var digits = random.Next(1, 22);
            var text = new string(Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10))).ToArray());
            var expected = ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var runtime);
            var actual = ProcfsText.TryParseUInt64(Encoding.ASCII.GetBytes(text), out var ours);

            // The runtime accepts leading zeros beyond 20 digits; the kernel never writes them, so we reject them.
            if (text.Length <= 20)
            {
                Assert.Equal(expected, actual);
                if (expected)
                {
                    Assert.Equal(runtime, ours);
                }
            }
        }
    }

    [Theory]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-1", -1L)]
    [InlineData("-0", 0L)]
    public void SignedNumbersThatFitAreParsed(string text, long expected)
    {
        Assert.True(ProcfsText.TryParseInt64(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("--1")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    public void SignedNumbersThatDoNotFitAreRejected(string text)
    {
        Assert.False(ProcfsText.TryParseInt64(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void KibibytesAreConvertedWithoutOverflow()
    {
        Assert.Equal(1744ul * 1024, ProcfsText.ParseKibAsBytes("    1744 kB"u8, "x", "f", 0));
        Assert.Equal((ulong.MaxValue / 1024) * 1024, ProcfsText.ParseKibAsBytes(Encoding.ASCII.GetBytes($"{ulong.MaxValue / 1024} kB"), "x", "f", 0));
        Assert.Throws<MalformedInputException>(() => ProcfsText.ParseKibAsBytes(Encoding.ASCII.GetBytes($"{(ulong.MaxValue / 1024) + 1} kB"), "x", "f", 0));
    }
}
