using System.Globalization;
using ContentApi.Access;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Tags;
using Mapster;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Articles;

/// <summary>GET /v1/articles: the visible articles that match the filters, in the asked order, a page at a time.</summary>
public static class ArticleLists
{
    private const int FacetSize = 20;

    public static async Task<Results<Ok<ArticleList>, ValidationProblem>> ListAsync(
        ArticleListQuery query, ArticleVisibility visibility, HttpRequest http, ContentDb db, CancellationToken ct)
    {
        var articles = await FilteredAsync(query, db.Articles.AsNoTracking().Where(visibility.Rule), db, ct);
        var sort = query.EffectiveSort;
        var cursor = ArticleCursor.Decode(query.Cursor);

        List<(Article Article, double Rank)> page;
        if (query.Q is { } text && !string.IsNullOrWhiteSpace(text))
        {
            if (ArticleSearchIndex.ToMatchExpression(text) is not { } match)
            {
                return SearchProblem("The search has no words in it.");
            }

            var hits = ArticleSearchIndex.Hits(db, match);
            var matched = articles.Join(hits, a => a.Id, h => h.ArticleId, (a, h) => new Ranked { Article = a, Rank = h.Rank });
            articles = matched.Select(r => r.Article);
            try
            {
                page = sort == "relevance"
                    ? (await ByRelevance(matched, cursor).Take(query.Limit + 1).ToListAsync(ct)).Select(r => (r.Article, r.Rank)).ToList()
                    : [.. (await Sorted(articles, sort, cursor).Take(query.Limit + 1).ToListAsync(ct)).Select(a => (a, 0d))];
            }
            catch (Exception e) when (ArticleSearchIndex.IsSearchSyntaxError(e))
            {
                return SearchProblem("The search could not be understood. Use words, \"quoted phrases\" and word* prefixes.");
            }
        }
        else
        {
            page = [.. (await Sorted(articles, sort, cursor).Take(query.Limit + 1).ToListAsync(ct)).Select(a => (a, 0d))];
        }

        var more = page.Count > query.Limit;
        page = page.Take(query.Limit).ToList();
        var items = await ItemsAsync(page.Select(p => p.Article).ToList(), query, db, ct);
        string? nextCursor = more ? new ArticleCursor(sort, KeyOf(page[^1].Article, page[^1].Rank, sort), page[^1].Article.Id).Encode() : null;
        var total = query.Count ? await articles.CountAsync(ct) : (int?)null;
        var facets = query.FacetList.Count > 0 ? await FacetsAsync(articles, query.FacetList, db, ct) : null;
        return TypedResults.Ok(new ArticleList(items, query.Limit, nextCursor, nextCursor is null ? null : NextLinks.For(http, nextCursor), total, facets));
    }

    /// <summary>Applies every filter but search. Unknown tags, bylines or entities match nothing.</summary>
    private static async Task<IQueryable<Article>> FilteredAsync(ArticleListQuery query, IQueryable<Article> articles, ContentDb db, CancellationToken ct)
    {
        if (query.TagKeys.Count > 0)
        {
            var (tagIds, everyTagFound) = await ResolveAsync(db.Tags, query.TagKeys, ct);
            if (query.TagMatch == "all")
            {
                articles = !everyTagFound ? articles.Where(_ => false) : tagIds.Aggregate(articles, (q, id) => q.Where(a => a.Tags.Any(t => t.TagId == id)));
            }
            else
            {
                articles = articles.Where(a => a.Tags.Any(t => tagIds.Contains(t.TagId)));
            }
        }

        if (query.Byline is { } byline)
        {
            var id = (await ResolveAsync(db.Bylines, [byline], ct)).Ids.FirstOrDefault();
            articles = articles.Where(a => a.Bylines.Any(b => b.BylineId == id));
        }

        if (query.Entity is { } entity)
        {
            var id = (await ResolveAsync(db.Entities, [entity], ct)).Ids.FirstOrDefault();
            articles = articles.Where(a => a.Entities.Any(e => e.EntityId == id));
        }

        if (query.Section is { } section)
        {
            articles = articles.Where(a => a.Section == section);
        }

        if (query.Language is { } language)
        {
            articles = articles.Where(a => a.Language == language);
        }

        if (query.From is { } from)
        {
            var since = Times.ToUtc(from);
            articles = articles.Where(a => a.PublishedAt >= since);
        }

        if (query.To is { } to)
        {
            var before = Times.ToUtc(to);
            articles = articles.Where(a => a.PublishedAt < before);
        }

        if (query.ParsedStatus is { } status)
        {
            articles = articles.Where(a => a.Status == status);
        }

        return articles;
    }

    /// <summary>Keyset paging: each sort orders by its key then id, and a cursor continues after both.</summary>
    private static IQueryable<Article> Sorted(IQueryable<Article> articles, string sort, ArticleCursor? after)
    {
        switch (sort)
        {
            case "oldest":
                // Unpublished articles (no publishedAt, editors only) come first, as SQLite orders NULL.
                if (after is not null && ParseTime(after.Key) is { } oldestKey)
                {
                    articles = articles.Where(a => a.PublishedAt > oldestKey || (a.PublishedAt == oldestKey && a.Id > after.Id));
                }
                else if (after is not null)
                {
                    articles = articles.Where(a => a.PublishedAt != null || a.Id > after.Id);
                }

                return articles.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id);
            case "updated":
                if (after is not null)
                {
                    var key = ParseTime(after.Key);
                    articles = articles.Where(a => a.UpdatedAt < key || (a.UpdatedAt == key && a.Id < after.Id));
                }

                return articles.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id);
            case "headline":
                if (after is not null)
                {
                    var key = after.Key;
                    // Translated to SQL '>', which under SQLite's BINARY collation is an ordinal comparison.
#pragma warning disable CA1309
                    articles = articles.Where(a => string.Compare(a.Headline, key) > 0 || (a.Headline == key && a.Id > after.Id));
#pragma warning restore CA1309
                }

                return articles.OrderBy(a => a.Headline).ThenBy(a => a.Id);
            default:
                // Unpublished articles (no publishedAt, editors only) come last, as SQLite orders NULL.
                if (after is not null && ParseTime(after.Key) is { } newestKey)
                {
                    articles = articles.Where(a => a.PublishedAt < newestKey || (a.PublishedAt == newestKey && a.Id < after.Id) || a.PublishedAt == null);
                }
                else if (after is not null)
                {
                    articles = articles.Where(a => a.PublishedAt == null && a.Id < after.Id);
                }

                return articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id);
        }
    }

    private static IQueryable<Ranked> ByRelevance(IQueryable<Ranked> matched, ArticleCursor? after)
    {
        if (after is not null)
        {
            var rank = double.Parse(after.Key, CultureInfo.InvariantCulture);
            matched = matched.Where(r => r.Rank > rank || (r.Rank == rank && r.Article.Id > after.Id));
        }

        return matched.OrderBy(r => r.Rank).ThenBy(r => r.Article.Id);
    }

    private static string KeyOf(Article article, double rank, string sort) => sort switch
    {
        "relevance" => rank.ToString("R", CultureInfo.InvariantCulture),
        "updated" => article.UpdatedAt.Ticks.ToString(CultureInfo.InvariantCulture),
        "headline" => article.Headline,
        _ => (article.PublishedAt?.Ticks ?? 0).ToString(CultureInfo.InvariantCulture),
    };

    internal static DateTime? ParseTime(string key) =>
        long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 && ticks <= DateTime.MaxValue.Ticks
            ? new DateTime(ticks, DateTimeKind.Utc)
            : null;

    private static async Task<List<ArticleListItem>> ItemsAsync(List<Article> articles, ArticleListQuery query, ContentDb db, CancellationToken ct)
    {
        var ids = articles.Select(a => a.Id).ToList();
        var include = query.IncludeList;
        var bylines = include.Contains("bylines")
            ? (await db.ArticleBylines.AsNoTracking().Where(l => ids.Contains(l.ArticleId)).Include(l => l.Byline).OrderBy(l => l.Position).ToListAsync(ct))
                .ToLookup(l => l.ArticleId)
            : null;
        var tags = include.Contains("tags")
            ? (await db.ArticleTags.AsNoTracking().Where(l => ids.Contains(l.ArticleId)).Include(l => l.Tag).OrderBy(l => l.Position).ToListAsync(ct))
                .ToLookup(l => l.ArticleId)
            : null;
        var entities = include.Contains("entities")
            ? (await db.ArticleEntities.AsNoTracking().Where(l => ids.Contains(l.ArticleId)).Include(l => l.Entity).OrderBy(l => l.Position).ToListAsync(ct))
                .ToLookup(l => l.ArticleId)
            : null;
        // Highlighted passages, only for the articles on the page.
        var snippets = ArticleSearchIndex.ToMatchExpression(query.Q ?? "") is { } match && ids.Count > 0
            ? await ArticleSearchIndex.SnippetsAsync(db, match, ids, ct)
            : null;

        return
        [
            .. articles.Select(a => a.Adapt<ArticleListItem>() with
            {
                Snippet = snippets?.GetValueOrDefault(a.Id),
                Bylines = bylines?[a.Id].Select(l => l.Adapt<ArticleBylineResponse>()).ToList(),
                Tags = tags?[a.Id].Select(l => l.Tag.Adapt<TagResponse>()).ToList(),
                Entities = entities?[a.Id].Select(l => l.Entity.Adapt<EntityResponse>()).ToList(),
            }),
        ];
    }

    private static async Task<ArticleFacets> FacetsAsync(IQueryable<Article> articles, IReadOnlyList<string> facets, ContentDb db, CancellationToken ct)
    {
        var ids = articles.Select(a => a.Id);
        return new ArticleFacets(
            Tag: facets.Contains("tag")
                ? await TopAsync(db.ArticleTags.Where(l => ids.Contains(l.ArticleId)).GroupBy(l => new { l.Tag.Slug, l.Tag.Name })
                    .Select(g => new FacetRow { Value = g.Key.Slug, Name = g.Key.Name, Count = g.Count() }), ct)
                : null,
            Section: facets.Contains("section")
                ? await TopAsync(articles.GroupBy(a => a.Section).Select(g => new FacetRow { Value = g.Key, Name = g.Key, Count = g.Count() }), ct)
                : null,
            Byline: facets.Contains("byline")
                ? await TopAsync(db.ArticleBylines.Where(l => ids.Contains(l.ArticleId)).GroupBy(l => new { l.Byline.Slug, l.Byline.Name })
                    .Select(g => new FacetRow { Value = g.Key.Slug, Name = g.Key.Name, Count = g.Count() }), ct)
                : null,
            Entity: facets.Contains("entity")
                ? await TopAsync(db.ArticleEntities.Where(l => ids.Contains(l.ArticleId)).GroupBy(l => new { l.Entity.Slug, l.Entity.Name })
                    .Select(g => new FacetRow { Value = g.Key.Slug, Name = g.Key.Name, Count = g.Count() }), ct)
                : null);
    }

    /// <summary>The most common values first, ties by value.</summary>
    private static async Task<List<FacetCount>> TopAsync(IQueryable<FacetRow> rows, CancellationToken ct) =>
        [.. (await rows.OrderByDescending(f => f.Count).ThenBy(f => f.Value).Take(FacetSize).ToListAsync(ct))
            .Select(f => new FacetCount(f.Value, f.Name, f.Count))];

    /// <summary>The distinct ids that slugs or ids name, and whether every one of them named something.</summary>
    private static async Task<(List<int> Ids, bool EveryKeyFound)> ResolveAsync<T>(IQueryable<T> table, IReadOnlyList<string> keys, CancellationToken ct)
        where T : class, ISlugged
    {
        var ids = keys.Select(k => Lookup.TryParseId(k, out var id) ? id : 0).Where(id => id > 0).ToList();
        var found = await table.Where(e => keys.Contains(e.Slug) || ids.Contains(e.Id)).Select(e => new { e.Id, e.Slug }).ToListAsync(ct);
        var everyKeyFound = keys.All(k => found.Any(f => f.Slug == k || (Lookup.TryParseId(k, out var id) && f.Id == id)));
        return ([.. found.Select(f => f.Id).Distinct()], everyKeyFound);
    }

    private static ValidationProblem SearchProblem(string message) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["q"] = [message] }, title: "Validation failed", detail: message);

    private sealed class FacetRow
    {
        public required string Value { get; init; }
        public required string Name { get; init; }
        public int Count { get; init; }
    }

    private sealed class Ranked
    {
        public required Article Article { get; init; }
        public double Rank { get; init; }
    }

}
