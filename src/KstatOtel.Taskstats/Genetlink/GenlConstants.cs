namespace KstatOtel.Taskstats.Genetlink;

/// <summary>Constants of generic netlink and its controller family (linux/genetlink.h).</summary>
internal static class GenlConstants
{
    /// <summary>sizeof(struct genlmsghdr): cmd, version, reserved u16.</summary>
    internal const int HeaderSize = 4;

    /// <summary>The controller family's fixed id (GENL_ID_CTRL).</summary>
    internal const ushort GENL_ID_CTRL = 0x10;

    internal const byte CTRL_CMD_NEWFAMILY = 1;
    internal const byte CTRL_CMD_GETFAMILY = 3;

    /// <summary>The controller protocol version this package speaks.</summary>
    internal const byte CTRL_VERSION = 1;

    internal const ushort CTRL_ATTR_FAMILY_ID = 1;
    internal const ushort CTRL_ATTR_FAMILY_NAME = 2;
    internal const ushort CTRL_ATTR_VERSION = 3;
    internal const ushort CTRL_ATTR_HDRSIZE = 4;
    internal const ushort CTRL_ATTR_MAXATTR = 5;
    internal const ushort CTRL_ATTR_OPS = 6;
    internal const ushort CTRL_ATTR_MCAST_GROUPS = 7;

    internal const ushort CTRL_ATTR_OP_ID = 1;
    internal const ushort CTRL_ATTR_OP_FLAGS = 2;

    internal const ushort CTRL_ATTR_MCAST_GRP_NAME = 1;
    internal const ushort CTRL_ATTR_MCAST_GRP_ID = 2;

    /// <summary>GENL_ADMIN_PERM: the operation needs CAP_NET_ADMIN.</summary>
    internal const uint GENL_ADMIN_PERM = 0x01;
    internal const uint GENL_CMD_CAP_DO = 0x02;
    internal const uint GENL_CMD_CAP_DUMP = 0x04;
    internal const uint GENL_CMD_CAP_HASPOL = 0x08;
    internal const uint GENL_UNS_ADMIN_PERM = 0x10;
}
