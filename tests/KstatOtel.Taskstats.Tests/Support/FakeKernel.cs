using KstatOtel.Taskstats.Netlink;

namespace KstatOtel.Taskstats.Tests.Support;

/// <summary>
/// A fake kernel behind <see cref="INetlinkTransport"/> (mdlayher/netlink style): each request sent is handed to
/// <see cref="Responder"/>, whose datagrams are queued for the client to receive. The controller's family lookup is
/// answered from the recorded reply unless the responder handles it.
/// </summary>
internal sealed class FakeKernel : INetlinkTransport
{
    private readonly Queue<(byte[]? Datagram, uint Sender, int Errno)> _inbox = new();

    public uint PortId { get; init; } = 4242;

    /// <summary>Returns the datagrams the kernel sends back for a request (null: fall back to the default answers).</summary>
    public Func<byte[], IEnumerable<byte[]>?>? Responder { get; set; }

    public List<byte[]> Sent { get; } = [];

    public int Interrupts { get; private set; }

    public bool Disposed { get; private set; }

    public int Pending => _inbox.Count;

    public static readonly HexFixture FamilyReply = HexFixture.Load("family-reply.hex");

    public void Enqueue(byte[] datagram, uint sender = 0) => _inbox.Enqueue((datagram, sender, 0));

    public void EnqueueErrno(int errno) => _inbox.Enqueue((null, 0, errno));

    public int Send(ReadOnlySpan<byte> datagram)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        var request = datagram.ToArray();
        Sent.Add(request);
        var replies = Responder?.Invoke(request);
        if (replies is null && Wire.TypeOf(request) == 0x10)
        {
            replies = [FamilyReply.AsReplyTo(Wire.SequenceOf(request), PortId)];
        }

        foreach (var reply in replies ?? [])
        {
            Enqueue(reply);
        }

        return 0;
    }

    public int Receive(Span<byte> buffer, bool nonBlocking, out uint senderPortId)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (!_inbox.TryDequeue(out var entry))
        {
            senderPortId = 0;
            return -11; // EAGAIN: nothing queued (a real socket's receive timeout)
        }

        senderPortId = entry.Sender;
        if (entry.Datagram is null)
        {
            return -entry.Errno;
        }

        entry.Datagram.AsSpan(0, Math.Min(entry.Datagram.Length, buffer.Length)).CopyTo(buffer);
        return entry.Datagram.Length;
    }

    public bool WaitReadable(int timeoutMilliseconds) => _inbox.Count > 0;

    public void Interrupt() => Interrupts++;

    public void Dispose() => Disposed = true;

    /// <summary>A client over this fake (the family lookup is answered from the recorded reply).</summary>
    public TaskstatsClient OpenClient(Func<int, INetlinkTransport>? listeners = null) =>
        TaskstatsClient.Open(() => this, listeners ?? (_ => new FakeKernel()));
}
