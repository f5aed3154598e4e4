using System.Reflection;
using System.Runtime.InteropServices;

namespace KstatOtel.InstrumentedChild;

/// <summary>Lowers this process's soft open-file limit, as 'ulimit -n' does in a shell, once its assemblies are loaded.</summary>
internal static partial class DescriptorLimit
{
    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRlimit(int resource, out Rlimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRlimit(int resource, in Rlimit limit);

    /// <summary>Loads every assembly reachable from this program, then sets the soft limit to the open descriptors plus <paramref name="headroom"/>.</summary>
    public static (int Limit, int Open) LowerTo(int headroom)
    {
        var pending = new Stack<Assembly>(AppDomain.CurrentDomain.GetAssemblies());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (seen.Add(reference.FullName))
                {
                    try
                    {
                        pending.Push(Assembly.Load(reference));
                    }
                    catch (FileNotFoundException)
                    {
                        // A reference the program never uses (a platform-specific facade).
                    }
                }
            }
        }

        var open = Directory.GetFiles("/proc/self/fd").Length - 1; // the listing's own descriptor
        if (GetRlimit(RlimitNofile, out var limit) != 0)
        {
            throw new IOException($"getrlimit failed: errno {Marshal.GetLastPInvokeError()}");
        }

        limit.Current = (ulong)(open + headroom);
        if (SetRlimit(RlimitNofile, in limit) != 0)
        {
            throw new IOException($"setrlimit failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return ((int)limit.Current, open);
    }
}
