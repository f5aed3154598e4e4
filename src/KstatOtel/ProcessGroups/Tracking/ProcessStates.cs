namespace KstatOtel.ProcessGroups.Tracking;

/// <summary>The run states the groups count processes in, from the state letter of /proc/PID/stat.</summary>
internal static class ProcessStates
{
    public const int Running = 0;
    public const int Sleeping = 1;
    public const int DiskWait = 2;
    public const int Zombie = 3;
    public const int Other = 4;
    public const int Count = 5;

    /// <summary>
    /// R is running; S (interruptible sleep) and I (idle kernel thread) are sleeping; D (uninterruptible, usually
    /// disk) is disk wait; Z is zombie; everything else (T, t, X, P, ...) is other.
    /// </summary>
    public static int FromLetter(byte letter) => letter switch
    {
        (byte)'R' => Running,
        (byte)'S' or (byte)'I' => Sleeping,
        (byte)'D' => DiskWait,
        (byte)'Z' => Zombie,
        _ => Other,
    };
}
