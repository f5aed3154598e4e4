using System.Globalization;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// A statistic named with <c>AddKstat</c>: <c>module:instance:name:statistic</c>, where module and name are globs
/// (<c>*</c>, <c>?</c>) and instance is a number or <c>*</c>. Parts given with a wildcard become attributes.
/// </summary>
internal sealed class KstatStatisticSpec
{
    /// <summary>The attribute holding the module of a series whose module was given with a wildcard.</summary>
    public const string ModuleAttribute = "kstatotel.kstat.module";

    /// <summary>The attribute holding the instance of a series whose instance was <c>*</c>.</summary>
    public const string InstanceAttribute = "kstatotel.kstat.instance";

    /// <summary>The attribute holding the name of a series whose name was given with a wildcard.</summary>
    public const string NameAttribute = "kstatotel.kstat.name";

    private KstatStatisticSpec(string text, string module, int instance, string name, string statistic, string instrumentName, string unit, KstatInstrumentKind kind, string description)
    {
        Text = text;
        Module = module;
        Instance = instance;
        Name = name;
        Statistic = statistic;
        InstrumentName = instrumentName;
        Unit = unit;
        Kind = kind;
        Description = description;
        ModuleIsPattern = IsPattern(module);
        NameIsPattern = IsPattern(name);
    }

    /// <summary>The statistic as given, <c>module:instance:name:statistic</c>.</summary>
    public string Text { get; }

    public string Module { get; }

    /// <summary>The instance, or -1 for <c>*</c>.</summary>
    public int Instance { get; }

    public string Name { get; }

    public string Statistic { get; }

    public string InstrumentName { get; }

    public string Unit { get; }

    public KstatInstrumentKind Kind { get; }

    public string Description { get; }

    public bool ModuleIsPattern { get; }

    public bool NameIsPattern { get; }

    public bool InstanceIsWildcard => Instance < 0;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static KstatStatisticSpec Parse(string text, string instrumentName, string unit, KstatInstrumentKind kind, string? description)
    {
        // module and name cannot contain ':' (kstat names are C identifiers-ish); the statistic is everything after
        // the third ':', so it may hold colons and spaces ("Hard Errors").
        var first = text.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf(':', first + 1);
        var third = second < 0 ? -1 : text.IndexOf(':', second + 1);
        if (third < 0)
        {
            throw new ArgumentException(
                $"'{text}' is not a kstat statistic: write module:instance:name:statistic, as kstat -p prints it (e.g. zfs:0:arcstats:l2_size); module, instance and name may be *.",
                nameof(text));
        }

        var module = text[..first];
        var instanceText = text[(first + 1)..second];
        var name = text[(second + 1)..third];
        var statistic = text[(third + 1)..];
        if (module.Length == 0 || name.Length == 0 || statistic.Length == 0)
        {
            throw new ArgumentException($"'{text}': module, name and statistic must not be empty (use * to match any module or name).", nameof(text));
        }

        if (statistic.Contains('*', StringComparison.Ordinal) || statistic.Contains('?', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{text}': the statistic must be named exactly (wildcards are allowed in module, instance and name).", nameof(text));
        }

        int instance;
        if (instanceText == "*")
        {
            instance = -1;
        }
        else if (!int.TryParse(instanceText, NumberStyles.None, CultureInfo.InvariantCulture, out instance))
        {
            throw new ArgumentException($"'{text}': the instance must be a non-negative number or *, not '{instanceText}'.", nameof(text));
        }

        return new KstatStatisticSpec(
            text,
            module,
            instance,
            name,
            statistic,
            instrumentName,
            unit,
            kind,
            description ?? $"The kstat statistic {text}, added with AddKstat.");
    }

    /// <summary>True when the kstat <paramref name="module"/>:<paramref name="instance"/>:<paramref name="name"/> is one this spec names.</summary>
    public bool Matches(string module, int instance, string name) =>
        (Instance < 0 || Instance == instance) && Glob(Module, module) && Glob(Name, name);

    public override string ToString() => $"{Text} as {InstrumentName} ({Kind}, {Unit})";

    private static bool IsPattern(string text) => text.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Shell-style matching of <c>*</c> (any run) and <c>?</c> (one character), ordinal.</summary>
    internal static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
