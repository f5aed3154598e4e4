namespace KstatOtel.ProcessGroups.Publishing;

/// <summary>The identity of the series of one wait channel within one group, with its tag array, made once.</summary>
internal sealed class WaitChannelSeries
{
    public WaitChannelSeries(GroupSeries group, string waitChannel)
    {
        Group = group;
        WaitChannel = waitChannel;
        Tags = [new(Attributes.GroupName, group.Name), new(Attributes.WaitChannel, waitChannel)];
    }

    public GroupSeries Group { get; }

    public string WaitChannel { get; }

    public KeyValuePair<string, object?>[] Tags { get; }
}
