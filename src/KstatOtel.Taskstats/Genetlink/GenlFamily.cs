namespace KstatOtel.Taskstats.Genetlink;

/// <summary>A generic netlink family as the controller describes it (CTRL_CMD_NEWFAMILY).</summary>
/// <param name="Id">The dynamic family id to put in nlmsg_type.</param>
/// <param name="Name">The family name, e.g. "TASKSTATS".</param>
/// <param name="Version">The family's protocol version (1 for TASKSTATS; unrelated to the struct taskstats version).</param>
/// <param name="HeaderSize">Bytes of family header after genlmsghdr (0 for TASKSTATS).</param>
/// <param name="MaxAttribute">The highest attribute type of the family's policy (0 when policies are per operation).</param>
/// <param name="Operations">The commands the family implements, with their flags.</param>
/// <param name="MulticastGroups">The family's multicast groups (TASKSTATS has none).</param>
internal sealed record GenlFamily(
    ushort Id,
    string Name,
    uint Version,
    uint HeaderSize,
    uint MaxAttribute,
    IReadOnlyList<GenlOperation> Operations,
    IReadOnlyList<GenlMulticastGroup> MulticastGroups)
{
    /// <summary>The operation with command <paramref name="command"/>, or null when the family lacks it.</summary>
    public GenlOperation? FindOperation(uint command)
    {
        foreach (var op in Operations)
        {
            if (op.Command == command)
            {
                return op;
            }
        }

        return null;
    }
}

/// <summary>One command of a generic netlink family and its GENL_* flags.</summary>
/// <param name="Command">The command number.</param>
/// <param name="Flags">GENL_ADMIN_PERM, GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP, GENL_CMD_CAP_HASPOL, ...</param>
internal readonly record struct GenlOperation(uint Command, uint Flags)
{
    /// <summary>True when the kernel checks CAP_NET_ADMIN (in the initial user namespace) for this command.</summary>
    public bool RequiresAdmin => (Flags & GenlConstants.GENL_ADMIN_PERM) != 0;
}

/// <summary>A multicast group of a generic netlink family.</summary>
/// <param name="Id">The group id to join.</param>
/// <param name="Name">The group name.</param>
internal readonly record struct GenlMulticastGroup(uint Id, string Name);
