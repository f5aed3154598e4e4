using System.Diagnostics;
using System.Globalization;

namespace KstatOtel.Testing.Reliability;

/// <summary>
/// What a process holds at one moment: managed heap (live bytes after a full, compacting collection when asked),
/// resident set size, open descriptors and threads, read from the process itself and /proc/self.
/// </summary>
/// <param name="Seconds">Seconds since the sampling started.</param>
/// <param name="HeapBytes">Managed heap in use.</param>
/// <param name="RssBytes">Resident set size (VmRSS).</param>
/// <param name="Descriptors">Open file descriptors (entries of /proc/self/fd).</param>
/// <param name="Threads">Threads of the process (Threads: in /proc/self/status).</param>
public readonly record struct ResourceSample(double Seconds, long HeapBytes, long RssBytes, int Descriptors, int Threads)
{
    /// <summary>Samples the current process; <paramref name="collect"/> forces a full blocking collection first, so that the heap figure is live data, not garbage.</summary>
    public static ResourceSample Take(Stopwatch since, bool collect = true)
    {
        if (collect)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        long rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        var descriptors = Directory.GetFiles("/proc/self/fd").Length;
        return new ResourceSample(since.Elapsed.TotalSeconds, GC.GetTotalMemory(forceFullCollection: false), rss, descriptors, threads);
    }
}

/// <summary>A least-squares line through (x, y) points: the slope and how well it fits.</summary>
public readonly record struct LinearFit(double Slope, double Intercept, double StandardError, int Points)
{
    /// <summary>Fits y = Slope * x + Intercept; <see cref="StandardError"/> is the slope's standard error.</summary>
    public static LinearFit Of(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = x.Count;
        if (n < 3)
        {
            throw new ArgumentException("A fit needs at least three points.", nameof(x));
        }

        double meanX = x.Average(), meanY = y.Average(), sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            sxy += (x[i] - meanX) * (y[i] - meanY);
        }

        var slope = sxy / sxx;
        var intercept = meanY - (slope * meanX);
        double residuals = 0;
        for (var i = 0; i < n; i++)
        {
            var r = y[i] - ((slope * x[i]) + intercept);
            residuals += r * r;
        }

        var standardError = Math.Sqrt(residuals / (n - 2) / sxx);
        return new LinearFit(slope, intercept, standardError, n);
    }
}
