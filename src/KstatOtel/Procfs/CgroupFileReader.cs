namespace KstatOtel.Procfs;

/// <summary>Walks the lines of /proc/[pid]/cgroup without allocating.</summary>
internal ref struct CgroupFileReader
{
    private const string Input = ProcfsInputs.Cgroup;
    private ProcfsLineReader _lines;

    public CgroupFileReader(ReadOnlySpan<byte> content)
    {
        _lines = new ProcfsLineReader(content, Input);
    }

    /// <summary>Reads the next line; false at the end. Malformed lines raise <see cref="MalformedInputException"/>.</summary>
    public bool TryReadNext(out CgroupEntry entry)
    {
        if (!_lines.TryReadLine(out var line))
        {
            entry = default;
            return false;
        }

        var offset = _lines.LineOffset;
        var firstColon = line.IndexOf((byte)':');
        if (firstColon <= 0)
        {
            ThrowHelper.ThrowMalformed(Input, "a line without \"hierarchy-ID:\"", offset);
        }

        var id = ProcfsText.ParseInt32(line[..firstColon], Input, "hierarchy-ID", offset);
        if (id < 0)
        {
            ThrowHelper.ThrowMalformed(Input, "a negative hierarchy-ID", offset);
        }

        var rest = line[(firstColon + 1)..];
        var secondColon = rest.IndexOf((byte)':');
        if (secondColon < 0)
        {
            ThrowHelper.ThrowMalformed(Input, "a line without \"controller-list:\"", offset);
        }

        var path = rest[(secondColon + 1)..];
        if (path.IsEmpty || path[0] != (byte)'/')
        {
            ThrowHelper.ThrowMalformed(Input, "a cgroup path that does not start with '/'", offset);
        }

        entry = new CgroupEntry(id, rest[..secondColon], path);
        return true;
    }
}
