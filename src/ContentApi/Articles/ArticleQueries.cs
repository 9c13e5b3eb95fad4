using System.Globalization;
using ContentApi.Access;
using ContentApi.Entities;
using ContentApi.Revisions;
using Mapster;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Articles;

public static class ArticleQueries
{
    /// <summary>Everything a page shows, in display order: bylines, tags, entities and pinned articles.</summary>
    public static IQueryable<Article> WithPageContent(this IQueryable<Article> articles) => articles
        .Include(a => a.Bylines.OrderBy(b => b.Position)).ThenInclude(b => b.Byline)
        .Include(a => a.Tags.OrderBy(t => t.Position)).ThenInclude(t => t.Tag)
        .Include(a => a.Entities.OrderBy(e => e.Position)).ThenInclude(e => e.Entity)
        .Include(a => a.Pins.OrderBy(p => p.Position)).ThenInclude(p => p.PinnedArticle)
        .Include(a => a.EntityRejections)
        .AsSplitQuery();

    /// <summary>The article as the caller may see it: pinned articles the caller may not see are left out.</summary>
    public static async Task<ArticleResponse?> LoadResponseAsync(this ContentDb db, int id, ArticleVisibility visibility, CancellationToken ct) =>
        (await db.LoadResponsesAsync([id], visibility, ct)).SingleOrDefault();

    /// <summary>The articles of these ids the caller may see, in the order given, with their public corrections.</summary>
    public static async Task<List<ArticleResponse>> LoadResponsesAsync(this ContentDb db, IReadOnlyList<int> ids, ArticleVisibility visibility, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var articles = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Where(visibility.Rule).WithPageContent().ToDictionaryAsync(a => a.Id, ct);
        var corrections = await ArticleRevisions.CorrectionsAsync(db, articles.Keys, ct);
        return
        [
            .. ids.Where(articles.ContainsKey).Select(id =>
            {
                var article = articles[id];
                article.Pins.RemoveAll(pin => !visibility.Allows(pin.PinnedArticle));
                return article.Adapt<ArticleResponse>() with { Corrections = [.. corrections[id]] };
            }),
        ];
    }

    /// <summary>The id of the article the caller may see under an id, a current slug or a former slug.</summary>
    public static async Task<(int Id, string? MovedTo)?> ResolveAsync(this ContentDb db, string idOrSlug, ArticleVisibility visibility, CancellationToken ct)
    {
        var visible = db.Articles.Where(visibility.Rule);
        var current = await visible.WhereKey(idOrSlug).Select(a => (int?)a.Id).SingleOrDefaultAsync(ct);
        if (current is { } id)
        {
            return (id, null);
        }

        var moved = await db.ArticleSlugAliases.Where(s => s.Slug == idOrSlug)
            .Join(visible, alias => alias.ArticleId, article => article.Id, (alias, article) => new { article.Id, article.Slug })
            .SingleOrDefaultAsync(ct);
        return moved is null ? null : (moved.Id, moved.Slug);
    }

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
