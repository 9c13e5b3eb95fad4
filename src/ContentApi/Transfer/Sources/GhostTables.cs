using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ContentApi.Transfer.Sources;

/// <summary>
/// The rows of a Ghost export's tables ({"db": [{"meta": …, "data": {"posts": [row, …], "tags": […], …}}]}, or the same
/// without the "db" wrapper), read from a stream with a Utf8JsonReader over a buffer that is refilled as it is consumed:
/// one row at a time is parsed as a JsonDocument, so memory holds the largest row (a post with its html, lexical and
/// mobiledoc) and not the file. The buffer grows only when one row is larger than it.
/// </summary>
internal static class GhostTables
{
    private const int InitialBuffer = 64 * 1024;

    /// <summary>Each row as (table, row); the caller disposes each row.</summary>
    public static async IAsyncEnumerable<(string Table, JsonDocument Row)> ReadAsync(Stream input, [EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = new byte[InitialBuffer];
        var length = 0;
        var final = false;
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var names = new List<string?>();
        var sawData = false;
        while (true)
        {
            if (!final)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await input.ReadAsync(buffer.AsMemory(length), ct);
                final = read == 0;
                length += read;
            }

            var chunk = Parse(buffer.AsSpan(0, length), final, ref state, names);
            sawData |= chunk.SawData;
            foreach (var row in chunk.Rows)
            {
                yield return row;
            }

            Buffer.BlockCopy(buffer, chunk.Consumed, buffer, 0, length - chunk.Consumed);
            length -= chunk.Consumed;
            if (final && chunk.Consumed == 0)
            {
                break;
            }
        }

        if (!sawData)
        {
            throw new SourceFormatException("Not a Ghost export: no \"data\" object of tables (posts, tags, users…) was found.");
        }
    }

    private static (int Consumed, List<(string, JsonDocument)> Rows, bool SawData) Parse(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, List<string?> names)
    {
        var reader = new Utf8JsonReader(data, final, state);
        var rows = new List<(string, JsonDocument)>();
        var sawData = false;
        try
        {
            while (true)
            {
                var (before, consumedBefore) = (reader.CurrentState, (int)reader.BytesConsumed);
                if (!reader.Read())
                {
                    break;
                }

                var depth = reader.CurrentDepth;
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    names.RemoveRange(Math.Min(depth, names.Count), names.Count - Math.Min(depth, names.Count));
                    while (names.Count < depth)
                    {
                        names.Add(null);
                    }

                    names.Add(reader.GetString());
                    sawData |= names[depth] == "data" && depth is 1 or 3;
                }
                else if (reader.TokenType == JsonTokenType.StartObject && depth >= 3 && names.Count >= depth
                    && names[depth - 2] == "data" && names[depth - 1] is { } table)
                {
                    if (!JsonDocument.TryParseValue(ref reader, out var row))
                    {
                        // The row is not all in the buffer yet: read it again, from its start, once more has been read.
                        state = before;
                        return (consumedBefore, rows, sawData);
                    }

                    rows.Add((table, row));
                }
            }
        }
        catch (JsonException e)
        {
            rows.ForEach(r => r.Item2.Dispose());
            throw new SourceFormatException($"Not valid JSON: {e.Message}", e);
        }

        state = reader.CurrentState;
        return ((int)reader.BytesConsumed, rows, sawData);
    }
}
