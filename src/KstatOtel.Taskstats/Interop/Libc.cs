namespace KstatOtel.Taskstats.Interop;

/// <summary>
/// libc entry points, one native area per file (Libc.*.cs). "libc" resolves to the C library of the system
/// (the runtime maps it to libc.so.6 on glibc).
/// </summary>
internal static partial class Libc
{
    internal const string Name = "libc";
}
