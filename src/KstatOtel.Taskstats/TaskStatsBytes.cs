using System.Runtime.CompilerServices;
using KstatOtel.Taskstats.Protocol;

namespace KstatOtel.Taskstats;

/// <summary>Inline storage for a struct taskstats payload of up to <see cref="TaskStatsLayout.NewestKnownSize"/> bytes.</summary>
[InlineArray(TaskStatsLayout.NewestKnownSize)]
internal struct TaskStatsBytes
{
    private byte _element;
}
