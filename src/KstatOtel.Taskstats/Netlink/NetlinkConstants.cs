namespace KstatOtel.Taskstats.Netlink;

/// <summary>Constants of the netlink wire format (linux/netlink.h).</summary>
internal static class NetlinkConstants
{
    /// <summary>sizeof(struct nlmsghdr).</summary>
    internal const int MessageHeaderSize = 16;

    /// <summary>sizeof(struct nlattr).</summary>
    internal const int AttributeHeaderSize = 4;

    /// <summary>NLMSG_ALIGNTO and NLA_ALIGNTO.</summary>
    internal const int Alignment = 4;

    internal const ushort NLMSG_NOOP = 1;
    internal const ushort NLMSG_ERROR = 2;
    internal const ushort NLMSG_DONE = 3;
    internal const ushort NLMSG_OVERRUN = 4;

    /// <summary>Message types below this are netlink control messages, not family data.</summary>
    internal const ushort NLMSG_MIN_TYPE = 0x10;

    internal const ushort NLM_F_REQUEST = 0x1;
    internal const ushort NLM_F_MULTI = 0x2;
    internal const ushort NLM_F_ACK = 0x4;
    internal const ushort NLM_F_DUMP_INTR = 0x10;

    internal const ushort NLA_F_NESTED = 0x8000;
    internal const ushort NLA_F_NET_BYTEORDER = 0x4000;
    internal const ushort NLA_TYPE_MASK = 0x3FFF;

    /// <summary>Rounds <paramref name="length"/> up to the 4-byte netlink alignment.</summary>
    internal static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);
}
