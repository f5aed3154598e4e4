using System.Runtime.InteropServices;
using System.Text;
using KstatOtel.Testing;

namespace KstatOtel.Tests.Illumos;

/// <summary>
/// The libkstat stand-in of tests/native/libkstat-standin (its README is the contract): where it is, and its control
/// functions, called from the same loaded library the binding uses. The fixture list and the advance mode are set
/// with kstat_standin_config (.NET's Environment.SetEnvironmentVariable does not reach the stand-in's getenv).
/// </summary>
internal static unsafe class Standin
{
    private static readonly Lazy<nint> Handle = new(() =>
    {
        Assert.True(File.Exists(LibraryPath), $"The stand-in is not built: run make -C {Path.GetDirectoryName(Path.GetDirectoryName(LibraryPath))}");
        return NativeLibrary.Load(LibraryPath);
    });

    public static string LibraryPath => RepoPaths.Combine("tests", "native", "libkstat-standin", "build", "libkstat.so.1");

    /// <summary>A real capture of tests/fixtures/kstat.</summary>
    public static string Capture(string file) => RepoPaths.Combine("tests", "fixtures", "kstat", file);

    /// <summary>A constructed fixture of tests/fixtures/kstat/constructed.</summary>
    public static string Constructed(string file) => RepoPaths.Combine("tests", "fixtures", "kstat", "constructed", file);

    /// <summary>One frame made of several fixture files.</summary>
    public static string Frame(params string[] files) => string.Join('+', files);

    /// <summary>The whole constructed machine, frame <paramref name="index"/> (0 or 1): system, CPUs, disks, links, zones, an NFS mount.</summary>
    public static string ConstructedMachine(int index) => Frame(
        Constructed($"system-frame{index}.kstat"),
        Constructed($"cpu-frame{index}.kstat"),
        Constructed($"disk-io-frame{index}.kstat"),
        Constructed($"net-frame{index}.kstat"),
        Constructed($"zones-caps-frame{index}.kstat"),
        Constructed("nfs-mntinfo.kstat"));

    /// <summary>
    /// Serves <paramref name="frames"/> (each may join files with +) to the next kstat_open: frame 0 first, then one
    /// frame per kstat_chain_update, the last one repeating. Misuse of a freed kstat_t aborts the process.
    /// </summary>
    public static void Serve(params string[] frames)
    {
        Config("KSTAT_STANDIN_FIXTURES", string.Join(',', frames));
        Config("KSTAT_STANDIN_ADVANCE", "update");
        Config("KSTAT_STANDIN_MISUSE", "abort");
        Config("KSTAT_STANDIN_EAGAIN_MS", "1");
        Reset();
    }

    /// <summary>kstat_standin_reset: clears injections and counters and detaches the current kernel.</summary>
    public static void Reset() => ((delegate* unmanaged<void>)Export("kstat_standin_reset"))();

    /// <summary>kstat_standin_counter (read, chain_update, frame, kstats, handles...).</summary>
    public static long Counter(string name)
    {
        fixed (byte* n = Utf8(name))
        {
            return ((delegate* unmanaged<byte*, long>)Export("kstat_standin_counter"))(n);
        }
    }

    /// <summary>kstat_standin_inject: the next <paramref name="count"/> calls of <paramref name="op"/> fail with <paramref name="errno"/>.</summary>
    public static void Inject(string op, int errno, int count)
    {
        fixed (byte* name = Utf8(op))
        {
            Assert.Equal(0, ((delegate* unmanaged<byte*, int, int, int>)Export("kstat_standin_inject"))(name, errno, count));
        }
    }

    /// <summary>kstat_standin_remove: deletes matching kstats from the simulated kernel (reads fail with ENXIO); returns how many.</summary>
    public static int Remove(string? module, int instance, string? name)
    {
        fixed (byte* m = module is null ? null : Utf8(module))
        fixed (byte* n = name is null ? null : Utf8(name))
        {
            return ((delegate* unmanaged<byte*, int, byte*, int>)Export("kstat_standin_remove"))(m, instance, n);
        }
    }

    /// <summary>kstat_standin_last_error: the last fixture load error, or "".</summary>
    public static string LastError() => Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)Export("kstat_standin_last_error"))()) ?? string.Empty;

    private static void Config(string name, string? value)
    {
        fixed (byte* n = Utf8(name))
        fixed (byte* v = value is null ? null : Utf8(value))
        {
            Assert.Equal(0, ((delegate* unmanaged<byte*, byte*, int>)Export("kstat_standin_config"))(n, v));
        }
    }

    private static nint Export(string name) => NativeLibrary.GetExport(Handle.Value, name);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text + "\0");
}
