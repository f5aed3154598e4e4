namespace KstatOtel.ProcessGroups.Matching;

/// <summary>The compiled group definitions, in order: picks the group of a process (first match wins) and names it.</summary>
internal sealed class GroupSelector
{
    private readonly GroupMatcher[] matchers;

    public GroupSelector(IEnumerable<ProcessGroupDefinition> definitions)
    {
        matchers = [.. definitions.Select(GroupMatcher.Compile)];
        NeedsCommandLine = matchers.Any(m => m.NeedsCommandLine);
        NeedsUser = matchers.Any(m => m.NeedsUser);
    }

    public IReadOnlyList<GroupMatcher> Matchers => matchers;

    /// <summary>True when some definition needs the command line to match or to name a process.</summary>
    public bool NeedsCommandLine { get; }

    /// <summary>True when some template reads the user name.</summary>
    public bool NeedsUser { get; }

    /// <summary>
    /// The name of the group that takes the process described by <paramref name="facts"/>, or null when no
    /// definition does. Allocates the name; call it for processes seen for the first time.
    /// </summary>
    public string? Select(ProcessFacts facts, UserNames users)
    {
        foreach (var matcher in matchers)
        {
            if (matcher.Matches(facts, out var captures))
            {
                return matcher.Template.Render(facts, captures, users);
            }
        }

        return null;
    }

    /// <summary>
    /// The group of a process known only from its exit record (comm, user, pid: no command line), tried in order like
    /// <see cref="Select"/> (first match wins). A definition that needs the command line, to match or to name, and
    /// whose comm matcher accepts the process (or that has none) might have taken it: the group cannot be told, and
    /// <paramref name="undecidable"/> is set (null is returned) rather than letting a later definition take it.
    /// </summary>
    public string? SelectWithoutCommandLine(ProcessFacts facts, UserNames users, out bool undecidable)
    {
        undecidable = false;
        foreach (var matcher in matchers)
        {
            if (!matcher.DecidableWithoutCommandLine)
            {
                if (matcher.MatchesComm(facts.Comm.Span))
                {
                    undecidable = true;
                    return null;
                }

                continue;
            }

            if (matcher.Matches(facts, out _))
            {
                return matcher.Template.Render(facts, null, users);
            }
        }

        return null;
    }
}
