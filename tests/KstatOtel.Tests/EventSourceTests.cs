using KstatOtel.Diagnostics;
using KstatOtel.Testing.Diagnostics;

namespace KstatOtel.Tests;

public class EventSourceTests
{
    [Fact]
    public void EveryEventArrivesWithItsIdLevelAndPayload()
    {
        var problems = EventSourceValidator.Validate(KstatOtelEventSource.Log);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void TheEventSourceHasTheDocumentedName()
    {
        Assert.Equal("KstatOtel-Instrumentation", KstatOtelEventSource.Log.Name);
    }
}
