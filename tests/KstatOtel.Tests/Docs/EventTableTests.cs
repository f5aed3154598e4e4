using System.Diagnostics.Tracing;
using System.Reflection;
using KstatOtel.Diagnostics;
using KstatOtel.Taskstats;

namespace KstatOtel.Tests.Docs;

/// <summary>
/// The README's event tables (one per EventSource, under a heading naming it) list exactly the events the
/// EventSource classes declare: the same ids, names and levels, each with a meaning, and a fix for every warning and
/// error. A new event, a renumbered one or a changed level fails here until the README says so.
/// </summary>
public class EventTableTests
{
    private static readonly string[] Columns = ["id", "event", "level", "meaning", "fix"];

    public static TheoryData<string> Sources() => new() { KstatOtelEventSource.EventSourceName, "KstatOtel-Taskstats" };

    [Theory]
    [MemberData(nameof(Sources))]
    public void TheReadmeListsEveryEventOfTheSourceWithItsIdAndLevel(string sourceName)
    {
        var declared = DeclaredEvents(SourceType(sourceName));
        var rows = DocumentedEvents(sourceName);

        var documented = rows.Select(r => $"{r[0]} {r[1].Trim('`')} {r[2]}").Order().ToList();
        var expected = declared.Select(e => $"{e.Id} {e.Name} {e.Level}").Order().ToList();
        Assert.True(
            expected.SequenceEqual(documented),
            $"README events of {sourceName} differ from the code.\nOnly in the code: {string.Join("; ", expected.Except(documented))}\nOnly in the README: {string.Join("; ", documented.Except(expected))}");
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void EveryWarningAndErrorSaysHowToFixIt(string sourceName)
    {
        foreach (var row in DocumentedEvents(sourceName))
        {
            Assert.False(string.IsNullOrWhiteSpace(row[3]) || row[3] == "-", $"{row[1]}: no meaning");
            if (row[2] is "Warning" or "Error")
            {
                Assert.False(string.IsNullOrWhiteSpace(row[4]) || row[4] == "-", $"{row[1]} ({row[2]}): no fix");
            }
        }
    }

    [Fact]
    public void TheEventSourceNamesAreTheOnesTheReadmeTellsToListenTo()
    {
        var section = string.Join('\n', ReadmeDocument.Load().Section("Diagnostics"));
        foreach (var name in new[] { KstatOtelEventSource.EventSourceName, "KstatOtel-Taskstats" })
        {
            Assert.Equal(name, EventSource.GetName(SourceType(name)));
            Assert.Contains(name, section, StringComparison.Ordinal);
        }

        Assert.Contains("dotnet-trace collect --providers KstatOtel-Instrumentation,KstatOtel-Taskstats", section, StringComparison.Ordinal);
    }

    private static Type SourceType(string sourceName) => sourceName switch
    {
        KstatOtelEventSource.EventSourceName => typeof(KstatOtelEventSource),
        "KstatOtel-Taskstats" => typeof(TaskstatsClient).Assembly.GetType("KstatOtel.Taskstats.TaskstatsEventSource", throwOnError: true)!,
        _ => throw new ArgumentOutOfRangeException(nameof(sourceName)),
    };

    private static List<(int Id, string Name, EventLevel Level)> DeclaredEvents(Type source) =>
        source.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Select(m => (Method: m, Event: m.GetCustomAttribute<EventAttribute>()))
            .Where(x => x.Event is not null)
            .Select(x => (x.Event!.EventId, x.Method.Name, x.Event.Level))
            .ToList();

    private static IReadOnlyList<string[]> DocumentedEvents(string sourceName)
    {
        var diagnostics = ReadmeDocument.Load().Section("Diagnostics");
        var section = ReadmeDocument.Parse(string.Join('\n', diagnostics)).Section($"`{sourceName}`");
        var rows = ReadmeDocument.TableRows(section, Columns);
        Assert.True(rows.Count > 0, $"README.md has no event table ({string.Join(" | ", Columns)}) under a heading '`{sourceName}`' in Diagnostics");
        return rows;
    }
}
