using System.Text;

namespace KstatOtel.Procfs;

/// <summary>Walks the lines of /proc/[pid]/mountinfo without allocating.</summary>
internal ref struct MountInfoReader
{
    private const string Input = ProcfsInputs.MountInfo;
    private ProcfsLineReader _lines;

    public MountInfoReader(ReadOnlySpan<byte> content)
    {
        _lines = new ProcfsLineReader(content, Input);
    }

    /// <summary>Reads the next line; false at the end. Malformed lines raise <see cref="MalformedInputException"/>.</summary>
    public bool TryReadNext(out MountInfoEntry entry)
    {
        if (!_lines.TryReadLine(out var line))
        {
            entry = default;
            return false;
        }

        var offset = _lines.LineOffset;
        var rest = line;
        var mountId = ProcfsText.ParseInt32(NextField(ref rest, "mount ID", offset), Input, "mount ID", offset);
        var parentId = ProcfsText.ParseInt32(NextField(ref rest, "parent ID", offset), Input, "parent ID", offset);
        var device = NextField(ref rest, "major:minor", offset);
        var colon = device.IndexOf((byte)':');
        if (colon <= 0)
        {
            ThrowHelper.ThrowMalformed(Input, "major:minor without ':'", offset);
        }

        var major = ProcfsText.ParseUInt32(device[..colon], Input, "major", offset);
        var minor = ProcfsText.ParseUInt32(device[(colon + 1)..], Input, "minor", offset);
        var root = NextField(ref rest, "root", offset);
        var mountPoint = NextField(ref rest, "mount point", offset);
        var mountOptions = NextField(ref rest, "mount options", offset);

        ReadOnlySpan<byte> optional = default;
        if (rest.StartsWith("- "u8))
        {
            rest = rest[2..];
        }
        else
        {
            var separator = rest.IndexOf(" - "u8);
            if (separator < 0)
            {
                ThrowHelper.ThrowMalformed(Input, "no \" - \" separator before the filesystem type", offset);
            }

            optional = rest[..separator];
            rest = rest[(separator + 3)..];
        }

        var fsType = NextField(ref rest, "filesystem type", offset);
        var source = NextField(ref rest, "mount source", offset, allowEmpty: true);
        var superOptions = rest;
        if (superOptions.IsEmpty || superOptions.IndexOf((byte)' ') >= 0)
        {
            ThrowHelper.ThrowMalformed(Input, "super options missing or followed by more fields", offset);
        }

        entry = new MountInfoEntry
        {
            MountId = mountId,
            ParentId = parentId,
            Major = major,
            Minor = minor,
            Root = root,
            MountPoint = mountPoint,
            MountOptions = mountOptions,
            OptionalFields = optional,
            FsType = fsType,
            Source = source,
            SuperOptions = superOptions,
        };
        return true;
    }

    /// <summary>
    /// Decodes a root or mount point: the kernel writes space, tab, newline and backslash as \040, \011, \012 and
    /// \134. Any other byte is kept; the result is UTF-8 decoded (invalid bytes become U+FFFD). Allocates.
    /// </summary>
    public static string DecodePath(ReadOnlySpan<byte> escaped)
    {
        Span<byte> buffer = escaped.Length <= 512 ? stackalloc byte[escaped.Length] : new byte[escaped.Length];
        var length = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == (byte)'\\' && i + 3 < escaped.Length && IsOctal(escaped[i + 1]) && IsOctal(escaped[i + 2]) && IsOctal(escaped[i + 3]))
            {
                var value = ((escaped[i + 1] - '0') * 64) + ((escaped[i + 2] - '0') * 8) + (escaped[i + 3] - '0');
                if (value <= 0xff)
                {
                    buffer[length++] = (byte)value;
                    i += 3;
                    continue;
                }
            }

            buffer[length++] = escaped[i];
        }

        return Encoding.UTF8.GetString(buffer[..length]);
    }

    private static bool IsOctal(byte b) => b is >= (byte)'0' and <= (byte)'7';

    private static ReadOnlySpan<byte> NextField(scoped ref ReadOnlySpan<byte> rest, string field, int offset, bool allowEmpty = false)
    {
        var space = rest.IndexOf((byte)' ');
        if (space < 0 || (space == 0 && !allowEmpty))
        {
            ThrowHelper.ThrowMalformed(Input, $"{field} missing", offset);
        }

        var value = rest[..space];
        rest = rest[(space + 1)..];
        return value;
    }
}
