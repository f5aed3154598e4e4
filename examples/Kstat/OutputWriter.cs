using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KstatExample;

/// <summary>Writes readings in the format chosen on the command line.</summary>
internal sealed class OutputWriter(OutputFormat format, TextWriter output)
{
    public void Write(IReadOnlyList<(KstatReading Reading, IReadOnlyList<StatRow> Rows)> kstats)
    {
        switch (format)
        {
            case OutputFormat.Quiet:
                return;
            case OutputFormat.Json:
                WriteJson(kstats);
                return;
        }

        foreach (var (reading, rows) in kstats)
        {
            var entry = reading.Entry;
            var prefix = $"{entry.Module}:{entry.Instance}:{entry.Name}:";
            switch (format)
            {
                case OutputFormat.Parseable:
                    foreach (var row in rows)
                    {
                        output.Write($"{prefix}{row.Name}\t{row.FormatValue()}\n");
                    }

                    break;
                case OutputFormat.Colon:
                    foreach (var row in rows)
                    {
                        output.Write($"{prefix}{row.Name}:{row.FormatValue()}\n");
                    }

                    break;
                case OutputFormat.NamesOnly:
                    foreach (var row in rows)
                    {
                        output.Write($"{prefix}{row.Name}\n");
                    }

                    break;
                default:
                    WriteHuman(reading, rows);
                    break;
            }
        }
    }

    private void WriteHuman(KstatReading reading, IReadOnlyList<StatRow> rows)
    {
        var entry = reading.Entry;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"module: {entry.Module,-30}  instance: {entry.Instance,-6}\n");
        text.Append(CultureInfo.InvariantCulture, $"name:   {entry.Name,-30}  class:    {reading.Class}\n");
        foreach (var row in rows)
        {
            if (row.Name != "class")
            {
                text.Append(CultureInfo.InvariantCulture, $"\t{row.Name,-30}  {row.FormatValue()}\n");
            }
        }

        text.Append('\n');
        output.Write(text.ToString());
    }

    /// <summary>The JSON of kstat -j: an array of kstats with their header and a "data" object (no reflection).</summary>
    private void WriteJson(IReadOnlyList<(KstatReading Reading, IReadOnlyList<StatRow> Rows)> kstats)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var (reading, rows) in kstats)
            {
                var entry = reading.Entry;
                writer.WriteStartObject();
                writer.WriteString("module", entry.Module);
                writer.WriteNumber("instance", entry.Instance);
                writer.WriteString("name", entry.Name);
                writer.WriteString("class", reading.Class); // null: a --fixture capture without it
                writer.WriteNumber("type", (int)entry.Type);
                writer.WritePropertyName("snaptime");
                if (reading.SnapTime is { } snapTime)
                {
                    writer.WriteRawValue(StatRow.FormatSeconds(snapTime), skipInputValidation: true);
                }
                else
                {
                    writer.WriteNullValue();
                }

                writer.WriteStartObject("data");
                foreach (var row in rows)
                {
                    if (row.Name is not ("class" or "snaptime"))
                    {
                        row.WriteJson(writer);
                    }
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }
}
