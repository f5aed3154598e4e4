namespace KstatExample;

/// <summary>One <c>module:instance:name:statistic</c> selection, each part a <see cref="Pattern"/>.</summary>
internal sealed record Selector(Pattern Module, Pattern Instance, Pattern Name, Pattern Statistic)
{
    public static Selector All { get; } = new(Pattern.Any, Pattern.Any, Pattern.Any, Pattern.Any);

    /// <summary>
    /// Parses an operand <c>module[:instance[:name[:statistic]]]</c>. A field between slashes is a regular expression
    /// and may contain colons; the statistic is the rest of the operand, colons included.
    /// </summary>
    public static Selector Parse(string operand)
    {
        var parts = new List<string>(4);
        var start = 0;
        var inRegex = false;
        for (var i = 0; i < operand.Length && parts.Count < 3; i++)
        {
            if (operand[i] == '/' && (i == start || inRegex))
            {
                inRegex = !inRegex;
            }
            else if (operand[i] == ':' && !inRegex)
            {
                parts.Add(operand[start..i]);
                start = i + 1;
            }
        }

        parts.Add(operand[start..]);
        while (parts.Count < 4)
        {
            parts.Add(string.Empty);
        }

        return new Selector(Pattern.Parse(parts[0]), Pattern.Parse(parts[1]), Pattern.Parse(parts[2]), Pattern.Parse(parts[3]));
    }

    /// <summary>Narrows with the -m/-i/-n/-s options: a field the operand left open takes the option's pattern.</summary>
    public Selector With(Pattern? module, Pattern? instance, Pattern? name, Pattern? statistic) => new(
        module is not null && Module.MatchesAll ? module : Module,
        instance is not null && Instance.MatchesAll ? instance : Instance,
        name is not null && Name.MatchesAll ? name : Name,
        statistic is not null && Statistic.MatchesAll ? statistic : Statistic);

    public bool MatchesKstat(string module, int instance, string name) =>
        Module.IsMatch(module) && Instance.IsMatch(instance.ToString(System.Globalization.CultureInfo.InvariantCulture)) && Name.IsMatch(name);
}
