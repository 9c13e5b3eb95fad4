using System.Globalization;
using ContentApi.Articles;

namespace ContentApi.Transfer;

/// <summary>
/// The NDJSON interchange format of import and export: one JSON object per line, with "record" saying
/// which: "byline", "tag" and "entity" lines are their create requests; "article" lines are article
/// requests that name bylines, tags, entities and pinned articles by slug. Every record has a slug,
/// which is how importing the same file again updates instead of duplicating.
/// </summary>
public static class ContentRecords
{
    public const string MediaType = "application/x-ndjson";
    public const string Byline = "byline";
    public const string Tag = "tag";
    public const string Entity = "entity";
    public const string Article = "article";
}

public sealed record ArticleRecordByline(string Byline, BylineCredit Role = BylineCredit.Writer);

/// <summary>
/// An article line: an ArticleRequest whose references are slugs. Entities are the editor's picks only
/// and rejectedEntities the editor's rejections: the entities found in the text are found again on import.
/// </summary>
public sealed record ArticleRecord(
    string? Slug, string Headline, string? Standfirst, string Body, string Section,
    ArticleStatus Status = ArticleStatus.Draft, DateTime? PublishAt = null, string Language = "en", string? CanonicalUrl = null,
    FeaturedImageDto? FeaturedImage = null, SyndicationDto? Syndication = null,
    IReadOnlyList<ArticleRecordByline>? Bylines = null, IReadOnlyList<string>? Tags = null, IReadOnlyList<string>? Entities = null,
    IReadOnlyList<string>? RelatedArticles = null, IReadOnlyList<string>? RejectedEntities = null, DateTime? EmbargoUntil = null)
{
    /// <summary>The request with slugs swapped for ids; a slug not in the maps is kept out (pins to articles not yet written).</summary>
    public ArticleRequest ToRequest(
        IReadOnlyDictionary<string, int> bylines, IReadOnlyDictionary<string, int> tags,
        IReadOnlyDictionary<string, int> entities, IReadOnlyDictionary<string, int> articles) => new(
        Slug, Headline, Standfirst, Body, Section, Status, PublishAt, Language, CanonicalUrl, FeaturedImage, Syndication,
        [.. (Bylines ?? []).Where(b => bylines.ContainsKey(b.Byline)).Select(b => new ArticleBylineRequest(Id(bylines[b.Byline]), b.Role))],
        Ids(Tags, tags), Ids(Entities, entities), Ids(RelatedArticles, articles), Ids(RejectedEntities, entities), EmbargoUntil);

    /// <summary>The same request with placeholder ids, for checking the fields alone (a null byline stays null, for the validator to report).</summary>
    public ArticleRequest ToFieldsOnlyRequest() => new(
        Slug, Headline, Standfirst, Body, Section, Status, PublishAt, Language, CanonicalUrl, FeaturedImage, Syndication,
        [.. (Bylines ?? []).Select(b => b is null ? null! : new ArticleBylineRequest(b.Byline, b.Role))], Tags, Entities, RelatedArticles, RejectedEntities, EmbargoUntil);

    /// <summary>The request with no links, for analysing the text (see ArticleAnalysis), which needs none.</summary>
    public ArticleRequest ToAnalysedRequest() => new(
        Slug, Headline, Standfirst, Body, Section, Status, PublishAt, Language, CanonicalUrl, FeaturedImage, Syndication);

    private static string[] Ids(IReadOnlyList<string>? slugs, IReadOnlyDictionary<string, int> ids) =>
        [.. (slugs ?? []).Where(ids.ContainsKey).Select(s => Id(ids[s]))];

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What an import did, or would have done.</summary>
public sealed record ImportReport(int Lines, int Created, int Updated, int Unchanged);
