using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace KstatOtel.Procfs;

/// <summary>
/// A task's command name (comm) held inline, without allocating: the raw bytes the kernel reports, which may
/// contain spaces, parentheses, newlines and bytes that are not UTF-8. The kernel formats it into a 64-byte buffer
/// (TASK_COMM_LEN is 16 for user tasks; kernel threads and workqueue workers get longer names), so at most 63 bytes.
/// </summary>
internal struct TaskComm : IEquatable<TaskComm>
{
    /// <summary>The most bytes a comm can hold.</summary>
    public const int Capacity = 64;

    private Buffer _bytes;
    private byte _length;

    /// <summary>Number of bytes in the name.</summary>
    public readonly int Length => _length;

    /// <summary>The raw bytes of the name.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Span => ((ReadOnlySpan<byte>)_bytes)[.._length];

    /// <summary>Copies <paramref name="bytes"/>; false when they do not fit <see cref="Capacity"/>.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> bytes, out TaskComm comm)
    {
        comm = default;
        if (bytes.Length > Capacity)
        {
            return false;
        }

        bytes.CopyTo(comm._bytes);
        comm._length = (byte)bytes.Length;
        return true;
    }

    /// <summary>
    /// Copies <paramref name="escaped"/> while undoing the escaping of the status file's Name line ("\n" for a
    /// newline, "\\" for a backslash, and the other ESCAPE_SPACE/ESCAPE_SPECIAL forms); false when the result does
    /// not fit <see cref="Capacity"/>. An unknown escape is kept as it is.
    /// </summary>
    public static bool TryCreateUnescaped(ReadOnlySpan<byte> escaped, out TaskComm comm)
    {
        comm = default;
        Span<byte> target = comm._bytes;
        var length = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            var b = escaped[i];
            if (b == (byte)'\\' && i + 1 < escaped.Length)
            {
                var decoded = escaped[i + 1] switch
                {
                    (byte)'n' => (byte)'\n',
                    (byte)'t' => (byte)'\t',
                    (byte)'r' => (byte)'\r',
                    (byte)'f' => (byte)'\f',
                    (byte)'v' => (byte)'\v',
                    (byte)'e' => (byte)0x1b,
                    (byte)'\\' => (byte)'\\',
                    (byte)'"' => (byte)'"',
                    _ => (byte)0,
                };
                if (decoded != 0)
                {
                    b = decoded;
                    i++;
                }
            }

            if (length == Capacity)
            {
                return false;
            }

            target[length++] = b;
        }

        comm._length = (byte)length;
        return true;
    }

    /// <summary>True when the name is exactly <paramref name="bytes"/>.</summary>
    public readonly bool SequenceEqual(ReadOnlySpan<byte> bytes) => Span.SequenceEqual(bytes);

    public readonly bool Equals(TaskComm other) => Span.SequenceEqual(other.Span);

    public override readonly bool Equals(object? obj) => obj is TaskComm other && Equals(other);

    public override readonly int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>The name decoded as UTF-8 (invalid bytes become U+FFFD). Allocates.</summary>
    public override readonly string ToString() => Encoding.UTF8.GetString(Span);

    public static bool operator ==(TaskComm left, TaskComm right) => left.Equals(right);

    public static bool operator !=(TaskComm left, TaskComm right) => !left.Equals(right);

    [InlineArray(Capacity)]
    private struct Buffer
    {
        private byte _element0;
    }
}
