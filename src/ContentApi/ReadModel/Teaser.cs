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

    /// <summary>
    /// Where each base field lies in the JSON, two numbers a field (its start, its end; both 0 when it is absent), as
    /// ushorts: one small array an article instead of two of ints (about 8 MB less at 100,000 articles). Null for JSON
    /// longer than a ushort reaches, which the field limits keep teasers far from (under 1 KB as a rule, at most about
    /// 30 KB); its fields are then found by reading it again at each use.
    /// </summary>
    private readonly ushort[]? _bounds;

    private Teaser(byte[] json, ushort[]? bounds) => (_json, _bounds) = (json, bounds);

    /// <summary>The whole item as JSON, as it was rendered.</summary>
    public byte[] Json => _json;

    /// <summary>Reads the item's JSON object (as ArticleListItem serializes it) and notes where each base field lies.</summary>
    public static Teaser Parse(byte[] json)
    {
        if (json.Length > ushort.MaxValue)
        {
            return new Teaser(json, null);
        }

        var bounds = new ushort[2 * BaseFields.Length];
        var found = Fields(json);
        for (var field = 0; field < found.Length; field++)
        {
            (bounds[2 * field], bounds[2 * field + 1]) = ((ushort)found[field].Start, (ushort)found[field].End);
        }

        return new Teaser(json, bounds);
    }

    /// <summary>Where each base field's property starts and ends in the item's JSON, by its place in <see cref="BaseFields"/>; (0, 0) when absent.</summary>
    private static (int Start, int End)[] Fields(byte[] json)
    {
        var found = new (int Start, int End)[BaseFields.Length];
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
                found[field] = (start, (int)reader.BytesConsumed);
            }
        }

        return found;
    }

    /// <summary>
    /// Writes the base fields <paramref name="fields"/> keeps (all when null), comma-separated, without braces: the caller
    /// opens the object, may add properties after these, and closes it. Returns whether it wrote any.
    /// </summary>
    public bool WriteFields(IBufferWriter<byte> output, Func<string, bool>? fields)
    {
        var found = _bounds is null ? Fields(_json) : null;
        var any = false;
        for (var field = 0; field < BaseFields.Length; field++)
        {
            var (start, end) = found?[field] ?? (_bounds![2 * field], _bounds[2 * field + 1]);
            if (end == 0 || (fields is not null && !fields(BaseFields[field])))
            {
                continue;
            }

            if (any)
            {
                Put(output, ","u8);
            }

            Put(output, _json.AsSpan(start, end - start));
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
