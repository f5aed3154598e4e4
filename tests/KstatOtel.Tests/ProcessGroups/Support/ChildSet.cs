namespace KstatOtel.Tests.ProcessGroups.Support;

/// <summary>Several children started alike, all killed when disposed.</summary>
internal sealed class ChildSet : IDisposable
{
    private readonly List<PgChild> children = [];

    public ChildSet(Func<PgChild> start, int count)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                children.Add(start());
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<int> Pids => children.Select(c => c.Pid).ToList();

    public IReadOnlyList<PgChild> Children => children;

    public void Dispose() => children.ForEach(c => c.Dispose());
}
