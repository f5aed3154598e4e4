using System.Diagnostics;
using System.Text;

namespace KstatOtel.Tests.Procfs;

/// <summary>Reads real procfs files and builds crafted ones for the parser tests.</summary>
internal static class ProcfsTestFiles
{
    /// <summary>The whole content of a real procfs file (File.ReadAllBytes reads until the end).</summary>
    public static byte[] Read(string path) => File.ReadAllBytes(path);

    public static byte[] Self(string file) => Read("/proc/self/" + file);

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>A real stat line with its comm replaced by <paramref name="comm"/> (raw bytes).</summary>
    public static byte[] StatWithComm(ReadOnlySpan<byte> comm)
    {
        var real = Self("stat");
        var open = Array.IndexOf(real, (byte)'(');
        var close = Array.LastIndexOf(real, (byte)')');
        return [.. real.AsSpan(0, open + 1), .. comm, .. real.AsSpan(close)];
    }

    /// <summary>The typical stat line of this kernel (52 fields) with chosen values.</summary>
    public static string StatLine(string comm = "cat", string state = "R", string utime = "7", string rss = "407", int fieldCount = 52)
    {
        var fields = new List<string>
        {
            "6900", $"({comm})", state, "6893", "6893", "4426", "0", "-1", "4194304", "99", "0", "0", "0", utime, "3", "0", "0", "20", "0", "1", "0",
            "38872", "3133440", rss, "18446744073709551615", "94476544618496", "94476544638377", "140729019164688", "0", "0", "0", "0", "0", "0",
            "0", "0", "0", "17", "1", "0", "0", "12", "0", "0", "94476544654384", "94476544656000", "94477016133632", "140729019173151",
            "140729019173171", "140729019173171", "140729019174891", "0",
        };
        return string.Join(' ', fields.Take(fieldCount)) + "\n";
    }

    /// <summary>Starts "sleep 1000" and returns it (kill it in a finally).</summary>
    public static Process StartSleeper(string seconds = "1000") =>
        Process.Start(new ProcessStartInfo("sleep", seconds) { UseShellExecute = false })
        ?? throw new InvalidOperationException("could not start sleep");

    /// <summary>Waits until <paramref name="condition"/> holds, up to <paramref name="timeout"/>.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(10);
        }

        return condition();
    }
}
