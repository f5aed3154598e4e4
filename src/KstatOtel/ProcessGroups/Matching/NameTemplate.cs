using System.Text;
using System.Text.RegularExpressions;

namespace KstatOtel.ProcessGroups.Matching;

/// <summary>
/// A parsed group-name template: literal text and placeholders (<c>{Comm}</c>, <c>{ExeBase}</c>, <c>{ExeFull}</c>,
/// <c>{Username}</c>, <c>{PID}</c>, <c>{Matches.NAME}</c>; <c>{{</c> and <c>}}</c> for braces). Rendering allocates
/// the name string; it runs once per newly seen process.
/// </summary>
internal sealed class NameTemplate
{
    private readonly Segment[] segments;

    private NameTemplate(string text, Segment[] segments)
    {
        Text = text;
        this.segments = segments;
        foreach (var segment in segments)
        {
            Uses |= segment.Kind switch
            {
                SegmentKind.Comm => TemplateInputs.Comm,
                SegmentKind.ExeBase or SegmentKind.ExeFull => TemplateInputs.Executable,
                SegmentKind.Username => TemplateInputs.Username,
                SegmentKind.Pid => TemplateInputs.Pid,
                SegmentKind.Match => TemplateInputs.Captures,
                _ => TemplateInputs.None,
            };
        }
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The inputs the template reads.</summary>
    public TemplateInputs Uses { get; }

    /// <summary>The names of the captures the template reads (<c>{Matches.NAME}</c>).</summary>
    public IEnumerable<string> CaptureNames => segments.Where(s => s.Kind == SegmentKind.Match).Select(s => s.Value);

    /// <summary>Parses <paramref name="template"/>; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static NameTemplate Parse(string template, string optionName)
    {
        var parts = new List<Segment>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    literal.Append('}');
                    i++;
                    continue;
                }

                throw new ArgumentException($"{optionName} '{template}': a '}}' at {i} closes nothing; write '}}}}' for a brace.", optionName);
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                literal.Append('{');
                i++;
                continue;
            }

            var close = template.IndexOf('}', i + 1);
            if (close < 0)
            {
                throw new ArgumentException($"{optionName} '{template}': the '{{' at {i} is not closed; write '{{{{' for a brace.", optionName);
            }

            if (literal.Length > 0)
            {
                parts.Add(new Segment(SegmentKind.Literal, literal.ToString()));
                literal.Clear();
            }

            parts.Add(ParsePlaceholder(template, template[(i + 1)..close], optionName));
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Segment(SegmentKind.Literal, literal.ToString()));
        }

        return new NameTemplate(template, [.. parts]);
    }

    /// <summary>The group name for <paramref name="facts"/>, with <paramref name="captures"/> from the command-line expressions.</summary>
    public string Render(ProcessFacts facts, IReadOnlyList<Match>? captures, UserNames users)
    {
        if (segments.Length == 1 && segments[0].Kind == SegmentKind.Literal)
        {
            return segments[0].Value;
        }

        var name = new StringBuilder();
        foreach (var segment in segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Literal:
                    name.Append(segment.Value);
                    break;
                case SegmentKind.Comm:
                    name.Append(facts.CommText);
                    break;
                case SegmentKind.ExeBase:
                    name.Append(CommandLine.BaseName(facts.Argv0));
                    break;
                case SegmentKind.ExeFull:
                    name.Append(facts.Argv0);
                    break;
                case SegmentKind.Username:
                    name.Append(facts.Uid is { } uid ? users.Get(uid) : string.Empty);
                    break;
                case SegmentKind.Pid:
                    name.Append(facts.Pid);
                    break;
                case SegmentKind.Match:
                    name.Append(FindCapture(captures, segment.Value));
                    break;
            }
        }

        return name.ToString();
    }

    private static string FindCapture(IReadOnlyList<Match>? captures, string captureName)
    {
        if (captures is null)
        {
            return string.Empty;
        }

        foreach (var match in captures)
        {
            var group = match.Groups[captureName];
            if (group.Success)
            {
                return group.Value;
            }
        }

        return string.Empty;
    }

    private static Segment ParsePlaceholder(string template, string inner, string optionName)
    {
        const string matchesPrefix = "Matches.";
        if (inner.StartsWith(matchesPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var capture = inner[matchesPrefix.Length..];
            if (capture.Length == 0)
            {
                throw new ArgumentException($"{optionName} '{template}': {{Matches.}} needs the name of a capture, e.g. {{Matches.id}}.", optionName);
            }

            return new Segment(SegmentKind.Match, capture);
        }

        var kind = inner.ToUpperInvariant() switch
        {
            "COMM" => SegmentKind.Comm,
            "EXEBASE" => SegmentKind.ExeBase,
            "EXEFULL" => SegmentKind.ExeFull,
            "USERNAME" => SegmentKind.Username,
            "PID" => SegmentKind.Pid,
            _ => throw new ArgumentException(
                $"{optionName} '{template}': unknown placeholder {{{inner}}}; use {{Comm}}, {{ExeBase}}, {{ExeFull}}, {{Username}}, {{PID}} or {{Matches.NAME}} (and {{{{ or }}}} for a brace).",
                optionName),
        };
        return new Segment(kind, inner);
    }

    private enum SegmentKind
    {
        Literal,
        Comm,
        ExeBase,
        ExeFull,
        Username,
        Pid,
        Match,
    }

    private readonly record struct Segment(SegmentKind Kind, string Value);
}
