using System.Globalization;
using ContentApi.Access;
using ContentApi.Entities;
using ContentApi.Revisions;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Articles;

public static class ArticleQueries
{
    /// <summary>
    /// The request that would recreate the article as it is: the base a merge patch applies to. Only the
    /// editor's picks are entityIds (extracted entities are found again), with the editor's rejections.
    /// </summary>
    public static ArticleRequest ToRequest(Article article) => new(
        article.Slug,
        article.Headline,
        article.Standfirst,
        article.Body.Markdown,
        article.Section,
        article.Status,
        article.PublishedAt,
        article.Language,
        article.CanonicalUrl,
        article.FeaturedImage?.Adapt<FeaturedImageDto>(),
        article.Syndication.Adapt<SyndicationDto>(),
        [.. article.Bylines.OrderBy(b => b.Position).Select(b => new ArticleBylineRequest(Id(b.BylineId), b.Role))],
        [.. article.Tags.OrderBy(t => t.Position).Select(t => Id(t.TagId))],
        [.. ArticleEntityLinks.EditorPicks(article.Entities).Select(Id)],
        [.. article.Pins.OrderBy(p => p.Position).Select(p => Id(p.PinnedArticleId))],
        [.. article.EntityRejections.Select(r => r.EntityId).Order().Select(Id)],
        article.EmbargoUntil);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
