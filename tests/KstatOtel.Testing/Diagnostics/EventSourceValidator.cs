using System.Diagnostics.Tracing;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace KstatOtel.Testing.Diagnostics;

/// <summary>
/// Checks an <see cref="EventSource"/> the way its manifest generation would, and more: every [Event] method is called
/// with sample arguments and must arrive at a listener with its declared id, level and every argument in the payload,
/// and every message placeholder must name an existing argument. Returns the problems found, one per line.
/// </summary>
public static partial class EventSourceValidator
{
    public static IReadOnlyList<string> Validate(EventSource source)
    {
        var problems = new List<string>();
        var manifest = EventSource.GenerateManifest(source.GetType(), assemblyPathToIncludeInManifest: null, EventManifestOptions.Strict);
        if (manifest is null)
        {
            problems.Add("EventSource.GenerateManifest returned nothing.");
        }

        var ids = new HashSet<int>();
        foreach (var method in source.GetType().GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly))
        {
            var attribute = method.GetCustomAttribute<EventAttribute>();
            if (attribute is null)
            {
                if (method.GetCustomAttribute<NonEventAttribute>() is null && !method.IsSpecialName)
                {
                    problems.Add($"{method.Name}: public method without [Event] or [NonEvent].");
                }

                continue;
            }

            if (!ids.Add(attribute.EventId))
            {
                problems.Add($"{method.Name}: event id {attribute.EventId} used twice.");
            }

            var parameters = method.GetParameters();
            foreach (Match placeholder in Placeholder().Matches(attribute.Message ?? string.Empty))
            {
                if (int.Parse(placeholder.Groups[1].Value, CultureInfo.InvariantCulture) >= parameters.Length)
                {
                    problems.Add($"{method.Name}: message placeholder {placeholder.Value} has no argument.");
                }
            }

            var arguments = parameters.Select(p => Sample(p.ParameterType)).ToArray();
            using var listener = new CapturingListener(source);
            method.Invoke(source, arguments);
            var written = listener.Events.Where(e => e.EventId == attribute.EventId).ToList();
            if (written.Count != 1)
            {
                problems.Add($"{method.Name}: expected one event with id {attribute.EventId}, got {written.Count} (does WriteEvent pass the right id?).");
                continue;
            }

            var e = written[0];
            if (e.Level != attribute.Level)
            {
                problems.Add($"{method.Name}: level {e.Level}, declared {attribute.Level}.");
            }

            if (e.Payload is null || e.Payload.Count != parameters.Length)
            {
                problems.Add($"{method.Name}: payload has {e.Payload?.Count ?? 0} values for {parameters.Length} arguments.");
                continue;
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                if (!Equals(e.Payload[i], arguments[i]))
                {
                    problems.Add($"{method.Name}: argument {parameters[i].Name} arrived as {e.Payload[i]}, sent {arguments[i]} (WriteEvent argument order?).");
                }
            }
        }

        if (ids.Count == 0)
        {
            problems.Add("No [Event] method found.");
        }

        return problems;
    }

    private static object Sample(Type type) => type switch
    {
        _ when type == typeof(string) => "sample-text",
        _ when type == typeof(int) => 7,
        _ when type == typeof(long) => 7L,
        _ when type == typeof(double) => 1.5,
        _ when type == typeof(bool) => true,
        _ => throw new NotSupportedException($"No sample value for {type}."),
    };

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    private sealed class CapturingListener : EventListener
    {
        private readonly EventSource source;

        public CapturingListener(EventSource source)
        {
            this.source = source;
            EnableEvents(source, EventLevel.Verbose, EventKeywords.All);
        }

        public List<EventWrittenEventArgs> Events { get; } = [];

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventSource == source)
            {
                Events.Add(eventData);
            }
        }
    }
}
