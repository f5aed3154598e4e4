using KstatOtel.Taskstats.Interop;
using KstatOtel.Taskstats.Netlink;

namespace KstatOtel.Taskstats.Genetlink;

/// <summary>Looks a generic netlink family up by name through the controller (CTRL_CMD_GETFAMILY).</summary>
internal static class GenlFamilyResolver
{
    /// <summary>
    /// Asks the controller for <paramref name="name"/>. Returns null when the kernel has no such family (ENOENT);
    /// other errors throw <see cref="TaskstatsException"/>.
    /// </summary>
    public static GenlFamily? Resolve(NetlinkConnection connection, string name)
    {
        var builder = connection.BeginRequest(GenlConstants.GENL_ID_CTRL, 0);
        Span<byte> genl = stackalloc byte[GenlConstants.HeaderSize];
        new GenlHeader(GenlConstants.CTRL_CMD_GETFAMILY, GenlConstants.CTRL_VERSION).Write(genl);
        builder.AppendRaw(genl);
        builder.AddString(GenlConstants.CTRL_ATTR_FAMILY_NAME, name);

        var handler = new FamilyHandler();
        var operation = $"Looking up the generic netlink family {name}";
        var errno = connection.Execute(builder.Finish(), ref handler, operation);
        if (errno == Errno.ENOENT)
        {
            return null;
        }

        if (errno != 0)
        {
            ThrowHelper.ThrowErrno(errno, operation);
        }

        if (handler.Family is null)
        {
            ThrowHelper.ThrowProtocol($"{operation}: the controller's reply carries no family.");
        }

        if (!string.Equals(handler.Family.Name, name, StringComparison.Ordinal))
        {
            ThrowHelper.ThrowProtocol($"{operation}: the controller answered with the family {handler.Family.Name}.");
        }

        return handler.Family;
    }

    private struct FamilyHandler : INetlinkReplyHandler
    {
        public GenlFamily? Family;

        public void OnMessage(NetlinkMessage message)
        {
            if (message.Header.Type != GenlConstants.GENL_ID_CTRL)
            {
                ThrowHelper.ThrowProtocol($"The family reply at offset {message.Offset} has message type {message.Header.Type}, not the controller's {GenlConstants.GENL_ID_CTRL}.");
            }

            var header = GenlHeader.Read(message.Payload, message.Offset, out var attributes);
            if (header.Command != GenlConstants.CTRL_CMD_NEWFAMILY)
            {
                ThrowHelper.ThrowProtocol($"The family reply at offset {message.Offset} has command {header.Command}, not CTRL_CMD_NEWFAMILY ({GenlConstants.CTRL_CMD_NEWFAMILY}).");
            }

            Family = GenlFamilyDecoder.Decode(attributes);
        }
    }
}
