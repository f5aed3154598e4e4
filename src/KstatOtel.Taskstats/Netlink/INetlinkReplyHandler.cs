namespace KstatOtel.Taskstats.Netlink;

/// <summary>
/// Receives the data messages of a reply (types from NLMSG_MIN_TYPE up) as <see cref="NetlinkConnection"/> validates
/// them. Implemented by structs so that the generic exchange is specialised and allocation-free.
/// </summary>
internal interface INetlinkReplyHandler
{
    /// <summary>Handles one data message; throws <see cref="TaskstatsProtocolException"/> when it is malformed.</summary>
    void OnMessage(NetlinkMessage message);
}
