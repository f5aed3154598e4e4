using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace KstatOtel.Illumos.Host;

/// <summary>
/// Decodes the RAW <c>nfs:MINOR:mntinfo</c> kstat, <c>struct mntinfo_kstat</c> of illumos <c>nfs/nfs_clnt.h</c>,
/// in the amd64 (LP64) layout, native byte order; a pure function over the bytes libkstat returned. Facts relied on
/// (KNC_STRSIZE 128, NFS_CALLTYPES 3, SYS_NMLN 257; sizeof 492, measured with gcc by the stand-in's kstat-offsets):
/// <code>
///   0 char mik_proto[128]      140 uint32 mik_curread       172 struct { uint32 srtt, deviate, rtxcur; } mik_timers[4]
/// 128 uint32 mik_vers          144 uint32 mik_curwrite          ([0] lookup, [1] read, [2] write, [3] all; 12 bytes each)
/// 132 uint mik_flags           148 int mik_timeo            220 uint32 mik_noresponse
/// 136 uint mik_secmod          152 int mik_retrans          224 uint32 mik_failover
///                          156-168 uint mik_ac{reg,dir}{min,max} 228 uint32 mik_remap
///                                                           232 char mik_curserver[257] (+3 padding)
/// </code>
/// The timers are in the units nfsstat -m converts (usr/src/cmd/fs.d/nfs/nfsstat/nfsstat.c):
/// srtt × 2.5 ms, deviate × 5 ms, rtxcur × 20 ms.
/// </summary>
internal readonly ref struct MntInfoKstat
{
    public const int Size = 492;
    public const int ProtoOffset = 0;
    public const int ProtoLength = 128;
    public const int VersOffset = 128;
    public const int CurReadOffset = 140;
    public const int CurWriteOffset = 144;
    public const int TimersOffset = 172;
    public const int TimerSize = 12;
    public const int NoResponseOffset = 220;
    public const int FailoverOffset = 224;
    public const int RemapOffset = 228;
    public const int CurServerOffset = 232;
    public const int CurServerLength = 257;

    private const string Input = "kstat nfs:*:mntinfo (struct mntinfo_kstat)";

    private readonly ReadOnlySpan<byte> _data;

    private MntInfoKstat(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    public uint Version => U32(VersOffset);

    public uint CurrentReadSize => U32(CurReadOffset);

    public uint CurrentWriteSize => U32(CurWriteOffset);

    public uint NoResponse => U32(NoResponseOffset);

    public uint Failover => U32(FailoverOffset);

    public uint Remap => U32(RemapOffset);

    /// <summary>The transport (mik_proto: "tcp", "udp", "tcp6", "rdma"...), up to its NUL.</summary>
    public ReadOnlySpan<byte> Protocol => Text(ProtoOffset, ProtoLength);

    /// <summary>The server in use (mik_curserver), up to its NUL.</summary>
    public ReadOnlySpan<byte> CurrentServer => Text(CurServerOffset, CurServerLength);

    /// <summary>Decodes <paramref name="data"/>; throws <see cref="MalformedInputException"/> when it is not a whole mntinfo_kstat.</summary>
    public static MntInfoKstat Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < Size)
        {
            ThrowHelper.ThrowMalformed(Input, $"{data.Length} bytes, but struct mntinfo_kstat is {Size} bytes on amd64");
        }

        return new MntInfoKstat(data);
    }

    /// <summary>Timer <paramref name="index"/> (0 lookup, 1 read, 2 write): srtt, deviate, rtxcur.</summary>
    public (uint Srtt, uint Deviate, uint RtxCur) Timer(int index)
    {
        var offset = TimersOffset + (index * TimerSize);
        return (U32(offset), U32(offset + 4), U32(offset + 8));
    }

    /// <summary>True when the UTF-8 <paramref name="bytes"/> spell <paramref name="text"/> (no allocation).</summary>
    public static bool TextEquals(ReadOnlySpan<byte> bytes, string? text)
    {
        if (text is null || bytes.Length < text.Length)
        {
            return false;
        }

        Span<char> chars = stackalloc char[CurServerLength + 1];
        return Utf8.ToUtf16(bytes, chars, out _, out var written) == System.Buffers.OperationStatus.Done
            && chars[..written].SequenceEqual(text);
    }

    private uint U32(int offset) => MemoryMarshal.Read<uint>(_data.Slice(offset, 4));

    private ReadOnlySpan<byte> Text(int offset, int length)
    {
        var field = _data.Slice(offset, length);
        var nul = field.IndexOf((byte)0);
        return nul < 0 ? field : field[..nul];
    }
}
