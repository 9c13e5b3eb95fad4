using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Entities;
using ContentApi.Related;
using ContentApi.Revisions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Trash;

/// <summary>
/// Deleting an article removes its row (so lists, search, related, the catalog and sync see it gone, and the
/// change log records a delete) after keeping a snapshot in the trash; restoring writes it again with its id.
/// </summary>
public static class ArticleTrash
{
    /// <summary>Tracks the article's removal and its trash item (the caller saves both in one transaction).</summary>
    public static async Task MoveAsync(ContentDb db, Article article, Author? by, DateTime now, CancellationToken ct)
    {
        var revisions = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == article.Id).OrderBy(r => r.Number).ToListAsync(ct);
        var formerSlugs = await db.ArticleSlugAliases.Where(s => s.ArticleId == article.Id).Select(s => s.Slug).ToListAsync(ct);
        var snapshot = new TrashedArticle(ArticleQueries.ToRequest(article), article.CreatedAt, article.UpdatedAt, article.Version, formerSlugs, revisions);
        db.Trash.Add(TrashItems.Create(TrashKind.Article, article.Id, article.Slug, article.Headline, snapshot, by, now));
        db.Articles.Remove(article);
    }

    /// <summary>
    /// Tracks the article written again from its snapshot, through the normal write path (body, links, extraction;
    /// the interceptors log a create and update the catalog), with its id, times, former slugs and revisions.
    /// Its own pins come back (less those to articles deleted since); pins that other articles had to it were
    /// removed when it was deleted and are not put back.
    /// </summary>
    public static async Task<ProblemHttpResult?> RestoreAsync(
        ContentDb db, TrashItem item, Author? by, EntityMatchers matchers, KeyTermSelection terms, IValidator<ArticleRequest> validator, TimeProvider clock, CancellationToken ct)
    {
        var trashed = JsonSerializer.Deserialize<TrashedArticle>(item.Snapshot, ArticleRevisions.Json)!;
        if (await db.Articles.AnyAsync(a => a.Slug == item.Slug, ct) || await db.ArticleSlugAliases.AnyAsync(s => s.Slug == item.Slug, ct))
        {
            return TrashItems.SlugTaken(TrashKind.Article, item.Slug);
        }

        var (request, missing) = await RevisionEndpoints.RestorableAsync(db, validator, trashed.Article, $"The deleted article '{item.Slug}'", ct);
        if (missing is not null)
        {
            return missing;
        }

        var article = new Article();
        if (await ArticleEndpoints.WriteAsync(article, request, new RevisionSource(by, trashed.Revisions), db, matchers, terms, clock, ct) is { } problem)
        {
            return problem;
        }

        article.Id = item.ResourceId;
        (article.CreatedAt, article.UpdatedAt, article.Version) = (trashed.CreatedAt, trashed.UpdatedAt, trashed.Version + 1);
        db.Articles.Add(article);
        var taken = await db.ArticleSlugAliases.Where(s => trashed.FormerSlugs.Contains(s.Slug)).Select(s => s.Slug)
            .Concat(db.Articles.Where(a => trashed.FormerSlugs.Contains(a.Slug)).Select(a => a.Slug)).ToListAsync(ct);
        db.ArticleSlugAliases.AddRange(trashed.FormerSlugs.Except(taken).Select(slug => new ArticleSlugAlias { Slug = slug, ArticleId = item.ResourceId }));
        return null;
    }
}
