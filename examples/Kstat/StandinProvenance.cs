using System.Runtime.InteropServices;
using System.Text;
using KstatOtel.Kstat;

namespace KstatExample;

/// <summary>
/// Which values of a kstat a <c>--fixture</c> capture actually gave. The libkstat stand-in serves what a capture
/// lacks as a kernel would hold it (the class of the kstat's kind, crtime and snaptime 0, a zero for every field of a
/// RAW, IO, INTR or TIMER struct that the capture did not list); those values were never captured, so the tool must
/// not print them as if they were. The stand-in tells them apart through its own export
/// <c>kstat_standin_captured</c>, outside libkstat's ABI; a real libkstat has no such export, and every value it
/// serves is real.
/// </summary>
internal sealed unsafe class StandinProvenance : IDisposable
{
    /// <summary>The stand-in's export: 1 given, 0 a default the stand-in filled, -1 unknown.</summary>
    public const string ExportName = "kstat_standin_captured";

    private readonly IntPtr _library;
    private readonly delegate* unmanaged<byte*, int, byte*, byte*, int> _captured;

    private StandinProvenance(IntPtr library, IntPtr export)
    {
        _library = library;
        _captured = (delegate* unmanaged<byte*, int, byte*, byte*, int>)export;
    }

    /// <summary>
    /// The provenance of the stand-in at <paramref name="library"/> (the same loaded library the binding uses, since
    /// loading a file again returns the same handle); null when the library has no <see cref="ExportName"/>.
    /// </summary>
    public static StandinProvenance? Find(string library)
    {
        var handle = NativeLibrary.Load(library);
        if (NativeLibrary.TryGetExport(handle, ExportName, out var export))
        {
            return new StandinProvenance(handle, export);
        }

        NativeLibrary.Free(handle);
        return null;
    }

    /// <summary>
    /// True when the fixture gave <paramref name="statistic"/> of <paramref name="entry"/> in the frame now served
    /// (pseudo-statistics class, crtime, snaptime; struct fields under the names kstat(1) prints). A statistic the
    /// stand-in does not know counts as not given: nothing is printed rather than a value of unknown origin.
    /// </summary>
    public bool Captured(KstatEntry entry, string statistic)
    {
        fixed (byte* module = Utf8(entry.Module), name = Utf8(entry.Name), stat = Utf8(statistic))
        {
            return _captured(module, entry.Instance, name, stat) == 1;
        }
    }

    public void Dispose() => NativeLibrary.Free(_library);

    private static byte[] Utf8(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
