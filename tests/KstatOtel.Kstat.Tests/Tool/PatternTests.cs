using KstatExample;

namespace KstatOtel.Kstat.Tests.Tool;

/// <summary>The kstat tool's selectors: shell globs, /regular expressions/, operands with colons.</summary>
public class PatternTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("", "anything", true)]
    [InlineData("cpu", "cpu", true)]
    [InlineData("cpu", "cpu_info", false)]
    [InlineData("cpu*", "cpu_info", true)]
    [InlineData("cpu_stat?", "cpu_stat7", true)]
    [InlineData("cpu_stat?", "cpu_stat17", false)]
    [InlineData("sd[0-9]", "sd4", true)]
    [InlineData("sd[!0-9]", "sd4", false)]
    [InlineData("sd[!0-9]", "sdx", true)]
    [InlineData("*,err", "sd6,err", true)]
    [InlineData("Hard*", "Hard Errors", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData("/^intr/", "intrblk", true)]
    [InlineData("/^intr/", "hardintr", false)]
    [InlineData("/idle|kernel|user/", "kernel_asflt", true)]
    [InlineData("[]]", "]", true)]
    [InlineData("[", "[", true)]
    public void GlobsAndRegularExpressions(string pattern, string value, bool matches) =>
        Assert.Equal(matches, Pattern.Parse(pattern).IsMatch(value));

    [Fact]
    public void OperandsSplitIntoFourFieldsTheStatisticKeepingColons()
    {
        var selector = Selector.Parse("cpu_info:0::supported_frequencies_Hz");
        Assert.True(selector.MatchesKstat("cpu_info", 0, "cpu_info0"));
        Assert.False(selector.MatchesKstat("cpu_info", 1, "cpu_info1"));
        Assert.True(selector.Statistic.IsMatch("supported_frequencies_Hz"));

        var regex = Selector.Parse("cpu_stat:::/^(idle|user):x/");
        Assert.True(regex.Statistic.IsMatch("idle:x"));
        Assert.True(regex.Module.IsMatch("cpu_stat"));

        var withOptions = Selector.Parse("cpu").With(null, Pattern.Parse("3"), Pattern.Parse("sys"), null);
        Assert.True(withOptions.MatchesKstat("cpu", 3, "sys"));
        Assert.False(withOptions.MatchesKstat("cpu", 2, "sys"));
    }

    [Fact]
    public void IntervalAndCountAreTheTrailingNumbers()
    {
        var options = ToolOptions.Parse(["-p", "-m", "cpu", "cpu_stat:::", "5", "3"]);
        Assert.Equal((5, 3), (options.IntervalSeconds, options.Count));
        Assert.Equal(OutputFormat.Parseable, options.Format);
        Assert.Single(options.Selectors);
        Assert.Throws<UsageException>(() => ToolOptions.Parse(["-x"]));
        Assert.Throws<UsageException>(() => ToolOptions.Parse(["-T", "x"]));
        Assert.Throws<UsageException>(() => ToolOptions.Parse(["-m"]));
        Assert.Null(ToolOptions.Parse(["cpu"]).IntervalSeconds);
    }
}
