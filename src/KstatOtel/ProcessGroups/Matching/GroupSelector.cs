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
    /// The group of a process known only from its exit record (comm, user, pid: no command line). Definitions that
    /// need the command line, to match or to name, cannot decide and are passed over.
    /// </summary>
    public string? SelectWithoutCommandLine(ProcessFacts facts, UserNames users)
    {
        foreach (var matcher in matchers)
        {
            if (matcher.DecidableWithoutCommandLine && matcher.Matches(facts, out _))
            {
                return matcher.Template.Render(facts, null, users);
            }
        }

        return null;
    }
}
