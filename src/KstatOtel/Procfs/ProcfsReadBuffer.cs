namespace KstatOtel.Procfs;

/// <summary>
/// The buffer a <see cref="ProcfsFile"/> reads into, which several files may share when they are read one after the
/// other and each content is used before the next read (the kept-open files of many processes): one buffer, grown to
/// the largest content, instead of one per file. Not thread-safe, like the files that share it.
/// </summary>
internal sealed class ProcfsReadBuffer(int initialBytes)
{
    /// <summary>The bytes; replaced by a larger array when a content does not fit.</summary>
    public byte[] Bytes { get; set; } = new byte[initialBytes];
}
