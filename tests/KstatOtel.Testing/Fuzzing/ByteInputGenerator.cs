using System.Text;

namespace KstatOtel.Testing.Fuzzing;

/// <summary>
/// A seeded generator of byte inputs for decoder property tests (FsCheck and SharpFuzz are not available): random
/// byte strings, and mutations of real inputs (bit flips, interesting bytes, inserted and deleted runs, truncation,
/// duplicated and swapped regions, lines spliced from another seed, extreme numbers). The same seed gives the
/// same sequence, so a failure names the seed and the index that reproduce it.
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

    /// <param name="seed">The random seed.</param>
    /// <param name="seeds">Real (valid) inputs to mutate; at least one.</param>
    public ByteInputGenerator(int seed, IReadOnlyList<byte[]> seeds)
    {
        if (seeds.Count == 0)
        {
            throw new ArgumentException("At least one seed input is needed.", nameof(seeds));
        }

        _random = new Random(seed);
        _seeds = seeds.ToArray();
    }

    /// <summary>The next input: about one in eight is random bytes, the rest mutate a seed one to four times.</summary>
    public byte[] Next()
    {
        if (_random.Next(8) == 0)
        {
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

        var input = new List<byte>(_seeds[_random.Next(_seeds.Length)]);
        var mutations = 1 + _random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            Mutate(input);
        }

        return input.ToArray();
    }

    /// <summary>Formats an input for a failure message: printable ASCII kept, other bytes as \xNN.</summary>
    public static string Describe(byte[] input)
    {
        var text = new StringBuilder(input.Length + 16);
        foreach (var b in input)
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

        return text.ToString();
    }

    private void Mutate(List<byte> input)
    {
        var position = input.Count == 0 ? 0 : _random.Next(input.Count);
        switch (_random.Next(11))
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

            default:
            {
                var bytes = new byte[1 + _random.Next(8)];
                _random.NextBytes(bytes);
                input.InsertRange(position, bytes);
                break;
            }
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
