using System.Text;

namespace KstatOtel.Testing.Fuzzing;

/// <summary>
/// A seeded generator of byte inputs for decoder property tests (FsCheck and SharpFuzz are not available): random
/// byte strings, and mutations of real inputs (bit flips, interesting bytes, inserted and deleted runs, truncation,
/// duplicated and swapped regions, lines spliced from another seed, extreme numbers in text, and for binary
/// formats little-endian integers overwritten with lengths and counts that lie, and regions of another seed copied
/// over), plus any mutations of the caller's own (a struct version byte, two messages in one datagram). The same
/// seed gives the same sequence, so a failure names the seed and the index that reproduce it.
/// </summary>
public sealed class ByteInputGenerator
{
    private static readonly byte[] InterestingBytes = "\0\n\r\t ():-,/\\%0123456789kBx\u007f"u8.ToArray().Concat(new byte[] { 0x80, 0xc3, 0xff, 0xfe }).ToArray();

    private static readonly byte[][] InterestingTokens =
    [
        "18446744073709551615"u8.ToArray(),
        "18446744073709551616"u8.ToArray(),
        "99999999999999999999999999"u8.ToArray(),
        "-9223372036854775808"u8.ToArray(),
        "-9223372036854775809"u8.ToArray(),
        "2147483648"u8.ToArray(),
        "-1"u8.ToArray(),
        "-"u8.ToArray(),
        "0"u8.ToArray(),
        "unlimited"u8.ToArray(),
        " kB"u8.ToArray(),
        ")"u8.ToArray(),
        " ("u8.ToArray(),
        ": "u8.ToArray(),
        "\\040"u8.ToArray(),
        " - "u8.ToArray(),
        "\n\n"u8.ToArray(),
    ];

    private readonly Random _random;
    private readonly byte[][] _seeds;
    private readonly Action<Random, List<byte>>[] _extraMutations;

    /// <param name="seed">The random seed.</param>
    /// <param name="seeds">Real (valid) inputs to mutate; at least one.</param>
    /// <param name="extraMutations">Mutations that know the format, picked as often as each built-in one.</param>
    public ByteInputGenerator(int seed, IReadOnlyList<byte[]> seeds, IReadOnlyList<Action<Random, List<byte>>>? extraMutations = null)
    {
        if (seeds.Count == 0)
        {
            throw new ArgumentException("At least one seed input is needed.", nameof(seeds));
        }

        _random = new Random(seed);
        _seeds = seeds.ToArray();
        _extraMutations = extraMutations?.ToArray() ?? [];
    }

    /// <summary>Inputs from random bytes so far (the rest are mutations of seeds).</summary>
    public int RandomInputs { get; private set; }

    /// <summary>Inputs that are mutations of seeds so far.</summary>
    public int MutatedInputs { get; private set; }

    /// <summary>The next input: about one in eight is random bytes, the rest mutate a seed one to four times.</summary>
    public byte[] Next()
    {
        if (_random.Next(8) == 0)
        {
            RandomInputs++;
            var bytes = new byte[_random.Next(0, 600)];
            if (_random.Next(2) == 0)
            {
                _random.NextBytes(bytes);
            }
            else
            {
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                }
            }

            return bytes;
        }

        MutatedInputs++;
        var input = new List<byte>(_seeds[_random.Next(_seeds.Length)]);
        var mutations = 1 + _random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            Mutate(input);
        }

        return input.ToArray();
    }

    /// <summary>
    /// Formats an input for a failure message: printable ASCII kept, other bytes as \xNN; the first 1,024 bytes (the
    /// seed and index in the message replay the whole input).
    /// </summary>
    public static string Describe(byte[] input)
    {
        const int shown = 1024;
        var text = new StringBuilder(Math.Min(input.Length, shown) + 64);
        foreach (var b in input.AsSpan(0, Math.Min(input.Length, shown)))
        {
            if (b is >= 0x20 and < 0x7f && b != (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(b switch { (byte)'\n' => "\\n", (byte)'\\' => "\\\\", _ => $"\\x{b:x2}" });
            }
        }

        if (input.Length > shown)
        {
            text.Append($"... ({input.Length - shown} more bytes)");
        }

        return text.ToString();
    }

    private void Mutate(List<byte> input)
    {
        var position = input.Count == 0 ? 0 : _random.Next(input.Count);
        var pick = _random.Next(13 + _extraMutations.Length);
        if (pick >= 13)
        {
            _extraMutations[pick - 13](_random, input);
            return;
        }

        switch (pick)
        {
            case 0 when input.Count > 0:
                input[position] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when input.Count > 0:
                input[position] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                break;
            case 2:
                input.Insert(position, InterestingBytes[_random.Next(InterestingBytes.Length)]);
                break;
            case 3 when input.Count > 0:
                input.RemoveRange(position, Math.Min(1 + _random.Next(16), input.Count - position));
                break;
            case 4:
                // Truncate: what a cut-short read would give.
                input.RemoveRange(position, input.Count - position);
                break;
            case 5 when input.Count > 0:
            {
                var length = Math.Min(1 + _random.Next(64), input.Count - position);
                input.InsertRange(_random.Next(input.Count + 1), input.GetRange(position, length));
                break;
            }

            case 6:
                input.InsertRange(position, InterestingTokens[_random.Next(InterestingTokens.Length)]);
                break;
            case 7:
                ReplaceNumber(input, position);
                break;
            case 8:
            {
                // A line of another seed.
                var other = _seeds[_random.Next(_seeds.Length)];
                var start = other.Length == 0 ? 0 : _random.Next(other.Length);
                var end = Array.IndexOf(other, (byte)'\n', start);
                input.InsertRange(position, other[start..(end < 0 ? other.Length : end + 1)]);
                break;
            }

            case 9 when input.Count > 1:
            {
                var other = _random.Next(input.Count);
                (input[position], input[other]) = (input[other], input[position]);
                break;
            }

            case 11:
                OverwriteInteger(input);
                break;
            case 12 when input.Count > 0:
            {
                // A region of another seed copied over this one, at the same offset (fields of one layout mixed).
                var other = _seeds[_random.Next(_seeds.Length)];
                var start = Math.Min(position, other.Length);
                var length = Math.Min(Math.Min(1 + _random.Next(64), other.Length - start), input.Count - position);
                for (var i = 0; i < length; i++)
                {
                    input[position + i] = other[start + i];
                }

                break;
            }

            default:
            {
                var bytes = new byte[1 + _random.Next(8)];
                _random.NextBytes(bytes);
                input.InsertRange(position, bytes);
                break;
            }
        }
    }

    /// <summary>
    /// Overwrites an aligned little-endian integer of 1, 2, 4 or 8 bytes with a value that makes length, count and
    /// offset fields lie: 0, 1, small powers of two, the input's length and its neighbours, the type's maximum.
    /// </summary>
    private void OverwriteInteger(List<byte> input)
    {
        var size = 1 << _random.Next(4);
        if (input.Count < size)
        {
            return;
        }

        var offset = _random.Next((input.Count - size) / size + 1) * size;
        var length = (ulong)input.Count;
        var max = size == 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;
        var value = _random.Next(14) switch
        {
            0 => 0UL,
            1 => 1UL,
            2 => 2UL,
            3 => 4UL,
            4 => 8UL,
            5 => 16UL,
            6 => 48UL,
            7 => length - 1,
            8 => length,
            9 => length + 1,
            10 => max,
            11 => max >> 1,
            12 => (max >> 1) + 1,
            _ => (ulong)_random.NextInt64() & max,
        };
        for (var i = 0; i < size; i++)
        {
            input[offset + i] = (byte)(value >> (8 * i));
        }
    }

    private void ReplaceNumber(List<byte> input, int position)
    {
        var start = position;
        while (start < input.Count && (input[start] < (byte)'0' || input[start] > (byte)'9'))
        {
            start++;
        }

        var end = start;
        while (end < input.Count && input[end] >= (byte)'0' && input[end] <= (byte)'9')
        {
            end++;
        }

        input.RemoveRange(start, end - start);
        input.InsertRange(start, InterestingTokens[_random.Next(6)]);
    }
}
