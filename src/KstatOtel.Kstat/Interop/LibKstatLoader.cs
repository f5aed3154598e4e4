using System.Runtime.InteropServices;

namespace KstatOtel.Kstat.Interop;

/// <summary>
/// Binds the <c>[LibraryImport("libkstat.so.1")]</c> declarations of <see cref="LibKstat"/> to one library file.
/// The path is, in order: the caller's argument, the environment variable <see cref="PathVariable"/>, then the soname
/// (found by the dynamic linker: /lib/64 on illumos and Solaris amd64). A process binds one libkstat; opening another
/// file once bound is refused, opening the same file again (same dlopen handle) is allowed.
/// </summary>
internal static class LibKstatLoader
{
    /// <summary>The environment variable that points the binding at another libkstat-compatible library.</summary>
    public const string PathVariable = "KSTATOTEL_LIBKSTAT_PATH";

    private static readonly Lock Gate = new();
    private static nint s_handle;
    private static string? s_path;

    /// <summary>The path of the bound library, or null before the first successful bind.</summary>
    public static string? BoundPath
    {
        get
        {
            lock (Gate)
            {
                return s_path;
            }
        }
    }

    /// <summary>The path a call with <paramref name="requestedPath"/> would load: argument, then environment, then soname.</summary>
    public static string ChoosePath(string? requestedPath)
    {
        if (!string.IsNullOrEmpty(requestedPath))
        {
            return requestedPath;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(PathVariable);
        return string.IsNullOrEmpty(fromEnvironment) ? LibKstat.LibraryName : fromEnvironment;
    }

    /// <summary>
    /// Loads the library (unless already bound to the same file) and checks it exports the six libkstat functions the binding uses.
    /// Throws <see cref="PlatformNotSupportedException"/> when it cannot be loaded or is not a libkstat, and
    /// <see cref="InvalidOperationException"/> when this process is already bound to another library file.
    /// </summary>
    public static string Bind(string? requestedPath)
    {
        var path = ChoosePath(requestedPath);
        nint handle;
        try
        {
            handle = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw Unavailable(path, LoaderReason(e.Message));
        }
        catch (BadImageFormatException e)
        {
            throw Unavailable(path, e.Message);
        }

        foreach (var export in LibKstat.ExportNames)
        {
            if (!NativeLibrary.TryGetExport(handle, export, out _))
            {
                NativeLibrary.Free(handle);
                throw Unavailable(path, $"the library does not export {export}, so it is not a libkstat");
            }
        }

        lock (Gate)
        {
            if (s_handle == 0)
            {
                NativeLibrary.SetDllImportResolver(typeof(LibKstatLoader).Assembly, Resolve);
                s_handle = handle;
                s_path = path;
                return path;
            }

            // dlopen of a file already loaded returns the same handle and bumps its count; drop the extra count.
            NativeLibrary.Free(handle);
            if (handle == s_handle)
            {
                return s_path!;
            }

            throw new InvalidOperationException(
                $"This process already uses libkstat from '{s_path}', so '{path}' cannot be used as well: a process binds " +
                $"one libkstat. Open every KstatToken with the same library (or leave the path to {PathVariable}).");
        }
    }

    private static nint Resolve(string libraryName, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LibKstat.LibraryName ? Volatile.Read(ref s_handle) : 0;

    /// <summary>
    /// The dynamic linker's own words from the runtime's message, which wraps them in advice about strace and LD_DEBUG:
    /// "Unable to load shared library 'x' ... environment variable: \nx: cannot open shared object file: ...".
    /// </summary>
    private static string LoaderReason(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 1 ? string.Join("; ", lines.Skip(1)) : message.Trim();
    }

    private static PlatformNotSupportedException Unavailable(string path, string reason)
    {
        var platform = RuntimeInformation.OSDescription.StartsWith("SunOS", StringComparison.Ordinal)
            ? $"libkstat.so.1 ships with the system on {RuntimeInformation.OSDescription}: check that this is a 64-bit process and that /lib/64/libkstat.so.1 exists."
            : $"This system is {RuntimeInformation.OSDescription}.";
        return new PlatformNotSupportedException(
            $"kstat is available on illumos and Solaris only: could not load libkstat from '{path}' ({reason}). {platform} " +
            $"To use a libkstat-compatible library elsewhere (such as the test stand-in), set the environment variable " +
            $"{PathVariable} to its path or pass its path to KstatToken.Open.");
    }
}
