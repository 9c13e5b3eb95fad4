using System.ComponentModel;
using System.Text.Json.Serialization;
using ContentApi.Related;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Revisions;
using ContentApi.Tags;

namespace ContentApi.Articles;

/// <summary>What an editor sends to create or replace an article.</summary>
public sealed record ArticleRequest(
    [property: Description("URL slug; generated from the headline when omitted. Changing it keeps the old slug resolving.")] string? Slug,
    [property: Description("Headline, at most 200 characters")] string Headline,
    [property: Description("Summary shown under the headline, at most 500 characters")] string? Standfirst,
    [property: Description("The body, authored as Markdown")] string Body,
    [property: Description("Section label, such as World or Business")] string Section,
    [property: Description("Workflow status; scheduled needs publishAt")] ArticleStatus Status = ArticleStatus.Draft,
    [property: Description("When a scheduled article goes live; for published ones, an optional back-dated publication time (RFC 3339)")] DateTime? PublishAt = null,
    [property: Description("BCP 47 language tag"), DefaultValue("en")] string Language = "en",
    [property: Description("The article's canonical web address")] string? CanonicalUrl = null,
    [property: Description("Lead image")] FeaturedImageDto? FeaturedImage = null,
    [property: Description("Whether partners may republish it; omitted means not cleared")] SyndicationDto? Syndication = null,
    [property: Description("Bylines in display order, each with its role on this article")] IReadOnlyList<ArticleBylineRequest>? Bylines = null,
    [property: Description("Ids of tags, in display order")] IReadOnlyList<string>? TagIds = null,
    [property: Description("Ids of the named entities the editor says the article is about, in display order. The service adds the entities it finds in the text (see entityMentions); those are not listed here.")] IReadOnlyList<string>? EntityIds = null,
    [property: Description("Ids of editor-pinned related articles, in order")] IReadOnlyList<string>? RelatedArticleIds = null,
    [property: Description("Ids of entities the editor removed from this article: they are never extracted onto it, even when the text names them. Omitted on PUT means none.")] IReadOnlyList<string>? RejectedEntityIds = null,
    [property: Description("Embargo (RFC 3339): until then readers and most partners see nothing of the article, even once published; partner keys cleared for embargoes receive it from its publication time, marked with this time")] DateTime? EmbargoUntil = null,
    [property: Description("On PUT, PATCH and revision restores: a public correction note printed with the article (corrections), such as \"An earlier version misspelt the minister's name.\" It belongs to this write only: it is never carried into the next one. Not on create.")] string? Correction = null);

public sealed record ArticleBylineRequest(
    [property: Description("Id of the byline")] string BylineId,
    [property: Description("What this byline did on the article"), DefaultValue(BylineCredit.Writer)] BylineCredit Role = BylineCredit.Writer);

public sealed record FeaturedImageDto(
    [property: Description("Absolute http(s) URL of the image")] string Url,
    [property: Description("Text alternative for screen readers")] string? AltText = null,
    [property: Description("Caption shown with the image")] string? Caption = null,
    [property: Description("Photographer or agency")] string? Credit = null);

public sealed record SyndicationDto(
    [property: Description("Whether partners may republish the article")] bool Allowed,
    [property: Description("Licence terms shown to partners")] string? Licence = null,
    [property: Description("When the right to republish ends (RFC 3339 UTC)")] DateTime? ExpiresAt = null);

/// <summary>An article with everything a page needs: body in three forms, bylines with bios, tags, entities, pins.</summary>
public sealed record ArticleResponse(
    string Id,
    string Slug,
    string Headline,
    string? Standfirst,
    string Section,
    ArticleStatus Status,
    DateTime? PublishAt,
    DateTime? PublishedAt,
    [property: Description("Under embargo until this time: do not show it to the public before then. Null when there is no embargo.")] DateTime? EmbargoUntil,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string Language,
    string? CanonicalUrl,
    FeaturedImageDto? FeaturedImage,
    ArticleBodyResponse Body,
    int WordCount,
    int ReadingTimeMinutes,
    SyndicationDto Syndication,
    IReadOnlyList<ArticleBylineResponse> Bylines,
    IReadOnlyList<TagResponse> Tags,
    [property: Description("The entities on the article: the editor's picks in the editor's order, then those found in the text, most salient first")] IReadOnlyList<EntityResponse> Entities,
    IReadOnlyList<ArticleListItem> RelatedArticles,
    [property: Description("For each item of entities, in the same order: who put it there, how often the text names it and how central it is")] IReadOnlyList<ArticleEntityMention> EntityMentions,
    [property: Description("Ids of entities the editor removed from this article; they are never extracted onto it. Send them back on PUT to keep them.")] IReadOnlyList<string> RejectedEntityIds,
    [property: Description("Public corrections of the article, oldest first: when each corrected version appeared, and what was corrected")] IReadOnlyList<ArticleCorrectionResponse> Corrections,
    [property: Description("The Related Articles box, only with include=related: what GET /v1/articles/{idOrSlug}/related?limit={relatedLimit} answers (pins first, as the caller may see them)")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    RelatedList? Related = null) : ILastModified
{
    /// <summary>The article's own change, or a later change to a byline, tag or entity it shows.</summary>
    [JsonIgnore]
    public DateTime LastModified => new[] { UpdatedAt }
        .Concat(Bylines.Select(b => b.Byline.UpdatedAt)).Concat(Tags.Select(t => t.UpdatedAt)).Concat(Entities.Select(e => e.UpdatedAt))
        .Max();
}

/// <summary>How an entity came to be on an article, and how much the article is about it.</summary>
public sealed record ArticleEntityMention(
    [property: Description("Id of the entity, as in entities")] string EntityId,
    [property: Description("editor: chosen by an editor (entityIds); extracted: found in the text by the service")] EntityOrigin Origin,
    [property: Description("How many times the headline, standfirst and body name it or one of its aliases (0 for an editor pick the text never names)")] int Mentions,
    [property: Description("How central it is to the article, 0-1: more and earlier mentions score higher (one mention late in the body 0.25, one in the headline 0.5). An editor pick the text never names gets the article's highest salience, or 1.")] double Salience);

public sealed record ArticleBodyResponse(
    [property: Description("As authored")] string Markdown,
    [property: Description("Rendered and sanitized for the web")] string Html,
    [property: Description("Plain text, paragraphs separated by a blank line")] string Text);

public sealed record ArticleBylineResponse(BylineCredit Role, BylineResponse Byline);

/// <summary>An article in a list (and a pinned related article): a teaser, the search snippet when searching, and what include= asked for.</summary>
public sealed record ArticleListItem(
    string Id,
    string Slug,
    string Headline,
    string? Standfirst,
    string Section,
    ArticleStatus Status,
    DateTime? PublishedAt,
    DateTime UpdatedAt,
    string Language,
    FeaturedImageDto? FeaturedImage,
    int ReadingTimeMinutes,
    [property: Description("Under embargo until this time (only partners cleared for embargoes see such articles early); left out when there is none"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? EmbargoUntil = null,
    [property: Description("HTML: the matching passage, its text escaped, with <mark> around matched words (the only markup); only when searching"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Snippet = null,
    [property: Description("With include=bylines"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ArticleBylineResponse>? Bylines = null,
    [property: Description("With include=tags"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TagResponse>? Tags = null,
    [property: Description("With include=entities"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<EntityResponse>? Entities = null);

/// <summary>A page of articles, with the total and facet counts when asked for.</summary>
public sealed record ArticleList(
    [property: Description("The articles on this page")] IReadOnlyList<ArticleListItem> Items,
    [property: Description("The page size that was asked for")] int Limit,
    [property: Description("Opaque cursor for the next page; null on the last page")] string? NextCursor,
    [property: Description("Relative URL of the next page; null on the last page")] string? Next,
    [property: Description("Number of matching articles; only with count=true"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Total = null,
    [property: Description("Counts over all matching articles; only with facets="), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ArticleFacets? Facets = null);

public sealed record ArticleFacets(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FacetCount>? Tag = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FacetCount>? Section = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FacetCount>? Byline = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FacetCount>? Entity = null);

/// <summary>One filter chip: the value to filter by (a slug, or a section name), its label and how many articles have it.</summary>
public sealed record FacetCount(string Value, string Name, int Count);

/// <summary>The query string of GET /v1/articles/{idOrSlug}.</summary>
public sealed record ArticlePageQuery(
    [FromQuery(Name = "include")][property: Description("related: embed the Related Articles box as related, so the page needs no second request")] string? Include = null,
    [FromQuery(Name = "relatedLimit")][property: Description("With include=related: how many related articles, 1-50"), DefaultValue(5)] int RelatedLimit = 5)
{
    public const string RelatedInclude = "related";

    public IReadOnlyList<string> IncludeList => ArticleListQuery.Split(Include);

    public bool IncludesRelated => IncludeList.Contains(RelatedInclude);
}

public sealed class ArticlePageQueryValidator : AbstractValidator<ArticlePageQuery>
{
    public ArticlePageQueryValidator()
    {
        RuleFor(q => q.IncludeList).Must(i => i.All(name => name == ArticlePageQuery.RelatedInclude)).OverridePropertyName("include")
            .WithMessage($"Unknown include. Valid includes: {ArticlePageQuery.RelatedInclude}.");
        RuleFor(q => q.RelatedLimit).InclusiveBetween(1, RelatedQueryParameters.MaxLimit);
    }
}
