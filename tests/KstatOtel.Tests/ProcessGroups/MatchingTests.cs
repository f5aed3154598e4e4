using System.Text;
using KstatOtel.ProcessGroups.Matching;
using KstatOtel.Procfs;
using KstatOtel.Testing.Fuzzing;

namespace KstatOtel.Tests.ProcessGroups;

/// <summary>Matchers, templates and the command-line reader.</summary>
public class MatchingTests
{
    private static readonly UserNames Users = new(uid => uid == 1000 ? "alice" : null);

    [Fact]
    public void CommMatchesAnyOfItsNames()
    {
        var selector = Selector(new ProcessGroupDefinition { Name = "web", Comm = { "nginx", "httpd" } });
        Assert.Equal("web", selector.Select(Facts(1, "httpd"), Users));
        Assert.Equal("web", selector.Select(Facts(1, "nginx"), Users));
        Assert.Null(selector.Select(Facts(1, "nginx2"), Users));
        Assert.Null(selector.Select(Facts(1, "ngin"), Users));
    }

    [Fact]
    public void ExeMatchesTheBaseNameOrTheFullPathOfArgvZero()
    {
        var selector = Selector(
            new ProcessGroupDefinition { Name = "full", Exe = { "/usr/sbin/nginx" } },
            new ProcessGroupDefinition { Name = "base", Exe = { "python3", "node" } });
        Assert.Equal("full", selector.Select(Facts(1, "nginx", "/usr/sbin/nginx", "-g", "daemon off;"), Users));
        Assert.Equal("base", selector.Select(Facts(1, "x", "/opt/bin/node", "server.js"), Users));
        Assert.Equal("base", selector.Select(Facts(1, "x", "python3", "-m", "http.server"), Users));
        Assert.Null(selector.Select(Facts(1, "nginx", "/usr/local/sbin/nginx"), Users));
        Assert.Null(selector.Select(Facts(1, "kworker/0:1"), Users)); // kernel thread: no argv
    }

    [Fact]
    public void EveryCmdlineExpressionMustMatchAndItsCapturesNameTheGroup()
    {
        var selector = Selector(new ProcessGroupDefinition
        {
            Name = "worker-{Matches.id}-{matches.queue}",
            Cmdline = { @"worker-(?<id>\d+)", @"--queue[= ](?<queue>\w+)" },
        });
        Assert.Equal("worker-7-mail", selector.Select(Facts(1, "python3", "python3", "worker-7", "--queue", "mail"), Users));
        Assert.Null(selector.Select(Facts(1, "python3", "python3", "worker-7"), Users));
        Assert.Null(selector.Select(Facts(1, "python3", "python3", "--queue=mail"), Users));
    }

    [Fact]
    public void AllMatchersOfAGroupMustMatchAndTheFirstGroupThatMatchesWins()
    {
        var selector = Selector(
            new ProcessGroupDefinition { Name = "py-web", Comm = { "python3" }, Cmdline = { "gunicorn" } },
            new ProcessGroupDefinition { Name = "py", Comm = { "python3" } },
            new ProcessGroupDefinition { Name = "rest-{Comm}" });
        Assert.Equal("py-web", selector.Select(Facts(1, "python3", "python3", "/bin/gunicorn", "app"), Users));
        Assert.Equal("py", selector.Select(Facts(1, "python3", "python3", "job.py"), Users));
        Assert.Equal("rest-bash", selector.Select(Facts(1, "bash", "bash"), Users));
        Assert.Equal("rest-kthreadd", selector.Select(Facts(2, "kthreadd"), Users));
    }

    [Fact]
    public void TemplatesRenderEveryPlaceholderAndEscapedBraces()
    {
        var facts = Facts(4242, "srv", "/opt/app/bin/srv", "--port", "80");
        facts.Uid = 1000;
        var selector = Selector(new ProcessGroupDefinition { Name = "{{{Comm}}} {ExeBase} {EXEFULL} {username} {PID} }}{{" });
        Assert.Equal("{srv} srv /opt/app/bin/srv alice 4242 }{", selector.Select(facts, Users));

        facts.Uid = 33;
        Assert.Equal("{srv} srv /opt/app/bin/srv 33 4242 }{", selector.Select(facts, Users));
    }

    [Theory]
    [InlineData("{Nope}", "unknown placeholder {Nope}")]
    [InlineData("{Comm", "is not closed")]
    [InlineData("a}b", "closes nothing")]
    [InlineData("{Matches.}", "needs the name of a capture")]
    [InlineData("{Matches.id}", "no Cmdline expression of this group has a capture named 'id'")]
    [InlineData("", "Name is required")]
    [InlineData("  ", "Name is required")]
    public void BadTemplatesAreRefusedWithAClearMessage(string template, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => GroupMatcher.Compile(new ProcessGroupDefinition { Name = template, Cmdline = { "x" } }, 3));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("ProcessGroups.Groups[3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadMatchersAreRefusedWithAClearMessage()
    {
        Assert.Contains("not a valid regular expression", Assert.ThrowsAny<ArgumentException>(() => GroupMatcher.Compile(new ProcessGroupDefinition { Name = "x", Cmdline = { "(" } }, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("Comm holds an empty name", Assert.ThrowsAny<ArgumentException>(() => GroupMatcher.Compile(new ProcessGroupDefinition { Name = "x", Comm = { "" } }, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("Exe holds an empty name", Assert.ThrowsAny<ArgumentException>(() => GroupMatcher.Compile(new ProcessGroupDefinition { Name = "x", Exe = { "" } }, 0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsValidationReachesTheGroups()
    {
        var options = new KstatInstrumentationOptions().TrackProcesses(new ProcessGroupDefinition { Name = "{Bad}" });
        Assert.Contains("unknown placeholder", Assert.ThrowsAny<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);
        options = new KstatInstrumentationOptions().TrackProcesses(new ProcessGroupDefinition { Name = "ok" });
        options.ProcessGroups.MaxGroups = 0;
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }

    [Fact]
    public void WithoutACommandLineGroupsThatNeedOneArePassedOverOnlyWhenTheirCommRulesTheProcessOut()
    {
        var selector = Selector(
            new ProcessGroupDefinition { Name = "exe", Comm = { "other" }, Exe = { "burner" } },
            new ProcessGroupDefinition { Name = "captured-{Matches.n}", Comm = { "burner2" }, Cmdline = { "(?<n>.*)" } },
            new ProcessGroupDefinition { Name = "{Comm}-{Username}-{PID}", Comm = { "burner" } });
        var facts = Facts(77, "burner");
        facts.Uid = 1000;
        Assert.Equal("burner-alice-77", selector.SelectWithoutCommandLine(facts, Users, out var undecidable));
        Assert.False(undecidable);
        Assert.Null(selector.SelectWithoutCommandLine(Facts(78, "nobody-wants"), Users, out undecidable));
        Assert.False(undecidable);
    }

    [Fact]
    public void WithoutACommandLineTheFirstGroupThatMightMatchStopsTheSearch()
    {
        // First match wins: a worker that a command-line group would take must not land in a later catch-all group.
        var workers = Selector(
            new ProcessGroupDefinition { Name = "workers", Cmdline = { @"worker-\d+" } },
            new ProcessGroupDefinition { Name = "{Comm}" });
        Assert.Null(workers.SelectWithoutCommandLine(Facts(1, "python3"), Users, out var undecidable));
        Assert.True(undecidable);

        var python = Selector(
            new ProcessGroupDefinition { Name = "py-web", Comm = { "python3" }, Cmdline = { "gunicorn" } },
            new ProcessGroupDefinition { Name = "base-{ExeBase}", Comm = { "node" } },
            new ProcessGroupDefinition { Name = "{Comm}" });
        Assert.Equal("bash", python.SelectWithoutCommandLine(Facts(2, "bash"), Users, out undecidable));
        Assert.False(undecidable);
        Assert.Null(python.SelectWithoutCommandLine(Facts(3, "python3"), Users, out undecidable));
        Assert.True(undecidable);
        Assert.Null(python.SelectWithoutCommandLine(Facts(4, "node"), Users, out undecidable)); // its name needs argv[0]
        Assert.True(undecidable);
    }

    [Fact]
    public void ACommEntryLongerThanTheKernelKeepsMatchesItsFirst15BytesAndItsFullName()
    {
        var matcher = GroupMatcher.Compile(new ProcessGroupDefinition { Name = "long", Comm = { "my-long-running-daemon", "short" } }, 0);
        Assert.Equal(["my-long-running-daemon"], matcher.LongComms);
        Assert.True(matcher.MatchesComm("my-long-running"u8));          // what the kernel shows for a process (15 bytes)
        Assert.True(matcher.MatchesComm("my-long-running-daemon"u8));   // a kernel thread shows its full name
        Assert.True(matcher.MatchesComm("short"u8));
        Assert.False(matcher.MatchesComm("my-long-runnin"u8));

        // Cut at 15 bytes like the kernel, even within a UTF-8 character ("é" is 2 bytes: the 15th byte is its first).
        var accented = GroupMatcher.Compile(new ProcessGroupDefinition { Name = "accent", Comm = { "abcdefghijklmn\u00e9t\u00e9" } }, 1);
        Assert.True(accented.MatchesComm([.. "abcdefghijklmn"u8, 0xC3]));
        Assert.Empty(GroupMatcher.Compile(new ProcessGroupDefinition { Name = "x", Comm = { "exactly-15-byte" } }, 2).LongComms);
    }

    [Fact]
    public void OptionsAreCopiedDeeply()
    {
        var options = new KstatInstrumentationOptions().TrackProcesses(new ProcessGroupDefinition { Name = "a", Comm = { "x" } });
        var copy = options.Clone();
        options.ProcessGroups.Groups[0].Comm.Add("y");
        options.ProcessGroups.Groups.Add(new ProcessGroupDefinition { Name = "b" });
        Assert.Single(copy.ProcessGroups.Groups);
        Assert.Equal(["x"], copy.ProcessGroups.Groups[0].Comm);
        Assert.NotEqual(KstatInstrumentation.Describe(options), KstatInstrumentation.Describe(copy));
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData("a\0", "a", "a")]
    [InlineData("/bin/sleep\01000\0", "/bin/sleep", "/bin/sleep 1000")]
    [InlineData("nginx: worker process\0\0\0\0", "nginx: worker process", "nginx: worker process")]
    [InlineData("a\0\0b\0", "a", "a  b")]
    public void CommandLinesAreSplitOnNuls(string raw, string argv0, string joined)
    {
        var (first, all) = CommandLine.Parse(Encoding.UTF8.GetBytes(raw));
        Assert.Equal(argv0, first);
        Assert.Equal(joined, all);
    }

    [Fact]
    public void AnyBytesMakeACommandLine()
    {
        byte[][] seeds =
        [
            File.ReadAllBytes("/proc/self/cmdline"),
            File.ReadAllBytes("/proc/1/cmdline"),
            "nginx: worker process\0\0\0"u8.ToArray(),
            [],
        ];
        var (decoded, _) = PropertyRun.Check("cmdline", typeof(MalformedInputException), seeds, PropertyRun.Seed(6006), PropertyRun.InputsPerDecoder, input =>
        {
            var (argv0, joined) = CommandLine.Parse(input);
            if (joined.Contains('\0', StringComparison.Ordinal) || argv0.Contains('\0', StringComparison.Ordinal) || !joined.StartsWith(argv0, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"argv0 '{argv0}' and joined '{joined}' are inconsistent");
            }
        });
        Assert.Equal(PropertyRun.InputsPerDecoder, decoded);
    }

    internal static ProcessFacts Facts(int pid, string comm, params string[] argv)
    {
        var facts = new ProcessFacts();
        TaskComm.TryCreate(Encoding.UTF8.GetBytes(comm), out var taskComm);
        facts.Reset(pid, taskComm);
        if (argv.Length > 0)
        {
            facts.SetCommandLine([.. Encoding.UTF8.GetBytes(string.Join('\0', argv)), 0]);
        }

        return facts;
    }

    private static GroupSelector Selector(params ProcessGroupDefinition[] definitions) => new(definitions);
}
