using System.Buffers;
using System.Text.Json;

namespace ContentApi.ReadModel;

/// <summary>
/// An article as a list item (ArticleListItem), rendered once at write time: its JSON properties, in order, each a slice
/// of one array, so a page is built by copying bytes and <c>fields=</c> keeps only the slices asked for, with no parsing
/// and no serializing per request. Only the base fields are here; a search snippet and embedded bylines, tags and
/// entities are added per request after them (see <see cref="Write"/>).
/// </summary>
public sealed class Teaser
{
    /// <summary>The base fields in the order ArticleListItem declares them; embargoUntil is left out when there is none.</summary>
    public static readonly string[] BaseFields =
        ["id", "slug", "headline", "standfirst", "section", "status", "publishedAt", "updatedAt", "language", "featuredImage", "readingTimeMinutes", "embargoUntil"];

    private readonly byte[] _json;
    private readonly int[] _starts;
    private readonly int[] _ends;

    private Teaser(byte[] json, int[] starts, int[] ends) => (_json, _starts, _ends) = (json, starts, ends);

    /// <summary>The whole item as JSON, as it was rendered.</summary>
    public byte[] Json => _json;

    /// <summary>Reads the item's JSON object (as ArticleListItem serializes it) and notes where each base field lies.</summary>
    public static Teaser Parse(byte[] json)
    {
        var starts = new int[BaseFields.Length];
        var ends = new int[BaseFields.Length];
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var field = Array.IndexOf(BaseFields, reader.GetString());
            reader.Read();
            reader.Skip();
            if (field >= 0)
            {
                (starts[field], ends[field]) = (start, (int)reader.BytesConsumed);
            }
        }

        return new Teaser(json, starts, ends);
    }

    /// <summary>
    /// Writes the base fields <paramref name="fields"/> keeps (all when null), comma-separated, without braces: the caller
    /// opens the object, may add properties after these, and closes it. Returns whether it wrote any.
    /// </summary>
    public bool WriteFields(IBufferWriter<byte> output, Func<string, bool>? fields)
    {
        var any = false;
        for (var field = 0; field < BaseFields.Length; field++)
        {
            if (_ends[field] == 0 || (fields is not null && !fields(BaseFields[field])))
            {
                continue;
            }

            if (any)
            {
                Put(output, ","u8);
            }

            Put(output, _json.AsSpan(_starts[field], _ends[field] - _starts[field]));
            any = true;
        }

        return any;
    }

    /// <summary>Writes the whole item, every base field, as one JSON object.</summary>
    public void Write(IBufferWriter<byte> output) => Put(output, _json);

    internal static void Put(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
