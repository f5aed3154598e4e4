namespace KstatOtel.Taskstats.Protocol;

/// <summary>CPU lists in the kernel's cpulist syntax ("0-3,5"), as REGISTER_CPUMASK takes them.</summary>
internal static class CpuList
{
    /// <summary>Where the kernel lists the CPUs that can ever be online.</summary>
    internal const string PossiblePath = "/sys/devices/system/cpu/possible";

    /// <summary>The possible CPUs ("0-1" on a 2-CPU machine), read from sysfs; "0" with a warning-free fallback to the processor count when sysfs is unreadable.</summary>
    public static string ReadPossible()
    {
        try
        {
            var text = File.ReadAllText(PossiblePath).Trim();
            if (text.Length > 0 && IsWellFormed(text))
            {
                return text;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        var count = Environment.ProcessorCount;
        return count <= 1 ? "0" : "0-" + (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// True when <paramref name="list"/> is a comma-separated list of CPU numbers and ranges ("0-3,5", or with the
    /// kernel's stride form "0-7:2/4"). The kernel still decides whether the CPUs exist.
    /// </summary>
    public static bool IsWellFormed(string list)
    {
        if (list.Length == 0)
        {
            return false;
        }

        foreach (var part in list.Split(','))
        {
            if (part.Length == 0)
            {
                return false;
            }

            var range = part;
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                var stride = part[(colon + 1)..].Split('/');
                if (stride.Length != 2 || !IsNumber(stride[0]) || !IsNumber(stride[1]))
                {
                    return false;
                }

                range = part[..colon];
            }

            var bounds = range.Split('-');
            if (bounds.Length > 2 || !bounds.All(IsNumber))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNumber(string text) => text.Length is > 0 and <= 7 && text.All(char.IsAsciiDigit);
}
