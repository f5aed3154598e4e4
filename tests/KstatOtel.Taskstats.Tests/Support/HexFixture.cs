using System.Globalization;
using KstatOtel.Testing;

namespace KstatOtel.Taskstats.Tests.Support;

/// <summary>A datagram recorded from the kernel into tests/fixtures/taskstats/*.hex by tests/native/taskstats-helpers/ts-record.</summary>
internal sealed class HexFixture
{
    private HexFixture(string name, byte[] bytes, uint port, uint sequence, string description)
    {
        Name = name;
        Bytes = bytes;
        Port = port;
        Sequence = sequence;
        Description = description;
    }

    public string Name { get; }

    public byte[] Bytes { get; }

    /// <summary>The recording socket's port id (replies carry it in nlmsg_pid).</summary>
    public uint Port { get; }

    /// <summary>The request's sequence number (or, for exit messages, the kernel's per-CPU counter).</summary>
    public uint Sequence { get; }

    public string Description { get; }

    public static HexFixture Load(string name)
    {
        var path = RepoPaths.Combine("tests", "fixtures", "taskstats", name);
        var bytes = new List<byte>();
        uint port = 0, sequence = 0;
        int? declared = null;
        string description = string.Empty;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#'))
            {
                var text = line.TrimStart('#', ' ');
                if (description.Length == 0)
                {
                    description = text;
                }

                if (text.StartsWith("port: ", StringComparison.Ordinal))
                {
                    port = uint.Parse(text[6..], CultureInfo.InvariantCulture);
                }
                else if (text.StartsWith("seq: ", StringComparison.Ordinal))
                {
                    sequence = uint.Parse(text[5..], CultureInfo.InvariantCulture);
                }
                else if (text.StartsWith("bytes: ", StringComparison.Ordinal))
                {
                    declared = int.Parse(text[7..], CultureInfo.InvariantCulture);
                }

                continue;
            }

            foreach (var pair in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                bytes.Add(byte.Parse(pair, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        if (declared != bytes.Count)
        {
            throw new InvalidDataException($"{name}: header says {declared} bytes, file holds {bytes.Count}.");
        }

        return new HexFixture(name, bytes.ToArray(), port, sequence, description);
    }

    /// <summary>A copy with nlmsg_seq and nlmsg_pid of the first message replaced, to answer a request of a fake kernel.</summary>
    public byte[] AsReplyTo(uint sequence, uint port) => Wire.Readdress(Bytes, sequence, port);
}
