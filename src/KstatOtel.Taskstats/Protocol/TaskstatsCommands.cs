namespace KstatOtel.Taskstats.Protocol;

/// <summary>Commands and attribute types of the TASKSTATS family (linux/taskstats.h, linux/cgroupstats.h).</summary>
internal static class TaskstatsCommands
{
    internal const string FamilyName = "TASKSTATS";

    /// <summary>TASKSTATS_GENL_VERSION: the family's protocol version, put in genlmsghdr.version.</summary>
    internal const byte GenlVersion = 1;

    internal const byte TASKSTATS_CMD_GET = 1;
    internal const byte TASKSTATS_CMD_NEW = 2;
    internal const byte CGROUPSTATS_CMD_GET = 4;
    internal const byte CGROUPSTATS_CMD_NEW = 5;

    internal const ushort TASKSTATS_CMD_ATTR_PID = 1;
    internal const ushort TASKSTATS_CMD_ATTR_TGID = 2;
    internal const ushort TASKSTATS_CMD_ATTR_REGISTER_CPUMASK = 3;
    internal const ushort TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK = 4;

    internal const ushort TASKSTATS_TYPE_PID = 1;
    internal const ushort TASKSTATS_TYPE_TGID = 2;
    internal const ushort TASKSTATS_TYPE_STATS = 3;
    internal const ushort TASKSTATS_TYPE_AGGR_PID = 4;
    internal const ushort TASKSTATS_TYPE_AGGR_TGID = 5;
    internal const ushort TASKSTATS_TYPE_NULL = 6;

    internal const ushort CGROUPSTATS_CMD_ATTR_FD = 1;
    internal const ushort CGROUPSTATS_TYPE_CGROUP_STATS = 1;
}
