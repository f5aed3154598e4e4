using System.Globalization;

namespace KstatOtel.Taskstats.Genetlink;

/// <summary>Decodes the controller's CTRL_CMD_NEWFAMILY reply: a pure function of the bytes after genlmsghdr.</summary>
internal static class GenlFamilyDecoder
{
    /// <summary>Decodes the family attributes; the id and the name are required, everything else is optional.</summary>
    public static GenlFamily Decode(ReadOnlySpan<byte> attributes)
    {
        ushort? id = null;
        string? name = null;
        uint version = 0, headerSize = 0, maxAttribute = 0;
        var operations = new List<GenlOperation>();
        var groups = new List<GenlMulticastGroup>();

        var reader = new Netlink.NetlinkAttributeReader(attributes, "the family reply");
        while (reader.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case GenlConstants.CTRL_ATTR_FAMILY_ID:
                    id = attribute.GetUInt16("CTRL_ATTR_FAMILY_ID");
                    break;
                case GenlConstants.CTRL_ATTR_FAMILY_NAME:
                    name = attribute.GetString();
                    break;
                case GenlConstants.CTRL_ATTR_VERSION:
                    version = attribute.GetUInt32("CTRL_ATTR_VERSION");
                    break;
                case GenlConstants.CTRL_ATTR_HDRSIZE:
                    headerSize = attribute.GetUInt32("CTRL_ATTR_HDRSIZE");
                    break;
                case GenlConstants.CTRL_ATTR_MAXATTR:
                    maxAttribute = attribute.GetUInt32("CTRL_ATTR_MAXATTR");
                    break;
                case GenlConstants.CTRL_ATTR_OPS:
                    DecodeOperations(attribute, operations);
                    break;
                case GenlConstants.CTRL_ATTR_MCAST_GROUPS:
                    DecodeGroups(attribute, groups);
                    break;
                default:
                    break; // Newer controller attributes (policies, ...) are not needed here.
            }
        }

        if (id is null || id.Value < Netlink.NetlinkConstants.NLMSG_MIN_TYPE)
        {
            ThrowHelper.ThrowProtocol(id is null
                ? "The family reply has no CTRL_ATTR_FAMILY_ID."
                : string.Create(CultureInfo.InvariantCulture, $"The family reply gives family id {id.Value}, which is a reserved netlink message type."));
        }

        if (name is null)
        {
            ThrowHelper.ThrowProtocol("The family reply has no CTRL_ATTR_FAMILY_NAME.");
        }

        return new GenlFamily(id.Value, name, version, headerSize, maxAttribute, operations, groups);
    }

    private static void DecodeOperations(Netlink.NetlinkAttribute attribute, List<GenlOperation> operations)
    {
        var ops = attribute.GetNested("CTRL_ATTR_OPS");
        while (ops.TryRead(out var op))
        {
            uint? command = null;
            uint flags = 0;
            var fields = op.GetNested("a CTRL_ATTR_OPS entry");
            while (fields.TryRead(out var field))
            {
                switch (field.Type)
                {
                    case GenlConstants.CTRL_ATTR_OP_ID:
                        command = field.GetUInt32("CTRL_ATTR_OP_ID");
                        break;
                    case GenlConstants.CTRL_ATTR_OP_FLAGS:
                        flags = field.GetUInt32("CTRL_ATTR_OP_FLAGS");
                        break;
                    default:
                        break;
                }
            }

            if (command is null)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"The CTRL_ATTR_OPS entry at offset {op.Offset} has no CTRL_ATTR_OP_ID."));
            }

            operations.Add(new GenlOperation(command.Value, flags));
        }
    }

    private static void DecodeGroups(Netlink.NetlinkAttribute attribute, List<GenlMulticastGroup> groups)
    {
        var entries = attribute.GetNested("CTRL_ATTR_MCAST_GROUPS");
        while (entries.TryRead(out var entry))
        {
            uint? id = null;
            string? name = null;
            var fields = entry.GetNested("a CTRL_ATTR_MCAST_GROUPS entry");
            while (fields.TryRead(out var field))
            {
                switch (field.Type)
                {
                    case GenlConstants.CTRL_ATTR_MCAST_GRP_ID:
                        id = field.GetUInt32("CTRL_ATTR_MCAST_GRP_ID");
                        break;
                    case GenlConstants.CTRL_ATTR_MCAST_GRP_NAME:
                        name = field.GetString();
                        break;
                    default:
                        break;
                }
            }

            if (id is null || name is null)
            {
                ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                    $"The CTRL_ATTR_MCAST_GROUPS entry at offset {entry.Offset} lacks its id or its name."));
            }

            groups.Add(new GenlMulticastGroup(id.Value, name));
        }
    }
}
