namespace KstatOtel.Tests.Docs;

/// <summary>The reader of the package README's metric tables: the forms it accepts and the rows it refuses.</summary>
public class PackageReadmeParserTests
{
    private const string NameTable = "## Metrics\n\n| Name | Units | Instrument Type | Value Type | Attribute Key(s) |\n| --- | --- | --- | --- | --- |\n";

    [Fact]
    public void AHeadingNamesTheInstrumentsOfTheTableBelowIt()
    {
        var rows = PackageReadme.Parse(
            "## Metrics\n\n### a.b, a.c (opt-in: `Flag`)\n\ntext\n\n| Units | Instrument Type | Value Type | Attribute Key(s) | Attribute Values |\n| --- | --- | --- | --- | --- |\n| `s` | ObservableCounter | `Double` | `k.one`, `k.two` | `x`, `y`; free |\n");
        Assert.Equal(["a.b", "a.c"], rows.Select(r => r.Name));
        Assert.All(rows, r => Assert.Equal(["k.one", "k.two"], r.AttributeKeys));
        Assert.All(rows, r => Assert.Equal(("s", "ObservableCounter", "Double"), (r.Unit, r.InstrumentType, r.ValueType)));
        Assert.All(rows, r => Assert.False(r.IsIllumos));
    }

    [Fact]
    public void ShorthandNamesReplaceTheTrailingSegmentsOfTheFirstName()
    {
        var rows = PackageReadme.Parse(NameTable
            + "| `p.g.delay.time`, `.delay.count` | `s`, `{delay}` | ObservableCounter | `Double`, `Int64` | group, `kind` |\n"
            + "| `p.g.memory.usage`, `.virtual`, `.proportional` (opt-in `X`) | `By` | ObservableUpDownCounter | `Int64` | group |\n"
            + "| `p.g.refused` | `{process}` | ObservableCounter | `Int64` | |\n");
        Assert.Equal(["p.g.delay.time", "p.g.delay.count", "p.g.memory.usage", "p.g.memory.virtual", "p.g.memory.proportional", "p.g.refused"], rows.Select(r => r.Name));
        Assert.Equal(["s", "{delay}"], rows.Take(2).Select(r => r.Unit));
        Assert.Equal(["Double", "Int64"], rows.Take(2).Select(r => r.ValueType));
        Assert.Equal([PackageReadme.GroupAttribute, "kind"], rows[0].AttributeKeys);
        Assert.Empty(rows[5].AttributeKeys);
    }

    [Fact]
    public void RowsUnderAnIllumosSectionAreIllumosInstruments()
    {
        var rows = PackageReadme.Parse(NameTable.Replace("## Metrics", "## illumos and Solaris", StringComparison.Ordinal)
            + "| `system.uptime` | `s` | ObservableGauge | `Double` | |\n");
        Assert.True(Assert.Single(rows).IsIllumos);
    }

    [Theory]
    [InlineData("| `a.b` | `s` | Counter | `Double` | |")] // not an observable instrument type
    [InlineData("| `a.b` | `s` | ObservableCounter | `Single` | |")] // not a value type the code uses
    [InlineData("| a.b | `s` | ObservableCounter | `Double` | |")] // a name without backticks
    [InlineData("| `.b` | `s` | ObservableCounter | `Double` | |")] // a shorthand with nothing before it
    [InlineData("| `a.b`, `.c` | `s`, `By`, `1` | ObservableCounter | `Double` | |")] // three units for two names
    [InlineData("| `a.b` | `s` | ObservableCounter | `Double` | thread.name, ... |")] // keys neither ticked nor group
    [InlineData("| `a.b` | | ObservableCounter | `Double` | |")] // no unit
    [InlineData("| `a.b` | `s` | ObservableCounter | `Double` |")] // a cell missing
    [InlineData("| `a.*` | `s` | ObservableCounter | `Double` | group |")] // not an instrument name
    public void ARowOutOfFormatIsRefused(string row) =>
        Assert.Throws<FormatException>(() => PackageReadme.Parse(NameTable + row + "\n"));

    [Fact]
    public void TablesOtherThanMetricTablesAreLeftAlone()
    {
        var rows = PackageReadme.Parse("## Options\n\n| option | default | what it does |\n| --- | --- | --- |\n| `RefreshInterval` | 5 s | how often |\n");
        Assert.Empty(rows);
    }

    [Fact]
    public void ThePackageReadmeDocumentsBothPlatforms()
    {
        var rows = PackageReadme.Read();
        Assert.Contains(rows, r => r.Name == "process.cpu.time" && !r.IsIllumos);
        Assert.Contains(rows, r => r.Name == "process.cpu.time" && r.IsIllumos);
        Assert.Contains(rows, r => r.Name == "kstatotel.process_group.memory.virtual" && !r.IsIllumos);
        Assert.Contains(rows, r => r.Name == "system.cpu.time" && r.IsIllumos);
    }
}
