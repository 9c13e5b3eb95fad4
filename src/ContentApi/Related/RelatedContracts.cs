using System.ComponentModel;
using ContentApi.Articles;
using ContentApi.Entities;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace ContentApi.Related;

/// <summary>The query string of GET /v1/articles/{idOrSlug}/related.</summary>
public sealed record RelatedQueryParameters(
    [FromQuery(Name = "limit")][property: Description("How many related articles, 1-50; fewer come back when fewer are related enough"), DefaultValue(5)] int Limit = 5,
    [FromQuery(Name = "section")][property: Description("Only articles in this section")] string? Section = null,
    [FromQuery(Name = "since")][property: Description("Only articles published at or after this time (RFC 3339)")] DateTime? Since = null,
    [FromQuery(Name = "tag")][property: Description("Only articles with this tag (slug or id)")] string? Tag = null,
    [FromQuery(Name = "exclude")][property: Description("Comma-separated article ids or slugs to leave out, such as those already on the page")] string? Exclude = null,
    [FromQuery(Name = "halfLifeDays")][property: Description("Recency: days apart at which a score halves; 0 turns recency off (for archives). Default from configuration")] double? HalfLifeDays = null,
    [FromQuery(Name = "diversity")][property: Description("0-1: how much to avoid results similar to ones above them (maximal marginal relevance); 0 ranks by score alone. Default from configuration")] double? Diversity = null,
    [FromQuery(Name = "include")][property: Description("Comma-separated: bylines, tags, entities embedded in each article")] string? Include = null,
    [FromQuery(Name = "explain")][property: Description("false leaves out each result's reasons (the shared tags, entities and key terms), for a leaner answer"), DefaultValue(true)] bool Explain = true)
{
    public const int MaxLimit = 50;

    public IReadOnlyList<string> ExcludeList => ArticleListQuery.Split(Exclude);

    public IReadOnlyList<string> IncludeList => ArticleListQuery.Split(Include);
}

public sealed class RelatedQueryParametersValidator : AbstractValidator<RelatedQueryParameters>
{
    /// <summary>About nine seconds: shorter half-lives are not meaningful and would round to no time at all.</summary>
    public const double MinHalfLifeDays = 0.0001;

    public RelatedQueryParametersValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, RelatedQueryParameters.MaxLimit);
        RuleFor(q => q.HalfLifeDays).Must(days => days is null or 0 or (>= MinHalfLifeDays and <= 36_500))
            .WithMessage($"'halfLifeDays' must be 0 (no recency) or between {MinHalfLifeDays} and 36500.");
        RuleFor(q => q.Diversity).InclusiveBetween(0, 1);
        RuleFor(q => q.ExcludeList).Must(e => e.Count <= 100).WithMessage("At most 100 articles to exclude.").OverridePropertyName("exclude");
        RuleFor(q => q.IncludeList).Must(i => i.All(ArticleListQuery.Includes.Contains)).OverridePropertyName("include")
            .WithMessage($"Unknown include. Valid includes: {string.Join(", ", ArticleListQuery.Includes)}.");
    }
}

/// <summary>The related articles of one article: the editor's pins first, then the best scored.</summary>
public sealed record RelatedList(
    [property: Description("Best first")] IReadOnlyList<RelatedArticle> Items);

public sealed record RelatedArticle(
    ArticleListItem Article,
    [property: Description("Chosen by an editor; pinned articles have no score")] bool Pinned,
    [property: Description("Similarity times recency; the reasons' weights add up to it")] double? Score,
    [property: Description("Cosine similarity of the IDF-weighted tags, entities and key terms (each kind scaled by its evidence weight), 0-1")] double? Similarity,
    [property: Description("The recency factor the similarity was scaled by, between the floor and 1")] double? Recency,
    [property: Description("The shared tags, entities and key terms and what each added to the score, largest first (empty with explain=false)")] IReadOnlyList<RelatedReason> Reasons);

/// <param name="Kind">tag, term (a key term of the text), or the entity's type: person, organisation, place, event, other.</param>
/// <param name="Value">The tag's or entity's slug; a term's key (its stem).</param>
/// <param name="Name">The tag's or entity's name; a term as the articles write it.</param>
public sealed record RelatedReason(string Kind, string Value, string Name, double Weight);

/// <summary>The query string of GET /v1/entities/{idOrSlug}/related-entities.</summary>
public sealed record RelatedEntitiesQuery(
    [FromQuery(Name = "limit")][property: Description("How many entities, 1-50"), DefaultValue(10)] int Limit = 10);

public sealed class RelatedEntitiesQueryValidator : AbstractValidator<RelatedEntitiesQuery>
{
    public RelatedEntitiesQueryValidator() => RuleFor(q => q.Limit).InclusiveBetween(1, RelatedQueryParameters.MaxLimit);
}

/// <summary>The entities most often in the same articles as one entity: for "also in this story" panels.</summary>
public sealed record RelatedEntityList(
    [property: Description("Most associated first")] IReadOnlyList<RelatedEntity> Items);

public sealed record RelatedEntity(
    EntityResponse Entity,
    [property: Description("How many of the articles read (the newest the caller may see) mention both")] int Articles,
    [property: Description("Cosine similarity of the two entities' article sets, 0-1: high when they appear together and rarely apart")] double Score);
