namespace KstatOtel.Kstat.Tests;

/// <summary>
/// Points the stand-in at a list of fixture frames for one test: sets KSTAT_STANDIN_FIXTURES (and manual frame
/// advance, abort on misuse), resets the stand-in so the next kstat_open loads them afresh, and on dispose
/// clears injections again. Open tokens with <see cref="Open"/>.
/// </summary>
internal sealed class StandinSession : IDisposable
{
    private StandinSession(IReadOnlyList<string> frames)
    {
        Frames = frames;
    }

    public IReadOnlyList<string> Frames { get; }

    /// <summary>Starts a session whose frames are the given fixture files (each may be "a+b" to join files).</summary>
    public static StandinSession Start(params string[] frames)
    {
        Assert.True(File.Exists(Standin.LibraryPath), $"The stand-in is not built: run make -C {Standin.Directory}");
        Standin.SetVariable(Standin.FixturesVariable, string.Join(',', frames));
        Standin.SetVariable(Standin.AdvanceVariable, "manual");
        Standin.SetVariable(Standin.MisuseVariable, "abort");
        Standin.SetVariable(Standin.EagainMsVariable, "1");
        Standin.Reset();
        return new StandinSession(frames);
    }

    /// <summary>Opens a token on the stand-in, failing with the stand-in's own load error if the fixtures were refused.</summary>
    public KstatToken Open()
    {
        try
        {
            return KstatToken.Open(Standin.LibraryPath);
        }
        catch (KstatException e)
        {
            throw new InvalidOperationException($"kstat_open on the stand-in failed: {e.Message} Fixture load error: {Standin.LastError()}", e);
        }
    }

    public void Dispose() => Standin.Reset();
}
