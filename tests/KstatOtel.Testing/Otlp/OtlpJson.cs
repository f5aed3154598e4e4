using System.Globalization;
using System.Text.Json;
using KstatOtel.Testing.Metrics;

namespace KstatOtel.Testing.Otlp;

/// <summary>
/// Reads the JSON the receiver writes: protobufjs <c>toObject</c> output of ExportMetricsServiceRequest with
/// 64-bit integers as strings, enums as names, defaults present and oneof names set ("data": "sum",
/// "value": "asInt").
/// </summary>
internal static class OtlpJson
{
    public static OtlpExport Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var resources = new List<OtlpResourceMetrics>();
        foreach (var resourceMetrics in Array(document.RootElement, "resourceMetrics"))
        {
            var resourceAttributes = resourceMetrics.TryGetProperty("resource", out var resource)
                ? Attributes(resource)
                : new Dictionary<string, object?>();
            var scopes = new List<OtlpScopeMetrics>();
            foreach (var scopeMetrics in Array(resourceMetrics, "scopeMetrics"))
            {
                var scopeElement = scopeMetrics.TryGetProperty("scope", out var s) ? s : default;
                var scope = new MetricScope(
                    String(scopeElement, "name"),
                    NullIfEmpty(String(scopeElement, "version")),
                    NullIfEmpty(String(scopeMetrics, "schemaUrl")));
                var scopeAttributes = scopeElement.ValueKind == JsonValueKind.Object ? Attributes(scopeElement) : new Dictionary<string, object?>();
                var metrics = Array(scopeMetrics, "metrics").Select(m => Metric(m, scope, resourceAttributes)).ToList();
                scopes.Add(new OtlpScopeMetrics(scope, scopeAttributes, metrics));
            }

            resources.Add(new OtlpResourceMetrics(resourceAttributes, String(resourceMetrics, "schemaUrl"), scopes));
        }

        return new OtlpExport(resources, json);
    }

    private static CapturedMetric Metric(JsonElement metric, MetricScope scope, IReadOnlyDictionary<string, object?> resource)
    {
        var (kind, data) = metric switch
        {
            _ when metric.TryGetProperty("sum", out var d) && d.ValueKind == JsonValueKind.Object => (MetricKind.Sum, d),
            _ when metric.TryGetProperty("gauge", out var d) && d.ValueKind == JsonValueKind.Object => (MetricKind.Gauge, d),
            _ when metric.TryGetProperty("histogram", out var d) && d.ValueKind == JsonValueKind.Object => (MetricKind.Histogram, d),
            _ when metric.TryGetProperty("exponentialHistogram", out var d) && d.ValueKind == JsonValueKind.Object => (MetricKind.ExponentialHistogram, d),
            _ when metric.TryGetProperty("summary", out var d) && d.ValueKind == JsonValueKind.Object => (MetricKind.Summary, d),
            _ => (MetricKind.None, default(JsonElement)),
        };

        var temporality = String(data, "aggregationTemporality") switch
        {
            "AGGREGATION_TEMPORALITY_DELTA" => MetricTemporality.Delta,
            "AGGREGATION_TEMPORALITY_CUMULATIVE" => MetricTemporality.Cumulative,
            _ => MetricTemporality.Unspecified,
        };
        var monotonic = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("isMonotonic", out var m) && m.ValueKind == JsonValueKind.True;
        var points = Array(data, "dataPoints").Select(p => Point(p, kind)).ToList();
        return new CapturedMetric(String(metric, "name"), String(metric, "unit"), String(metric, "description"), kind, monotonic, temporality, scope, resource, points);
    }

    private static CapturedPoint Point(JsonElement point, MetricKind kind)
    {
        long? longValue = null;
        double? doubleValue = null;
        CapturedHistogram? histogram = null;
        if (kind is MetricKind.Sum or MetricKind.Gauge)
        {
            if (point.TryGetProperty("asInt", out var asInt))
            {
                longValue = Int64(asInt);
            }
            else if (point.TryGetProperty("asDouble", out var asDouble))
            {
                doubleValue = Double(asDouble);
            }
        }
        else if (kind is MetricKind.Histogram or MetricKind.ExponentialHistogram)
        {
            histogram = new CapturedHistogram(
                (ulong)Int64(point.GetProperty("count")),
                point.TryGetProperty("sum", out var sum) ? Double(sum) : 0,
                point.TryGetProperty("min", out var min) ? Double(min) : null,
                point.TryGetProperty("max", out var max) ? Double(max) : null,
                Array(point, "explicitBounds").Select(Double).ToList(),
                Array(point, "bucketCounts").Select(c => (ulong)Int64(c)).ToList());
        }

        return new CapturedPoint(
            Attributes(point),
            longValue,
            doubleValue,
            histogram,
            point.TryGetProperty("startTimeUnixNano", out var start) ? (ulong)Int64(start) : 0,
            point.TryGetProperty("timeUnixNano", out var time) ? (ulong)Int64(time) : 0);
    }

    private static Dictionary<string, object?> Attributes(JsonElement owner)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var attribute in Array(owner, "attributes"))
        {
            result[String(attribute, "key")] = attribute.TryGetProperty("value", out var value) ? AnyValue(value) : null;
        }

        return result;
    }

    private static object? AnyValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (value.TryGetProperty("stringValue", out var s))
        {
            return s.GetString();
        }

        if (value.TryGetProperty("intValue", out var i))
        {
            return Int64(i);
        }

        if (value.TryGetProperty("doubleValue", out var d))
        {
            return Double(d);
        }

        if (value.TryGetProperty("boolValue", out var b))
        {
            return b.ValueKind == JsonValueKind.True;
        }

        if (value.TryGetProperty("arrayValue", out var array))
        {
            return Array(array, "values").Select(AnyValue).ToArray();
        }

        return value.TryGetProperty("bytesValue", out var bytes) ? bytes.GetString() : null;
    }

    private static IEnumerable<JsonElement> Array(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    private static string String(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? string.Empty
            : string.Empty;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    // protobufjs writes 64-bit integers as strings (longs: String) and 32-bit ones as numbers.
    private static long Int64(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? (long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : unchecked((long)ulong.Parse(value.GetString()!, CultureInfo.InvariantCulture)))
        : value.GetInt64();

    // Doubles are numbers, except NaN and the infinities, which JSON.stringify writes as null.
    private static double Double(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => double.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        _ => double.NaN,
    };
}
