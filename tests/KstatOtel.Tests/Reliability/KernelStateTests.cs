using System.Text.RegularExpressions;
using KstatOtel.Tests.Linux.Support;
using KstatOtel.Testing;
using Xunit.Abstractions;

namespace KstatOtel.Tests.Reliability;

/// <summary>
/// The library reads kernel state and never changes it: no sysctl written, no capability, credential, limit or
/// namespace changed. Checked twice: in the source (the native functions it imports, the open flags it defines) and
/// at run time (every system call of that kind the examples make with every family on, traced with strace). Only the
/// tests write a sysctl (kernel.task_delayacct), and they put back what they found.
/// </summary>
public partial class KernelStateTests
{
    /// <summary>Every native function the packages may import: reading files, sockets for netlink, kstat reads.</summary>
    private static readonly HashSet<string> AllowedImports =
    [
        "open", "close", "read", "pread", "lseek", "statx", "fstatfs", "getdents64", "clock_gettime", "sysconf",
        "getrusage", "getpwuid_r", "socket", "bind", "getsockname", "setsockopt", "getsockopt", "sendto", "recvfrom",
        "poll", "eventfd", "write", "kstat_open", "kstat_close", "kstat_read", "kstat_lookup", "kstat_data_lookup",
        "kstat_chain_update",
    ];

    private static readonly string[] WriteOpenFlags = ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND", "OWrOnly", "ORdWr", "OCreat", "OTrunc", "OAppend"];

    private static readonly string[] ManagedFileWrites =
    [
        "File.Write", "File.AppendAll", "File.Create", "File.OpenWrite", "File.Delete", "File.Move", "FileAccess.Write",
        "FileAccess.ReadWrite", "FileMode.Create", "FileMode.OpenOrCreate", "FileMode.Append", "FileMode.Truncate",
        "new StreamWriter(", "new FileStream(",
    ];

    private readonly ITestOutputHelper _output;

    public KernelStateTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void TheSourceImportsOnlyReadingFunctionsAndOpensFilesOnlyForReading()
    {
        var sources = Directory.EnumerateFiles(RepoPaths.Combine("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(RepoPaths.Combine("src"), f), Text: File.ReadAllText(f)))
            .ToList();
        Assert.True(sources.Count > 50, $"{sources.Count} source files found");

        var imports = sources
            .SelectMany(s => ImportPattern().Matches(s.Text).Select(m => (s.Path, Function: EntryPointPattern().Match(m.Groups["attribute"].Value) is { Success: true } entry ? entry.Groups["name"].Value : m.Groups["method"].Value)))
            .ToList();
        _output.WriteLine($"imports: {string.Join(", ", imports.Select(i => i.Function).Distinct().Order())}");
        Assert.True(imports.Count >= 20, $"the import pattern finds the imports ({imports.Count})");
        Assert.Empty(imports.Where(i => !AllowedImports.Contains(i.Function)).Select(i => $"{i.Path}: {i.Function}"));

        // write(2) serves one purpose: waking the exit listener's poll through its eventfd.
        Assert.Equal(["KstatOtel.Taskstats/Interop/Libc.Poll.cs"], imports.Where(i => i.Function == "write").Select(i => i.Path).Distinct());

        var writing = sources
            .SelectMany(s => WriteOpenFlags.Concat(ManagedFileWrites).Where(w => s.Text.Contains(w, StringComparison.Ordinal)).Select(w => $"{s.Path}: {w}"))
            .ToList();
        Assert.Empty(writing);
    }

    [SkippableFact]
    public void TheExamplesChangeNoKernelStateWhileEveryFamilyRuns()
    {
        Skip.IfNot(File.Exists("/usr/bin/strace"), "needs strace (apt-get install strace) to trace the examples' system calls");

        var problems = new List<string>();
        problems.AddRange(Trace("selfmonitoring", "process.cpu.time", BuiltPrograms.SelfMonitoring, ["--no-clear", "--interval-ms", "200", "--duration-s", "2", "--all"]));
        problems.AddRange(Trace("processgroups", "group\tdotnet\t", BuiltPrograms.ProcessGroups,
            ["--lines", "--interval-ms", "200", "--duration-s", "2", "--group", "{Comm}", "--comm", "sh", "--comm", "bash", "--comm", "dotnet", "--threads", "--children", "--group", "rest"]));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Runs the example under strace until it ends; <paramref name="shows"/> is a text its output must hold (it worked).</summary>
    private IEnumerable<string> Trace(string name, string shows, string dll, string[] arguments)
    {
        // One file per traced thread (-ff): no call is split across lines by another thread's.
        var directory = Directory.CreateTempSubdirectory($"kstatotel-strace-{name}-").FullName;
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/strace")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-ff", "-qq", "-o", Path.Combine(directory, "trace"), "-e", "trace=open,openat,creat,truncate,capset,prctl,setuid,setgid,setreuid,setregid,setresuid,setresgid,setgroups,setrlimit,prlimit64,unshare,setns,mount,umount2", BuiltPrograms.Dotnet, dll })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using (var traced = System.Diagnostics.Process.Start(start)!)
        {
            var output = traced.StandardOutput.ReadToEndAsync();
            var errors = traced.StandardError.ReadToEndAsync();
            Assert.True(traced.WaitForExit(TimeSpan.FromSeconds(120)), $"{name} did not end");
            Assert.True(traced.ExitCode == 0, $"{name} exited {traced.ExitCode}: {errors.Result}");
            Assert.Contains(shows, output.Result, StringComparison.Ordinal);
        }

        var lines = Directory.GetFiles(directory).SelectMany(File.ReadAllLines).ToList();
        Directory.Delete(directory, recursive: true);
        var counts = lines.Select(l => SyscallPattern().Match(l)).Where(m => m.Success).GroupBy(m => m.Groups["call"].Value).Select(g => $"{g.Key} {g.Count()}");
        _output.WriteLine($"{name}: {lines.Count} traced calls ({string.Join(", ", counts)})");
        Assert.Contains(lines, l => l.Contains("\"/proc/self/stat\"", StringComparison.Ordinal) || l.Contains($"/stat\"", StringComparison.Ordinal));
        return lines.Where(ChangesKernelState).Select(l => $"{name}: {l}");
    }

    /// <summary>
    /// What the library must never do. The runtime's own calls are allowed: naming its threads (PR_SET_NAME, and
    /// writing /proc/self/task/TID/comm), raising its soft RLIMIT_NOFILE to the hard limit at start (a prlimit64
    /// that lowers nothing), reading limits, its named semaphores in /dev/shm; the SelfMonitoring example writes a
    /// scratch file under /tmp. An open that failed changed nothing.
    /// </summary>
    private static bool ChangesKernelState(string line)
    {
        var call = SyscallPattern().Match(line);
        if (!call.Success)
        {
            return false;
        }

        var arguments = call.Groups["args"].Value;
        return call.Groups["call"].Value switch
        {
            "open" or "openat" or "creat" or "truncate" => IsWriteOpen(arguments) && call.Groups["result"].Value != "-1" && !IsAllowedWrite(arguments),
            "prctl" => !arguments.StartsWith("PR_SET_NAME", StringComparison.Ordinal) && !arguments.StartsWith("PR_GET_", StringComparison.Ordinal),
            "prlimit64" => !IsRaisingNoFile(arguments),
            "setrlimit" => true,
            _ => true, // capset, credentials, namespaces, mounts, ownership and modes: never
        };
    }

    private static bool IsWriteOpen(string arguments) =>
        arguments.Contains("O_WRONLY", StringComparison.Ordinal) || arguments.Contains("O_RDWR", StringComparison.Ordinal) ||
        arguments.Contains("O_CREAT", StringComparison.Ordinal) || arguments.Contains("O_TRUNC", StringComparison.Ordinal);

    private static bool IsAllowedWrite(string arguments) =>
        ThreadCommPattern().IsMatch(arguments) || arguments.Contains("\"/tmp/", StringComparison.Ordinal) || arguments.Contains("\"/dev/shm/", StringComparison.Ordinal);

    // Reading a limit (new limit NULL), or the runtime's start-up raise of the soft descriptor limit to the hard one.
    private static bool IsRaisingNoFile(string arguments)
    {
        if (arguments.Contains(", NULL, {", StringComparison.Ordinal))
        {
            return true;
        }

        var raise = NoFileRaisePattern().Match(arguments);
        return raise.Success && raise.Groups["cur"].Value == raise.Groups["max"].Value;
    }

    [GeneratedRegex("""\[LibraryImport\((?<attribute>[^\]]*)\)\]\s*(?:\[[^\]]*\]\s*)*(?:public|internal|private)[^;(]*?\s(?<method>\w+)\s*\(""")]
    private static partial Regex ImportPattern();

    [GeneratedRegex(@"EntryPoint\s*=\s*""(?<name>\w+)""")]
    private static partial Regex EntryPointPattern();

    [GeneratedRegex("""^(?<call>\w+)\((?<args>.*)\)\s*=\s*(?<result>-?\w+)""")]
    private static partial Regex SyscallPattern();

    [GeneratedRegex("""^AT_FDCWD, "/proc/self/task/\d+/comm", O_RDWR$""")]
    private static partial Regex ThreadCommPattern();

    [GeneratedRegex("""^0, RLIMIT_NOFILE, \{rlim_cur=(?<cur>[^,}]+), rlim_max=(?<max>[^,}]+)\}, NULL$""")]
    private static partial Regex NoFileRaisePattern();
}
