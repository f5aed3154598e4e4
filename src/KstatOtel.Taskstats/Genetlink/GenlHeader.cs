using System.Globalization;

namespace KstatOtel.Taskstats.Genetlink;

/// <summary>struct genlmsghdr: the command and family protocol version at the start of a generic netlink payload.</summary>
internal readonly struct GenlHeader
{
    public GenlHeader(byte command, byte version)
    {
        Command = command;
        Version = version;
    }

    public byte Command { get; }

    public byte Version { get; }

    /// <summary>Splits a netlink payload into its genlmsghdr and the attributes after it.</summary>
    public static GenlHeader Read(ReadOnlySpan<byte> payload, int messageOffset, out ReadOnlySpan<byte> attributes)
    {
        if (payload.Length < GenlConstants.HeaderSize)
        {
            ThrowHelper.ThrowProtocol(string.Create(CultureInfo.InvariantCulture,
                $"The generic netlink message at offset {messageOffset} has a {payload.Length}-byte payload; its genlmsghdr alone needs {GenlConstants.HeaderSize}."));
        }

        attributes = payload.Slice(GenlConstants.HeaderSize);
        return new GenlHeader(payload[0], payload[1]);
    }

    /// <summary>The 4 bytes of this header, for a request.</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = Command;
        destination[1] = Version;
        destination[2] = 0;
        destination[3] = 0;
    }
}
