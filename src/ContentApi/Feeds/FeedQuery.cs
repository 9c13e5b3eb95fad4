using System.ComponentModel;
using System.Globalization;
using ContentApi.Articles;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace ContentApi.Feeds;

/// <summary>
/// The query string of a feed: the filters and search of GET /v1/articles and how many articles. A feed is always the
/// newest articles first, with no paging: readers poll its one URL.
/// </summary>
public sealed record FeedQuery(
    [FromQuery(Name = "q")][property: Description("Full-text search, as on GET /v1/articles; the feed stays newest first")] string? Q = null,
    [FromQuery(Name = "tag")][property: Description("Tag slugs or ids; repeat the parameter or separate with commas")] string[]? Tag = null,
    [FromQuery(Name = "tagMatch")][property: Description("any (default): articles with any of the tags; all: with every one")] string? TagMatch = null,
    [FromQuery(Name = "byline")][property: Description("Byline slug or id")] string? Byline = null,
    [FromQuery(Name = "entity")][property: Description("Entity slug or id")] string? Entity = null,
    [FromQuery(Name = "section")][property: Description("Section name, such as World")] string? Section = null,
    [FromQuery(Name = "language")][property: Description("BCP 47 language tag, such as en")] string? Language = null,
    [FromQuery(Name = "from")][property: Description("Published at or after this time (RFC 3339)")] DateTime? From = null,
    [FromQuery(Name = "to")][property: Description("Published before this time (RFC 3339)")] DateTime? To = null,
    [FromQuery(Name = "limit")][property: Description("How many of the newest articles, 1-100"), DefaultValue(FeedQuery.DefaultLimit)] int Limit = FeedQuery.DefaultLimit)
{
    public const int DefaultLimit = 20;

    /// <summary>The same query as a list query: the first page, newest first.</summary>
    public ArticleListQuery ToListQuery() =>
        new(Q, Tag, TagMatch, Byline, Entity, Section, Language, From, To, Sort: "newest", Limit: Limit);

    /// <summary>
    /// The query in one fixed form (fixed order, times in UTC, the default limit left out), for
    /// the feed's own address and id: the same query always gives the same feed id.
    /// </summary>
    public QueryString Canonical()
    {
        var tags = ToListQuery().TagKeys;
        var pairs = new (string Name, string? Value)[]
        {
            ("q", Q),
            ("tag", tags.Count > 0 ? string.Join(',', tags) : null),
            ("tagMatch", TagMatch),
            ("byline", Byline),
            ("entity", Entity),
            ("section", Section),
            ("language", Language),
            ("from", Rfc3339(From)),
            ("to", Rfc3339(To)),
            ("limit", Limit == DefaultLimit ? null : Limit.ToString(CultureInfo.InvariantCulture)),
        };
        return QueryString.Create(pairs.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));
    }

    internal static string? Rfc3339(DateTime? time) =>
        time is { } t ? Times.ToUtc(t).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture) : null;
}

/// <summary>A feed's query follows the list's rules, reported under the same parameter names.</summary>
public sealed class FeedQueryValidator : AbstractValidator<FeedQuery>
{
    public FeedQueryValidator(IValidator<ArticleListQuery> list)
    {
        RuleFor(q => q).CustomAsync(async (query, context, ct) =>
        {
            foreach (var failure in (await list.ValidateAsync(query.ToListQuery(), ct)).Errors)
            {
                context.AddFailure(failure);
            }
        });
    }
}
