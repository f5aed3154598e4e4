using System.Globalization;
using System.Text;

namespace KstatOtel.Tests.ProcessGroups.Support;

/// <summary>
/// A procfs root made of ordinary files in a temporary folder, for the procfs-root option: ROOT/stat (btime,
/// processes), ROOT/uptime, and per process stat, status, io, cmdline, limits and an fd folder. Files are rewritten in
/// place (same inode), as procfs regenerates content, so kept-open readers see the changes.
/// </summary>
internal sealed class ProcfsFixtureTree : IDisposable
{
    public const ulong BootTime = 1_700_000_000;
    public const long Hz = 100;

    public ProcfsFixtureTree(double uptimeSeconds = 1000)
    {
        Root = Path.Combine(Path.GetTempPath(), "kstatotel-procfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Write("stat", $"cpu  1 2 3 4 5 6 7 8 9 10\nbtime {BootTime}\nprocesses 5000\nprocs_running 1\nprocs_blocked 0\n");
        Write("uptime", string.Create(CultureInfo.InvariantCulture, $"{uptimeSeconds:0.00} 100.00\n"));
    }

    public string Root { get; }

    /// <summary>The start of tracking in ticks, as the tracker computes it from ROOT/uptime.</summary>
    public static ulong TicksOf(double seconds) => (ulong)(seconds * Hz);

    /// <summary>Writes (or rewrites in place) the files of one process.</summary>
    public void SetProcess(FixtureProcess process)
    {
        var directory = Path.Combine(Root, process.Pid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(Path.Combine(directory, "fd"));
        WriteBytes(Path.Combine(directory, "stat"), StatLine(process));
        WriteBytes(Path.Combine(directory, "status"), Encoding.UTF8.GetBytes(StatusText(process)));
        WriteBytes(Path.Combine(directory, "io"), Encoding.ASCII.GetBytes(
            $"rchar: 0\nwchar: 0\nsyscr: 0\nsyscw: 0\nread_bytes: {process.ReadBytes}\nwrite_bytes: {process.WriteBytes}\ncancelled_write_bytes: 0\n"));
        WriteBytes(Path.Combine(directory, "cmdline"), [.. Encoding.UTF8.GetBytes(string.Join('\0', process.Arguments)), 0]);
        WriteBytes(Path.Combine(directory, "limits"), Encoding.ASCII.GetBytes(
            "Limit                     Soft Limit           Hard Limit           Units     \n" +
            $"Max open files            {process.FileLimit,-21}{4096,-21}files     \n"));
        var fds = Path.Combine(directory, "fd");
        foreach (var stale in Directory.GetFiles(fds))
        {
            File.Delete(stale);
        }

        for (var fd = 0; fd < process.OpenFiles; fd++)
        {
            File.WriteAllText(Path.Combine(fds, fd.ToString(CultureInfo.InvariantCulture)), string.Empty);
        }
    }

    public void RemoveProcess(int pid) => Directory.Delete(Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture)), recursive: true);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static byte[] StatLine(FixtureProcess p)
    {
        var after = string.Create(
            CultureInfo.InvariantCulture,
            $") {p.State} {p.Ppid} {p.Pid} {p.Pid} 0 -1 4194304 {p.MinorFaults} 0 {p.MajorFaults} 0 {p.UserTicks} {p.SystemTicks} 0 0 20 0 {p.Threads} 0 {p.StartTicks} {p.VirtualBytes} {p.ResidentBytes / 4096} 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        return [.. Encoding.ASCII.GetBytes($"{p.Pid} ("), .. p.Comm, .. Encoding.ASCII.GetBytes(after)];
    }

    private static string StatusText(FixtureProcess p)
    {
        var name = new StringBuilder();
        foreach (var b in p.Comm)
        {
            name.Append(b switch
            {
                (byte)'\n' => "\\n",
                (byte)'\\' => "\\\\",
                _ => ((char)b).ToString(),
            });
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"Name:\t{name}\nState:\t{p.State} (x)\nTgid:\t{p.Pid}\nPid:\t{p.Pid}\nPPid:\t{p.Ppid}\nUid:\t{p.Uid}\t{p.Uid}\t{p.Uid}\t{p.Uid}\n" +
            $"VmSize:\t{p.VirtualBytes / 1024} kB\nVmRSS:\t{p.ResidentBytes / 1024} kB\nVmSwap:\t{p.SwapBytes / 1024} kB\nThreads:\t{p.Threads}\n" +
            $"voluntary_ctxt_switches:\t{p.Voluntary}\nnonvoluntary_ctxt_switches:\t{p.Involuntary}\n");
    }

    private void Write(string name, string content) => WriteBytes(Path.Combine(Root, name), Encoding.ASCII.GetBytes(content));

    private static void WriteBytes(string path, byte[] content)
    {
        // In place: same inode, like procfs (File.WriteAllBytes truncates the existing file).
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        stream.SetLength(0);
        stream.Write(content);
    }
}

/// <summary>One process of a <see cref="ProcfsFixtureTree"/>.</summary>
internal sealed record FixtureProcess
{
    public int Pid { get; init; }

    public byte[] Comm { get; init; } = "fixture"u8.ToArray();

    public string[] Arguments { get; init; } = ["/usr/bin/fixture"];

    public char State { get; init; } = 'S';

    public int Ppid { get; init; } = 1;

    public uint Uid { get; init; }

    public ulong StartTicks { get; init; }

    public ulong UserTicks { get; init; }

    public ulong SystemTicks { get; init; }

    public ulong MinorFaults { get; init; }

    public ulong MajorFaults { get; init; }

    public ulong ReadBytes { get; init; }

    public ulong WriteBytes { get; init; }

    public ulong Voluntary { get; init; }

    public ulong Involuntary { get; init; }

    public long Threads { get; init; } = 1;

    public ulong VirtualBytes { get; init; } = 10 << 20;

    public ulong ResidentBytes { get; init; } = 4 << 20;

    public ulong SwapBytes { get; init; }

    public int OpenFiles { get; init; } = 3;

    public int FileLimit { get; init; } = 1024;
}
