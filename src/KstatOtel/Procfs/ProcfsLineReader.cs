namespace KstatOtel.Procfs;

/// <summary>
/// Walks the '\n'-terminated lines of a procfs text file without allocating. The kernel terminates every line, so
/// a last line without '\n' means the content was cut short: that raises <see cref="MalformedInputException"/>.
/// </summary>
internal ref struct ProcfsLineReader
{
    private readonly ReadOnlySpan<byte> _content;
    private readonly string _input;
    private int _position;

    public ProcfsLineReader(ReadOnlySpan<byte> content, string input)
    {
        _content = content;
        _input = input;
        _position = 0;
    }

    /// <summary>The byte offset, in the whole content, of the line last returned.</summary>
    public int LineOffset { get; private set; }

    /// <summary>Returns the next line without its '\n', or false at the end of the content.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        if (_position >= _content.Length)
        {
            line = default;
            return false;
        }

        var rest = _content[_position..];
        var newline = rest.IndexOf((byte)'\n');
        if (newline < 0)
        {
            ThrowHelper.ThrowMalformed(_input, "the last line has no terminating newline (truncated content)", _position);
        }

        LineOffset = _position;
        line = rest[..newline];
        _position += newline + 1;
        return true;
    }
}
