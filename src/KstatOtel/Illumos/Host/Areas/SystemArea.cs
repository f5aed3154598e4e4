namespace KstatOtel.Illumos.Host;

/// <summary>Load averages and uptime of one refresh.</summary>
internal sealed class SystemArea
{
    public bool HasLoad1;
    public double Load1;
    public bool HasLoad5;
    public double Load5;
    public bool HasLoad15;
    public double Load15;
    public bool HasUptime;
    public double Uptime;

    public void CopyFrom(SystemArea other)
    {
        HasLoad1 = other.HasLoad1;
        Load1 = other.Load1;
        HasLoad5 = other.HasLoad5;
        Load5 = other.Load5;
        HasLoad15 = other.HasLoad15;
        Load15 = other.Load15;
        HasUptime = other.HasUptime;
        Uptime = other.Uptime;
    }
}
