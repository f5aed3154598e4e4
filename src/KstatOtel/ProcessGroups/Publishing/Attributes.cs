namespace KstatOtel.ProcessGroups.Publishing;

/// <summary>The attribute keys and values of the process-group instruments.</summary>
internal static class Attributes
{
    /// <summary>The group name, rendered from the definition's template.</summary>
    public const string GroupName = "kstatotel.process_group.name";

    public const string CpuMode = "cpu.mode";
    public const string DiskIoDirection = "disk.io.direction";
    public const string FaultType = "system.paging.fault.type";
    public const string ContextSwitchType = "process.context_switch.type";
    public const string DelayKind = "kstatotel.delay.kind";
    public const string ProcessState = "kstatotel.process.state";
    public const string ThreadName = "thread.name";
    public const string WaitChannel = "kstatotel.thread.wait_channel";
    public const string ErrorType = "error.type";

    /// <summary>The values of <see cref="ProcessState"/>, indexed by <see cref="Tracking.ProcessStates"/>.</summary>
    public static readonly string[] States = ["running", "sleeping", "disk_wait", "zombie", "other"];
}
