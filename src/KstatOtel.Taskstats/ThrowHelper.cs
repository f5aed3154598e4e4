using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using KstatOtel.Taskstats.Interop;

namespace KstatOtel.Taskstats;

/// <summary>Builds and throws this package's exceptions, keeping the throwing code out of the hot paths.</summary>
internal static class ThrowHelper
{
    internal const string PermissionAdvice =
        "Taskstats queries and exit registration need CAP_NET_ADMIN in the initial user namespace. Run as root, or grant the capability: " +
        "'setcap cap_net_admin+ep <executable>' on the program's own executable (for a .NET app, its apphost), " +
        "systemd 'AmbientCapabilities=CAP_NET_ADMIN' (with 'CapabilityBoundingSet=CAP_NET_ADMIN'), " +
        "Docker or Podman '--cap-add NET_ADMIN', Kubernetes 'securityContext.capabilities.add: [NET_ADMIN]'. " +
        "Root inside a user namespace (rootless containers, 'unshare -U') cannot have it: the kernel checks the initial namespace.";

    internal const string NoFamilyAdvice =
        "The kernel has no TASKSTATS generic netlink family: it was built without CONFIG_TASKSTATS " +
        "(delay fields also need CONFIG_TASK_DELAY_ACCT; memory and I/O fields CONFIG_TASK_XACCT and CONFIG_TASK_IO_ACCOUNTING). " +
        "Use a kernel built with CONFIG_TASKSTATS=y, or read procfs instead.";

    [DoesNotReturn]
    internal static void ThrowProtocol(string message) => throw new TaskstatsProtocolException(message);

    [DoesNotReturn]
    internal static void ThrowErrno(int errno, string operation) => throw ErrnoException(errno, operation);

    [DoesNotReturn]
    internal static void ThrowLastPInvokeError(string operation) => throw ErrnoException(Marshal.GetLastPInvokeError(), operation);

    [DoesNotReturn]
    internal static void ThrowObjectDisposed(object instance) => throw new ObjectDisposedException(instance.GetType().FullName);

    /// <summary>An exception for <paramref name="errno"/>, with advice for the errors that have a known fix.</summary>
    internal static TaskstatsException ErrnoException(int errno, string operation)
    {
        var text = $"{operation} failed: {Describe(errno)}.";
        var advice = errno switch
        {
            Errno.EPERM or Errno.EACCES => " " + PermissionAdvice,
            Errno.ETIMEDOUT => " The kernel answers taskstats requests synchronously, so a missing reply means the request was lost; retry it.",
            Errno.ENOBUFS => " The socket's receive buffer overflowed; raise it (SO_RCVBUF) or read faster.",
            Errno.EMFILE => " The process has reached its open file limit: raise it (ulimit -n, or LimitNOFILE= in a systemd unit).",
            Errno.ENFILE => " The system has reached its open file limit: raise fs.file-max.",
            _ => string.Empty,
        };
        return new TaskstatsException(errno, text + advice);
    }

    /// <summary>"Operation not permitted (EPERM)": the C library's text and the symbolic name.</summary>
    internal static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} ({Errno.Name(errno)})";
}
