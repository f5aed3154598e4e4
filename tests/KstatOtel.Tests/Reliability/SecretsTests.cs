using KstatOtel.ProcessGroups.Publishing;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Tests.ProcessGroups;
using KstatOtel.Testing.Otlp;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// Command lines and environments carry secrets (passwords in arguments, tokens in variables): they never leave the
/// process unless the user writes a <c>{Matches.NAME}</c> placeholder that puts part of a command line into a group
/// name. The ProcessGroups example tracks processes holding secrets in their arguments and environment, with every
/// way of naming and matching a group (comm, argv[0] base and full path, a command-line expression without
/// captures, thread detail, children), and holds a secret in its own environment; everything it exports over OTLP
/// (decoded by the receiver) and everything it prints (its table, its diagnostics) is searched for the secrets.
/// </summary>
[Collection(ProcessGroupCollection.Name)]
public sealed class SecretsTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _directory = Directory.CreateTempSubdirectory("kso-secrets-").FullName;
    private readonly string _argumentSecret = Guid.NewGuid().ToString("N");
    private readonly string _environmentSecret = Guid.NewGuid().ToString("N");
    private readonly string _ownSecret = Guid.NewGuid().ToString("N");

    // The tracked programs: links to the shell under names of their own (a comm is the name execve was given), one per
    // group, since a process belongs to the first group it matches.
    private readonly string[] _names = [.. Enumerable.Range(0, 4).Select(i => $"kso-s{i}{Guid.NewGuid():N}"[..15])];

    public SecretsTests(ITestOutputHelper output) => _output = output;

    private string Link(int i) => Path.Combine(_directory, _names[i]);

    [Fact]
    public async Task CommandLinesAndEnvironmentsAreNeverExported()
    {
        var (exports, printed) = await RunExample(["--group", "comm-{Comm}", "--comm", _names[0], "--threads", "--children",
            "--group", "base-{ExeBase}", "--exe", _names[1], "--group", "full-{ExeFull}", "--exe", Link(2),
            "--group", "by-cmdline", "--cmdline", "--password=[0-9a-f]+"],
            groups => groups.Contains("comm-" + _names[0]) && groups.Contains("base-" + _names[1]) && groups.Contains("full-" + Link(2)) && groups.Contains("by-cmdline"));

        foreach (var secret in new[] { _argumentSecret, _environmentSecret, _ownSecret })
        {
            Assert.DoesNotContain(exports, e => e.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, printed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AMatchesPlaceholderIsTheOptInThatExportsPartOfACommandLine()
    {
        // The same search finds a secret when the user asks for it in a group name: the check above can fail.
        var (exports, _) = await RunExample(["--group", "pw-{Matches.pw}", "--cmdline", "--password=(?<pw>[0-9a-f]+)"],
            groups => groups.Contains("pw-" + _argumentSecret));

        Assert.Contains(exports, e => e.Contains(_argumentSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(exports, e => e.Contains(_environmentSecret, StringComparison.Ordinal) || e.Contains(_ownSecret, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(IReadOnlyList<string> Exports, string Printed)> RunExample(string[] groupArguments, Func<IReadOnlyCollection<string>, bool> groupsSeen)
    {
        var tracked = new List<System.Diagnostics.Process>();
        for (var i = 0; i < _names.Length; i++)
        {
            File.CreateSymbolicLink(Link(i), "/bin/sh");
            tracked.Add(System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Link(i))
            {
                ArgumentList = { "-c", "sleep 60; :", Link(i), "--user=admin", "--password=" + _argumentSecret },
                Environment = { ["KSO_TOKEN"] = _environmentSecret },
                UseShellExecute = false,
            })!);
        }

        try
        {
            await using var receiver = await OtlpReceiver.StartAsync();
            using var example = ChildProcess.Start(
                BuiltPrograms.ProcessGroups,
                ["--lines", "--interval-ms", "300", "--duration-s", "8", "--otlp", receiver.Endpoint.ToString(), .. groupArguments],
                environment: new Dictionary<string, string> { ["KSO_OWN_TOKEN"] = _ownSecret });
            var seen = await receiver.WaitUntilAsync(
                all => groupsSeen(GroupNames(all)) && all.Any(m => m.Name == "process.cpu.time"),
                TimeSpan.FromSeconds(30));
            var exportsBefore = receiver.Exports.Count;
            await receiver.WaitUntilAsync(_ => receiver.Exports.Count >= exportsBefore + 2, TimeSpan.FromSeconds(30));

            // The example ends by itself after its duration, flushing and disposing its provider as it does for a user
            // (a SIGINT would do the same, but a shell that starts the tests in the background makes children ignore it).
            Assert.Equal(0, example.Stop(TimeSpan.FromSeconds(30)));

            var exports = receiver.Exports.Select(e => e.Json).ToList();
            var printed = string.Join("\n", example.Lines) + "\n" + example.Stderr;
            _output.WriteLine($"{exports.Count} exports, {exports.Sum(e => e.Length)} characters of decoded JSON; groups: {string.Join(", ", GroupNames(seen).Order())}");
            return (exports, printed);
        }
        finally
        {
            foreach (var process in tracked)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                process.Dispose();
            }
        }
    }

    private static HashSet<string> GroupNames(IReadOnlyList<Testing.Metrics.CapturedMetric> metrics) =>
        metrics.Where(m => m.Name == ProcessGroupInstruments.ProcessCount)
            .SelectMany(m => m.Points)
            .Select(p => p.Attribute(Attributes.GroupName) as string)
            .OfType<string>()
            .ToHashSet();
}
