using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ContentApi.Benchmarks.Corpus;

/// <summary>
/// Writes one compact JSON object per line. Records are built in a memory buffer by one reused
/// <see cref="Utf8JsonWriter"/> and copied to the stream a megabyte at a time.
/// </summary>
internal sealed class NdjsonWriter : IDisposable
{
    private const int FlushThreshold = 1 << 20;
    private readonly Stream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(2 * FlushThreshold);
    private readonly Utf8JsonWriter _json;

    public NdjsonWriter(Stream stream)
    {
        _stream = stream;
        // Relaxed escaping keeps "é" and "«" readable; the output is a data file, never embedded in HTML.
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public long BytesWritten { get; private set; }

    public long Lines { get; private set; }

    /// <summary>Starts a record object with its "record" discriminator; finish it with <see cref="EndRecord"/>.</summary>
    public Utf8JsonWriter BeginRecord(JsonEncodedText kind)
    {
        _json.WriteStartObject();
        _json.WriteString(Json.Record, kind);
        return _json;
    }

    public void EndRecord()
    {
        _json.WriteEndObject();
        _json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        _json.Reset(_buffer);
        Lines++;
        if (_buffer.WrittenCount >= FlushThreshold)
        {
            FlushBuffer();
        }
    }

    public void Complete()
    {
        FlushBuffer();
        _stream.Flush();
    }

    public void Dispose() => _json.Dispose();

    private void FlushBuffer()
    {
        _stream.Write(_buffer.WrittenSpan);
        BytesWritten += _buffer.WrittenCount;
        _buffer.ResetWrittenCount();
    }
}

/// <summary>Property names and enum values, encoded once.</summary>
internal static class Json
{
    public static readonly JsonEncodedText Record = JsonEncodedText.Encode("record");
    public static readonly JsonEncodedText Slug = JsonEncodedText.Encode("slug");
    public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    public static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
    public static readonly JsonEncodedText Bio = JsonEncodedText.Encode("bio");
    public static readonly JsonEncodedText AvatarUrl = JsonEncodedText.Encode("avatarUrl");
    public static readonly JsonEncodedText Links = JsonEncodedText.Encode("links");
    public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    public static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
    public static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Aliases = JsonEncodedText.Encode("aliases");
    public static readonly JsonEncodedText WikidataId = JsonEncodedText.Encode("wikidataId");
    public static readonly JsonEncodedText GeoNamesId = JsonEncodedText.Encode("geoNamesId");
    public static readonly JsonEncodedText Headline = JsonEncodedText.Encode("headline");
    public static readonly JsonEncodedText Standfirst = JsonEncodedText.Encode("standfirst");
    public static readonly JsonEncodedText Body = JsonEncodedText.Encode("body");
    public static readonly JsonEncodedText Section = JsonEncodedText.Encode("section");
    public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    public static readonly JsonEncodedText PublishAt = JsonEncodedText.Encode("publishAt");
    public static readonly JsonEncodedText Language = JsonEncodedText.Encode("language");
    public static readonly JsonEncodedText CanonicalUrl = JsonEncodedText.Encode("canonicalUrl");
    public static readonly JsonEncodedText FeaturedImage = JsonEncodedText.Encode("featuredImage");
    public static readonly JsonEncodedText AltText = JsonEncodedText.Encode("altText");
    public static readonly JsonEncodedText Caption = JsonEncodedText.Encode("caption");
    public static readonly JsonEncodedText Credit = JsonEncodedText.Encode("credit");
    public static readonly JsonEncodedText Syndication = JsonEncodedText.Encode("syndication");
    public static readonly JsonEncodedText Allowed = JsonEncodedText.Encode("allowed");
    public static readonly JsonEncodedText Licence = JsonEncodedText.Encode("licence");
    public static readonly JsonEncodedText ExpiresAt = JsonEncodedText.Encode("expiresAt");
    public static readonly JsonEncodedText Bylines = JsonEncodedText.Encode("bylines");
    public static readonly JsonEncodedText Byline = JsonEncodedText.Encode("byline");
    public static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
    public static readonly JsonEncodedText Entities = JsonEncodedText.Encode("entities");
    public static readonly JsonEncodedText RelatedArticles = JsonEncodedText.Encode("relatedArticles");

    public static readonly JsonEncodedText BylineRecord = JsonEncodedText.Encode("byline");
    public static readonly JsonEncodedText TagRecord = JsonEncodedText.Encode("tag");
    public static readonly JsonEncodedText EntityRecord = JsonEncodedText.Encode("entity");
    public static readonly JsonEncodedText ArticleRecord = JsonEncodedText.Encode("article");

    /// <summary>RFC 3339 in UTC with a Z and whole seconds, as in the sample content.</summary>
    public static string Timestamp(DateTime utc) =>
        utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
