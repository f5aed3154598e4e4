namespace KstatOtel.Illumos.Host;

/// <summary>One operation's round-trip estimates in seconds, with its attribute set.</summary>
internal readonly record struct NfsTimer(bool Has, double Rtt, double Deviation, double RetransmitTimeout, KeyValuePair<string, object?>[] Tags);
