using System.Text.RegularExpressions;

namespace KstatExample;

/// <summary>
/// A kstat(1) selector field: a shell glob (<c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>[!0-9]</c>) or, between slashes, a
/// regular expression (<c>/^intr/</c>). An empty field matches everything.
/// </summary>
internal sealed class Pattern
{
    private readonly string _glob;
    private readonly Regex? _regex;

    private Pattern(string glob, Regex? regex)
    {
        _glob = glob;
        _regex = regex;
    }

    /// <summary>The pattern that matches everything.</summary>
    public static Pattern Any { get; } = new("*", null);

    /// <summary>True when this pattern matches everything.</summary>
    public bool MatchesAll => _regex is null && _glob == "*";

    public static Pattern Parse(string text)
    {
        if (text.Length == 0 || text == "*")
        {
            return Any;
        }

        if (text.Length >= 2 && text[0] == '/' && text[^1] == '/')
        {
            try
            {
                return new Pattern(text, new Regex(text[1..^1], RegexOptions.CultureInvariant));
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"invalid regular expression {text}: {e.Message}");
            }
        }

        return new Pattern(text, null);
    }

    public bool IsMatch(string value) => _regex?.IsMatch(value) ?? Glob(_glob, value);

    public override string ToString() => _glob;

    /// <summary>Shell glob matching as gmatch(3GEN) does it, with backtracking on '*'.</summary>
    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = ++p;
                starT = t;
                continue;
            }

            if (p < pattern.Length && MatchOne(pattern, ref p, text[t]))
            {
                t++;
                continue;
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP;
            t = ++starT;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Matches one character at pattern[p] ('?', a bracket class, an escaped or a plain character) and advances p.</summary>
    private static bool MatchOne(ReadOnlySpan<char> pattern, ref int p, char c)
    {
        switch (pattern[p])
        {
            case '?':
                p++;
                return true;
            case '[':
                // The class ends at the first ']' after an optional '!'/'^' and an optional literal ']'.
                var j = p + 1;
                if (j < pattern.Length && pattern[j] is '!' or '^')
                {
                    j++;
                }

                if (j < pattern.Length && pattern[j] == ']')
                {
                    j++;
                }

                var close = pattern[j..].IndexOf(']');
                if (close < 0)
                {
                    p++;
                    return c == '[';
                }

                var set = pattern[(p + 1)..(j + close)];
                p = j + close + 1;
                return InSet(set, c);
            case '\\' when p + 1 < pattern.Length:
                p += 2;
                return pattern[p - 1] == c;
            default:
                return pattern[p++] == c;
        }
    }

    private static bool InSet(ReadOnlySpan<char> set, char c)
    {
        var negate = set.Length > 0 && set[0] is '!' or '^';
        if (negate)
        {
            set = set[1..];
        }

        var found = false;
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                found |= c >= set[i] && c <= set[i + 2];
                i += 2;
            }
            else
            {
                found |= c == set[i];
            }
        }

        return found != negate;
    }
}
