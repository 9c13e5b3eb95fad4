using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace ContentApi.Articles;

/// <summary>The query string of GET /v1/articles: filters, search, sort, paging and response shaping.</summary>
public sealed record ArticleListQuery(
    [FromQuery(Name = "q")][property: Description("Full-text search over headline, standfirst, body and tag, byline and entity names. Words are ANDed; \"quoted phrases\" and prefix* work.")] string? Q = null,
    [FromQuery(Name = "tag")][property: Description("Tag slugs or ids; repeat the parameter or separate with commas")] string[]? Tag = null,
    [FromQuery(Name = "tagMatch")][property: Description("any (default): an article with any of the tags; all: with every one")] string? TagMatch = null,
    [FromQuery(Name = "byline")][property: Description("Byline slug or id")] string? Byline = null,
    [FromQuery(Name = "entity")][property: Description("Entity slug or id")] string? Entity = null,
    [FromQuery(Name = "section")][property: Description("Section name, such as World")] string? Section = null,
    [FromQuery(Name = "language")][property: Description("BCP 47 language tag, such as en")] string? Language = null,
    [FromQuery(Name = "from")][property: Description("Published at or after this time (RFC 3339)")] DateTime? From = null,
    [FromQuery(Name = "to")][property: Description("Published before this time (RFC 3339)")] DateTime? To = null,
    [FromQuery(Name = "status")][property: Description("draft, scheduled, published or archived: only articles with this status; editors see every status, other callers only live articles")] string? Status = null,
    [FromQuery(Name = "sort")][property: Description("newest (default), oldest, updated, headline, or relevance (with q; the default when searching)")] string? Sort = null,
    [FromQuery(Name = "cursor")][property: Description("Opaque cursor from the previous page's nextCursor")] string? Cursor = null,
    [FromQuery(Name = "limit")][property: Description("Page size, 1-100"), DefaultValue(20)] int Limit = 20,
    [FromQuery(Name = "count")][property: Description("Also return the total number of matching articles (costs a count)")] bool Count = false,
    [FromQuery(Name = "fields")][property: Description("Comma-separated fields to return for each item; the others are left out")] string? Fields = null,
    [FromQuery(Name = "include")][property: Description("Comma-separated: bylines, tags, entities embedded in each item")] string? Include = null,
    [FromQuery(Name = "facets")][property: Description("Comma-separated: tag, section, byline, entity counts over all matching articles")] string? Facets = null)
{
    public static readonly string[] Sorts = ["newest", "oldest", "updated", "headline", "relevance"];
    public static readonly string[] Includes = ["bylines", "tags", "entities"];
    public static readonly string[] FacetNames = ["tag", "section", "byline", "entity"];

    /// <summary>Item fields a client may ask for with fields=, in JSON names.</summary>
    public static readonly string[] FieldNames =
    [
        .. typeof(ArticleListItem).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)),
    ];

    public ArticleStatus? ParsedStatus =>
        Enum.TryParse<ArticleStatus>(Status, ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null;

    public string EffectiveSort => Sort ?? (string.IsNullOrWhiteSpace(Q) ? "newest" : "relevance");

    public IReadOnlyList<string> TagKeys => Split(Tag is null ? null : string.Join(',', Tag));

    public IReadOnlyList<string> IncludeList => Split(Include);

    public IReadOnlyList<string> FieldList => Split(Fields);

    public IReadOnlyList<string> FacetList => Split(Facets);

    public static IReadOnlyList<string> Split(string? csv) =>
        csv is null ? [] : [.. csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}

/// <summary>Where a page ended, for the next one: the sort it belongs to and the last item's sort key and id.</summary>
public sealed record ArticleCursor(string Sort, string Key, int Id)
{
    /// <summary>Whether the key is what this sort's cursors carry: ticks (or 0 for unpublished), a headline, a rank.</summary>
    public bool HasReadableKey => Sort switch
    {
        "relevance" => double.TryParse(Key, NumberStyles.Float, CultureInfo.InvariantCulture, out var rank) && double.IsFinite(rank),
        "headline" => true,
        _ => Key == "0" || ArticleLists.ParseTime(Key) is not null,
    };

    public string Encode() => WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new[] { Sort, Key, Id.ToString(CultureInfo.InvariantCulture) }));

    public static ArticleCursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 4096)
        {
            return null;
        }

        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)));
            return parts is [var sort, var key, var id] && Lookup.TryParseId(id, out var articleId) && ArticleListQuery.Sorts.Contains(sort)
                ? new ArticleCursor(sort, key, articleId)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}

public sealed class ArticleListQueryValidator : AbstractValidator<ArticleListQuery>
{
    public ArticleListQueryValidator(Microsoft.Extensions.Options.IOptions<SearchOptions> search)
    {
        RuleFor(q => q.Q).MaximumLength(200);
        RuleFor(q => q.Q).Custom((text, context) =>
        {
            if (text is not null && ArticleSearchIndex.Refusal(text, search.Value) is { } refusal)
            {
                context.AddFailure(refusal);
            }
        });
        RuleFor(q => q.Limit).InclusiveBetween(1, PageQuery.MaxLimit);
        RuleFor(q => q.Sort).Must(s => s is null || ArticleListQuery.Sorts.Contains(s))
            .WithMessage($"'sort' must be one of: {string.Join(", ", ArticleListQuery.Sorts)}.");
        RuleFor(q => q.Sort).Must(s => s != "relevance").When(q => string.IsNullOrWhiteSpace(q.Q))
            .WithMessage("'sort=relevance' needs a search: add q.");
        RuleFor(q => q.TagMatch).Must(m => m is null or "any" or "all").WithMessage("'tagMatch' must be any or all.");
        RuleFor(q => q.TagKeys).Must(t => t.Count <= 20).WithMessage("At most 20 tags.").OverridePropertyName("tag");
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(q => q.Status).Must((query, status) => query.ParsedStatus is not null && !int.TryParse(status, out _))
            .When(q => q.Status is not null)
            .WithMessage(q => $"'status' must be draft, scheduled, published or archived, not \"{q.Status}\".");
        RuleFor(q => q.Cursor)
            .Must((query, cursor) => ArticleCursor.Decode(cursor) is { } decoded && decoded.Sort == query.EffectiveSort && decoded.HasReadableKey)
            .When(q => q.Cursor is not null)
            .WithMessage("The cursor is not one this API issued for this sort. Use the nextCursor of a previous page with the same sort, or omit it.");
        RuleFor(q => q.FieldList).Must(f => f.All(ArticleListQuery.FieldNames.Contains)).OverridePropertyName("fields")
            .WithMessage($"Unknown field. Valid fields: {string.Join(", ", ArticleListQuery.FieldNames)}.");
        RuleFor(q => q.IncludeList).Must(i => i.All(ArticleListQuery.Includes.Contains)).OverridePropertyName("include")
            .WithMessage($"Unknown include. Valid includes: {string.Join(", ", ArticleListQuery.Includes)}.");
        RuleFor(q => q.FacetList).Must(f => f.All(ArticleListQuery.FacetNames.Contains)).OverridePropertyName("facets")
            .WithMessage($"Unknown facet. Valid facets: {string.Join(", ", ArticleListQuery.FacetNames)}.");
    }
}
