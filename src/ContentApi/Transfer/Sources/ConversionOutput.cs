using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Tags;

namespace ContentApi.Transfer.Sources;

/// <summary>A converted post waiting for its references: the article line, and what only the rest of the export can settle.</summary>
/// <param name="FeaturedImageId">The source's id of the post's featured image, when it is an attachment found elsewhere in the export.</param>
/// <param name="Where">Where the post is in the source, for reports made when the reference is settled.</param>
/// <param name="SourceId">The post's id in the source.</param>
internal sealed record PendingArticle(ArticleRecord Article, string Where, string SourceId, string? FeaturedImageId = null);

/// <summary>
/// Where a converter puts what it made: bylines and tags are kept (they are few), articles go to a temporary file as they are
/// converted; <see cref="FinishAsync"/> writes bylines, then tags, then the articles, each settled by the converter's
/// callback, so every reference precedes its use as the importer's second pass requires. Also collects what was not mapped,
/// and makes slugs unique and valid.
/// </summary>
internal sealed class ConversionOutput : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    private readonly Stream _ndjson;
    private readonly string _spoolPath = Path.GetTempFileName();
    private readonly StreamWriter _spool;
    private readonly SortedDictionary<string, BylineRequest> _bylines = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, TagRequest> _tags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _articleSlugs = new(StringComparer.Ordinal);
    private readonly List<UnmappedItem> _unmapped = [];
    private int _unmappedTotal;
    private int _articles;
    private int _featuredImages;

    public ConversionOutput(Stream ndjson)
    {
        _ndjson = ndjson;
        _spool = new StreamWriter(File.Create(_spoolPath), new UTF8Encoding(false));
    }

    public void Unmapped(string where, string what)
    {
        _unmappedTotal++;
        if (_unmapped.Count < SourceConverter.MaxListedUnmapped)
        {
            _unmapped.Add(new UnmappedItem(where, what));
        }
    }

    public bool HasByline(string slug) => _bylines.ContainsKey(slug);

    public void AddByline(BylineRequest byline) => _bylines.TryAdd(byline.Slug!, byline);

    /// <summary>Adds a tag; a second tag with the same slug (a category and a tag of one name) is the same tag.</summary>
    public void AddTag(TagRequest tag) => _tags.TryAdd(tag.Slug!, tag);

    /// <summary>
    /// The source's slug when it is one here, else one made from it (percent-decoded: WordPress stores non-ASCII
    /// slugs percent-encoded) or from the title, else <paramref name="fallback"/> (a title in a script slugs cannot
    /// spell, such as Japanese); "-2", "-3"... when an earlier article has it.
    /// </summary>
    public string ArticleSlug(string? sourceSlug, string title, string fallback)
    {
        var slug = MadeSlug(sourceSlug, title) ?? fallback;
        var unique = slug;
        for (var n = 2; !_articleSlugs.Add(unique); n++)
        {
            unique = $"{slug}-{n}";
        }

        return unique;
    }

    /// <summary>
    /// A byline's or tag's slug, made as an article's; when neither the source's slug nor the name gives one, a
    /// stable one from the name's hash (the same name gives the same slug in every conversion).
    /// </summary>
    public static string ReferenceSlug(string? sourceSlug, string name, string kind = "tag") =>
        MadeSlug(sourceSlug, name) ?? $"{kind}-{System.IO.Hashing.XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(name)):x8}";

    private static string? MadeSlug(string? sourceSlug, string title)
    {
        var decoded = Uri.UnescapeDataString(sourceSlug ?? "");
        if (Slugs.IsValid(decoded))
        {
            return decoded;
        }

        // Slugs.From gives "untitled" to text with no letter it can spell.
        return new[] { decoded, title }.Where(t => t.Length > 0).Select(Slugs.From).FirstOrDefault(s => s != "untitled");
    }

    /// <summary>The text, cut with an ellipsis to at most <paramref name="length"/> characters.</summary>
    public static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)].TrimEnd() + "…";

    /// <summary>Whether a site's language setting is a tag articles may have (BCP 47, as the article validator checks).</summary>
    public static bool IsLanguage(string text) =>
        text.Length is > 0 and <= Limits.Language && System.Text.RegularExpressions.Regex.IsMatch(text, "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$");

    public async Task AddArticleAsync(PendingArticle article, CancellationToken ct)
    {
        await _spool.WriteLineAsync(JsonSerializer.Serialize(article, Json).AsMemory(), ct);
        _articles++;
    }

    /// <summary>Writes every line; <paramref name="settle"/> gives each article its last form (featured image, galleries).</summary>
    public async Task<SourceConversion> FinishAsync(Func<PendingArticle, ArticleRecord> settle, CancellationToken ct)
    {
        await _spool.FlushAsync(ct);
        await _spool.DisposeAsync();
        await using var output = new StreamWriter(_ndjson, new UTF8Encoding(false), leaveOpen: true);
        foreach (var byline in _bylines.Values)
        {
            await output.WriteLineAsync(Line(ContentRecords.Byline, byline).AsMemory(), ct);
        }

        foreach (var tag in _tags.Values)
        {
            await output.WriteLineAsync(Line(ContentRecords.Tag, tag).AsMemory(), ct);
        }

        using (var spool = new StreamReader(_spoolPath))
        {
            while (await spool.ReadLineAsync(ct) is { } text)
            {
                var article = settle(JsonSerializer.Deserialize<PendingArticle>(text, Json)!);
                _featuredImages += article.FeaturedImage is null ? 0 : 1;
                await output.WriteLineAsync(Line(ContentRecords.Article, article).AsMemory(), ct);
            }
        }

        await output.FlushAsync(ct);
        return new SourceConversion(_articles, _bylines.Count, _tags.Count, _featuredImages, _unmappedTotal, _unmapped);
    }

    private static string Line(string kind, object record)
    {
        var line = new JsonObject { ["record"] = kind };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(record, record.GetType(), Json)!.AsObject().ToList())
        {
            line[name] = value?.DeepClone();
        }

        return line.ToJsonString(Json);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        HttpSetup.ConfigureJson(options);
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await _spool.DisposeAsync();
        File.Delete(_spoolPath);
    }
}
