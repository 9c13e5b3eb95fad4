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
    /// Fills in what a page shows besides the article's own row: its bylines, tags and entities with the records they
    /// name and its pinned articles, each in display order, and the entities editors rejected. One plain query per kind
    /// of link for all the articles: split includes repeat the article's join and visibility conditions in each of
    /// their queries, and preparing those cost more than running them.
    /// </summary>
    private static async Task LoadPageContentAsync(ContentDb db, Dictionary<int, Article> articles, CancellationToken ct)
    {
        if (articles.Count == 0)
        {
            return;
        }

        var ids = articles.Keys.ToList();
        foreach (var link in await db.ArticleBylines.AsNoTracking().Where(l => ids.Contains(l.ArticleId)).Include(l => l.Byline).OrderBy(l => l.Position).ToListAsync(ct))
        {
            articles[link.ArticleId].Bylines.Add(link);
        }

        foreach (var link in await db.ArticleTags.AsNoTracking().Where(l => ids.Contains(l.ArticleId)).Include(l => l.Tag).OrderBy(l => l.Position).ToListAsync(ct))
        {
            articles[link.ArticleId].Tags.Add(link);
        }

        foreach (var link in await db.ArticleEntities.AsNoTracking().Where(l => ids.Contains(l.ArticleId)).Include(l => l.Entity).OrderBy(l => l.Position).ToListAsync(ct))
        {
            articles[link.ArticleId].Entities.Add(link);
        }

        foreach (var pin in await db.ArticlePins.AsNoTracking().Where(p => ids.Contains(p.ArticleId)).Include(p => p.PinnedArticle).OrderBy(p => p.Position).ToListAsync(ct))
        {
            articles[pin.ArticleId].Pins.Add(pin);
        }

        foreach (var rejection in await db.ArticleEntityRejections.AsNoTracking().Where(r => ids.Contains(r.ArticleId)).ToListAsync(ct))
        {
            articles[rejection.ArticleId].EntityRejections.Add(rejection);
        }
    }

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

        var articles = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Where(visibility.Rule).ToDictionaryAsync(a => a.Id, ct);
        await LoadPageContentAsync(db, articles, ct);
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
