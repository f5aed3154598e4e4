using KstatOtel.Taskstats;

namespace KstatOtel.Linux;

/// <summary>The delay kinds of taskstats and their <c>kstatotel.delay.kind</c> attribute values.</summary>
internal static class DelayKinds
{
    public const string AttributeKey = "kstatotel.delay.kind";

    /// <summary>Every kind, indexed by <see cref="TaskDelayKind"/> value.</summary>
    public static readonly TaskDelayKind[] All =
    [
        TaskDelayKind.Cpu,
        TaskDelayKind.BlockIo,
        TaskDelayKind.SwapIn,
        TaskDelayKind.FreePages,
        TaskDelayKind.Thrashing,
        TaskDelayKind.Compact,
        TaskDelayKind.WriteProtectCopy,
        TaskDelayKind.Irq,
    ];

    /// <summary>The attribute value of each kind, indexed like <see cref="All"/>.</summary>
    public static readonly string[] Names = ["cpu", "blkio", "swapin", "freepages", "thrashing", "compact", "wpcopy", "irq"];

    /// <summary>One cached, never-mutated tag array per kind, indexed like <see cref="All"/>.</summary>
    public static readonly KeyValuePair<string, object?>[][] Tags = CreateTags();

    public static int Count => All.Length;

    private static KeyValuePair<string, object?>[][] CreateTags()
    {
        var tags = new KeyValuePair<string, object?>[Names.Length][];
        for (var i = 0; i < Names.Length; i++)
        {
            if ((int)All[i] != i)
            {
                throw new InvalidOperationException($"TaskDelayKind.{All[i]} is expected at index {i}.");
            }

            tags[i] = [new(AttributeKey, Names[i])];
        }

        return tags;
    }
}
