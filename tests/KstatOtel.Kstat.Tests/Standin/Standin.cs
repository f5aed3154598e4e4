using System.Runtime.InteropServices;
using System.Text;
using KstatOtel.Testing;

namespace KstatOtel.Kstat.Tests;

/// <summary>
/// The libkstat stand-in of tests/native/libkstat-standin (see its README for the contract): its paths, its control
/// functions (called through function pointers from the same loaded library the binding uses) and the environment
/// variables it reads at kstat_open. .NET does not copy Environment.SetEnvironmentVariable into the C library's
/// environ on Unix, so the variables are set with setenv as well.
/// </summary>
internal static unsafe partial class Standin
{
    public const string FixturesVariable = "KSTAT_STANDIN_FIXTURES";
    public const string AdvanceVariable = "KSTAT_STANDIN_ADVANCE";
    public const string MisuseVariable = "KSTAT_STANDIN_MISUSE";
    public const string EagainMsVariable = "KSTAT_STANDIN_EAGAIN_MS";

    private static readonly Lazy<nint> Handle = new(() => NativeLibrary.Load(LibraryPath));

    public static string Directory => RepoPaths.Combine("tests", "native", "libkstat-standin");

    public static string LibraryPath => Path.Combine(Directory, "build", "libkstat.so.1");

    public static string OffsetsProgram => Path.Combine(Directory, "build", "kstat-offsets");

    /// <summary>kstat_standin_set_frame: 0, or -1 (ESRCH, EINVAL).</summary>
    public static int SetFrame(int frame) => ((delegate* unmanaged<int, int>)Export("kstat_standin_set_frame"))(frame);

    /// <summary>kstat_standin_next_frame: the new frame index.</summary>
    public static int NextFrame() => ((delegate* unmanaged<int>)Export("kstat_standin_next_frame"))();

    /// <summary>kstat_standin_inject: the next <paramref name="count"/> calls of <paramref name="op"/> fail with <paramref name="errno"/>.</summary>
    public static void Inject(string op, int errno, int count)
    {
        fixed (byte* name = Utf8(op))
        {
            var result = ((delegate* unmanaged<byte*, int, int, int>)Export("kstat_standin_inject"))(name, errno, count);
            Assert.True(result == 0, $"kstat_standin_inject({op}) failed");
        }
    }

    /// <summary>kstat_standin_remove: deletes matching kstats from the simulated kernel; returns how many.</summary>
    public static int Remove(string? module, int instance, string? name)
    {
        fixed (byte* m = module is null ? null : Utf8(module))
        fixed (byte* n = name is null ? null : Utf8(name))
        {
            return ((delegate* unmanaged<byte*, int, byte*, int>)Export("kstat_standin_remove"))(m, instance, n);
        }
    }

    /// <summary>kstat_standin_corrupt: the next <paramref name="count"/> reads of matching kstats return inconsistent data.</summary>
    public static void Corrupt(string? module, int instance, string? name, string what, long value, int count)
    {
        fixed (byte* m = module is null ? null : Utf8(module))
        fixed (byte* n = name is null ? null : Utf8(name))
        fixed (byte* w = Utf8(what))
        {
            var result = ((delegate* unmanaged<byte*, int, byte*, byte*, long, int, int>)Export("kstat_standin_corrupt"))(m, instance, n, w, value, count);
            Assert.True(result == 0, $"kstat_standin_corrupt({what}) failed");
        }
    }

    /// <summary>kstat_standin_counter (open, close, read, chain_update, handles, blocks, misuse, kstats, frame, ...).</summary>
    public static long Counter(string name)
    {
        fixed (byte* n = Utf8(name))
        {
            return ((delegate* unmanaged<byte*, long>)Export("kstat_standin_counter"))(n);
        }
    }

    /// <summary>kstat_standin_reset: clears injections and counters and detaches the current kernel.</summary>
    public static void Reset() => ((delegate* unmanaged<void>)Export("kstat_standin_reset"))();

    /// <summary>kstat_standin_last_error: the last fixture load error, or "".</summary>
    public static string LastError() => Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)Export("kstat_standin_last_error"))()) ?? string.Empty;

    /// <summary>Sets (or with null, removes) a variable for .NET and in the C library's environ.</summary>
    public static void SetVariable(string name, string? value)
    {
        Environment.SetEnvironmentVariable(name, value);
        var result = value is null ? unsetenv(name) : setenv(name, value, 1);
        Assert.True(result == 0, $"setenv({name}) failed: {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>The current value of a variable in the C library's environ.</summary>
    public static string? GetNativeVariable(string name) => Marshal.PtrToStringUTF8(getenv(name));

    private static nint Export(string name) => NativeLibrary.GetExport(Handle.Value, name);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text + "\0");

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int unsetenv(string name);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getenv(string name);
}
