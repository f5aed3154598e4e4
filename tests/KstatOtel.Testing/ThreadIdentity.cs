using System.Runtime.InteropServices;

namespace KstatOtel.Testing;

/// <summary>
/// Runs code on a new thread whose Linux credentials alone are switched to another user (e.g. nobody), so a test
/// can observe what an unprivileged reader sees (EACCES, EPERM) without starting another process. Linux keeps
/// credentials per thread; glibc's setresuid broadcasts the change to every thread, so this calls the raw
/// setgroups/setresgid/setresuid system calls, which change only the calling thread. Leaving root this way also
/// clears the thread's effective capabilities. The thread ends when the code returns.
/// </summary>
public static partial class ThreadIdentity
{
    /// <summary>The uid and gid of nobody/nogroup on Debian.</summary>
    public const int Nobody = 65534;

    /// <summary>True when this architecture's system call numbers are known here (x86_64, arm64).</summary>
    public static bool IsSupported => Numbers() is not null;

    /// <summary>
    /// Runs <paramref name="action"/> on a new thread with real, effective and saved uid <paramref name="uid"/>,
    /// gid <paramref name="gid"/> and no supplementary groups, and returns its result (exceptions are rethrown).
    /// Needs root (CAP_SETUID/CAP_SETGID); throws <see cref="InvalidOperationException"/> when the switch fails.
    /// </summary>
    public static T RunAs<T>(int uid, int gid, Func<T> action)
    {
        var numbers = Numbers() ?? throw new PlatformNotSupportedException("Per-thread credential switch: unknown system call numbers for " + RuntimeInformation.ProcessArchitecture);
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Check(Syscall(numbers.SetGroups, 0, 0, 0), "setgroups(0, NULL)");
                Check(Syscall(numbers.SetResGid, gid, gid, gid), $"setresgid({gid})");
                Check(Syscall(numbers.SetResUid, uid, uid, uid), $"setresuid({uid})");
                result = action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        })
        {
            IsBackground = true,
            Name = "credential-switched test thread",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return result;
    }

    private static void Check(long result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} failed with errno {Marshal.GetLastPInvokeError()}; run the tests as root.");
        }
    }

    private static (long SetGroups, long SetResUid, long SetResGid)? Numbers() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => (116, 117, 119),
        Architecture.Arm64 => (159, 147, 149),
        _ => null,
    };

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a, long b, long c);
}
