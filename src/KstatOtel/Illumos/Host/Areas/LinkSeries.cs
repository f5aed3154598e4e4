namespace KstatOtel.Illumos.Host;

/// <summary>One link's values.</summary>
internal struct LinkSeries
{
    /// <summary>[network.interface.name, network.io.direction=receive].</summary>
    public KeyValuePair<string, object?>[] ReceiveTags;
    public KeyValuePair<string, object?>[] TransmitTags;

    /// <summary>[system.device, network.io.direction=receive]: system.network.packet.count's attributes in semantic conventions 1.39.0.</summary>
    public KeyValuePair<string, object?>[] DeviceReceiveTags;
    public KeyValuePair<string, object?>[] DeviceTransmitTags;
    public OptionalCount ReceivedBytes;
    public OptionalCount TransmittedBytes;
    public OptionalCount ReceivedPackets;
    public OptionalCount TransmittedPackets;
    public OptionalCount ReceiveErrors;
    public OptionalCount TransmitErrors;
    public OptionalCount ReceiveDropped;
    public OptionalCount TransmitDropped;
}
