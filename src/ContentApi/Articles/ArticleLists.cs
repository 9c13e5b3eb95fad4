using System.Globalization;
using ContentApi.Access;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Tags;
using Mapster;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Articles;

/// <summary>GET /v1/articles: the visible articles that match the filters, in the asked order, a page at a time.</summary>
public static class ArticleLists
{
    public static Task<Results<Ok<ArticleList>, ValidationProblem>> ListAsync(
        ArticleListQuery query, ArticleVisibility visibility, HttpRequest http, ContentDb db, ArticleCatalog catalog, CancellationToken ct) =>
        FindAsync(query, visibility, db, catalog, http.HttpContext.RequestServices.GetRequiredService<IOptions<SearchOptions>>().Value, async found =>
        {
            var page = found.Page;
            var items = await ItemsAsync(page.Select(p => p.Article).ToList(), query, db, ct);
            string? nextCursor = found.More && page.Count > 0 ? new ArticleCursor(found.Sort, KeyOf(page[^1].Article, page[^1].Rank, found.Sort), page[^1].Article.Id).Encode() : null;
            var facets = query.FacetList.Count > 0
                ? await ArticleFacetCounts.CountAsync(catalog, found.Filter, visibility, found.Match, query.FacetList, db, ct)
                : null;
            return TypedResults.Ok(new ArticleList(items, query.Limit, nextCursor, nextCursor is null ? null : NextLinks.For(http, nextCursor), found.Total, facets));
        }, ct);

    /// <summary>
    /// Finds the page a list query asks for (its filters, search, sort, cursor and limit, for what the caller may see) and
    /// answers with what <paramref name="respond"/> makes of it: the lists and the feeds read articles this one way. A search
    /// that cannot be run is a 400 on q: one with no words, one SQLite refuses, here or in <paramref name="respond"/>, or one
    /// that outlasts Search:Timeout (see <see cref="SearchBudget"/>).
    /// </summary>
    internal static async Task<Results<TResult, ValidationProblem>> FindAsync<TResult>(
        ArticleListQuery query, ArticleVisibility visibility, ContentDb db, ArticleCatalog catalog, SearchOptions search,
        Func<FoundArticles, Task<TResult>> respond, CancellationToken ct)
        where TResult : IResult
    {
        var filter = await ArticleFilter.ResolveAsync(query, db, ct);
        var sort = query.EffectiveSort;
        var cursor = ArticleCursor.Decode(query.Cursor);
        string? match = null;
        if (query.Q is { } text && !string.IsNullOrWhiteSpace(text))
        {
            match = ArticleSearchIndex.ToMatchExpression(text);
            if (match is null)
            {
                return SearchProblem("The search has no words in it.");
            }
        }

        await using var budget = match is null ? null : await SearchBudget.StartAsync(db, search.Timeout, ct);
        try
        {
            var (page, more, total) = match is not null && CatalogPaging.AppliesToSearch(catalog, sort)
                ? await FromSearchHitsAsync(query, filter, visibility, sort, cursor, match, db, catalog, ct)
                : CatalogPaging.Applies(catalog, filter, sort, match)
                ? await FromCatalogAsync(query, filter, visibility, sort, cursor, db, catalog, ct)
                : await FromDatabaseAsync(query, filter, visibility, sort, cursor, match, db, ct);
            return await respond(new FoundArticles(filter, match, sort, page, more, total));
        }
        catch (Exception e) when (ArticleSearchIndex.IsSearchSyntaxError(e))
        {
            return SearchProblem("The search could not be understood. Use words, \"quoted phrases\" and word* prefixes.");
        }
        catch (Exception e) when (SearchBudget.IsExceeded(e) && !ct.IsCancellationRequested)
        {
            return SearchProblem($"The search took longer than {search.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was stopped. "
                + "Use longer prefixes, fewer words or more filters.");
        }
    }

    /// <summary>The page (with search ranks), whether more follow, and the total when asked for, from SQL.</summary>
    private static async Task<(List<(Article Article, double Rank)> Page, bool More, int? Total)> FromDatabaseAsync(
        ArticleListQuery query, ArticleFilter filter, ArticleVisibility visibility, string sort, ArticleCursor? cursor, string? match, ContentDb db, CancellationToken ct)
    {
        var articles = await filter.ApplyAsync(db.Articles.AsNoTracking().Where(visibility.Rule), db, ct);
        List<(Article Article, double Rank)> page;
        var matched = match is null ? null
            : articles.Join(ArticleSearchIndex.Hits(db, match), a => a.Id, h => h.ArticleId, (a, h) => new Ranked { Article = a, Rank = h.Rank });
        articles = matched?.Select(r => r.Article) ?? articles;
        if (matched is not null && sort == "relevance")
        {
            var ranks = await ByRelevance(matched, cursor).Take(query.Limit + 1).Select(r => new { r.Article.Id, r.Rank }).ToListAsync(ct);
            var ids = ranks.Select(r => r.Id).ToList();
            var teasers = await Teasers(db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))).ToDictionaryAsync(a => a.Id, ct);
            page = [.. ranks.Select(r => (teasers[r.Id], r.Rank))];
        }
        else
        {
            page = [.. (await Teasers(Sorted(articles, sort, cursor, nullsFirst: db.IsPostgres() && visibility.Reach == ArticleReach.Editors).Take(query.Limit + 1)).ToListAsync(ct)).Select(a => (a, 0d))];
        }

        var more = page.Count > query.Limit;
        var total = query.Count ? await articles.CountAsync(ct) : (int?)null;
        return (page.Take(query.Limit).ToList(), more, total);
    }

    /// <summary>The page chosen in memory (see <see cref="CatalogPaging"/>); its rows still pass the visibility rule in SQL.</summary>
    private static async Task<(List<(Article Article, double Rank)> Page, bool More, int? Total)> FromCatalogAsync(
        ArticleListQuery query, ArticleFilter filter, ArticleVisibility visibility, string sort, ArticleCursor? cursor, ContentDb db, ArticleCatalog catalog, CancellationToken ct)
    {
        var (ids, more, total) = CatalogPaging.Choose(catalog, filter, visibility, sort, cursor, query.Limit, query.Count);
        var teasers = await VisibleTeasersAsync(db, ids, visibility, ct);
        return ([.. ids.Where(teasers.ContainsKey).Select(id => (teasers[id], 0d))], more, total);
    }

    /// <summary>A search's page chosen in memory among its hits (see <see cref="CatalogPaging.ChooseAmongHits"/>); its rows still pass the visibility rule in SQL.</summary>
    private static async Task<(List<(Article Article, double Rank)> Page, bool More, int? Total)> FromSearchHitsAsync(
        ArticleListQuery query, ArticleFilter filter, ArticleVisibility visibility, string sort, ArticleCursor? cursor, string match,
        ContentDb db, ArticleCatalog catalog, CancellationToken ct)
    {
        // Only relevance reads the ranks: bm25 for every hit is most of a search's cost.
        var hits = sort == "relevance"
            ? await ArticleSearchIndex.Hits(db, match).ToListAsync(ct)
            : [.. (await ArticleSearchIndex.MatchingIdsAsync(db, match, ct)).Select(id => new ArticleSearchIndex.SearchHit(id, 0))];
        var (ranked, more, total) = CatalogPaging.ChooseAmongHits(catalog, hits, filter, visibility, sort, cursor, query.Limit, query.Count);
        var teasers = await VisibleTeasersAsync(db, [.. ranked.Select(r => r.Id)], visibility, ct);
        return ([.. ranked.Where(r => teasers.ContainsKey(r.Id)).Select(r => (teasers[r.Id], r.Rank))], more, total);
    }

    /// <summary>The teasers of a page chosen in memory, by id: the catalog may lag a write, so the rows pass the visibility rule again.</summary>
    private static Task<Dictionary<int, Article>> VisibleTeasersAsync(ContentDb db, List<int> ids, ArticleVisibility visibility, CancellationToken ct) =>
        Teasers(db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Where(visibility.Rule)).ToDictionaryAsync(a => a.Id, ct);

    /// <summary>
    /// What a list item shows of an article, and its sort keys: everything but the body, which is
    /// most of the row (three renderings of some 600 words) and which lists never show.
    /// </summary>
    internal static IQueryable<Article> Teasers(IQueryable<Article> articles) => articles.Select(a => new Article
    {
        Id = a.Id,
        Slug = a.Slug,
        Headline = a.Headline,
        Standfirst = a.Standfirst,
        Section = a.Section,
        Status = a.Status,
        PublishAt = a.PublishAt,
        PublishedAt = a.PublishedAt,
        EmbargoUntil = a.EmbargoUntil,
        CreatedAt = a.CreatedAt,
        UpdatedAt = a.UpdatedAt,
        Language = a.Language,
        FeaturedImage = a.FeaturedImage,
        WordCount = a.WordCount,
        ReadingTimeMinutes = a.ReadingTimeMinutes,
    });

    /// <summary>Keyset paging: each sort orders by its key then id, and a cursor continues after both.</summary>
    /// <summary>
    /// The articles in a sort's order after the cursor. Unpublished articles (no publishedAt, editors only) come first in
    /// oldest and last in newest: where SQLite orders NULL, before every time. PostgreSQL orders NULL after every time,
    /// so for editors there (<paramref name="nullsFirst"/>) a leading key puts them where SQLite does. Only for them: the
    /// key keeps PostgreSQL from walking the publication index, and no one else sees an unpublished article.
    /// </summary>
    private static IQueryable<Article> Sorted(IQueryable<Article> articles, string sort, ArticleCursor? after, bool nullsFirst)
    {
        switch (sort)
        {
            case "oldest":
                if (after is not null && ParseTime(after.Key) is { } oldestKey)
                {
                    articles = articles.Where(a => a.PublishedAt > oldestKey || (a.PublishedAt == oldestKey && a.Id > after.Id));
                }
                else if (after is not null)
                {
                    articles = articles.Where(a => a.PublishedAt != null || a.Id > after.Id);
                }

                return (nullsFirst ? articles.OrderBy(a => a.PublishedAt != null).ThenBy(a => a.PublishedAt) : articles.OrderBy(a => a.PublishedAt))
                    .ThenBy(a => a.Id);
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
                if (after is not null && ParseTime(after.Key) is { } newestKey)
                {
                    articles = articles.Where(a => a.PublishedAt < newestKey || (a.PublishedAt == newestKey && a.Id < after.Id) || a.PublishedAt == null);
                }
                else if (after is not null)
                {
                    articles = articles.Where(a => a.PublishedAt == null && a.Id < after.Id);
                }

                return (nullsFirst ? articles.OrderBy(a => a.PublishedAt == null).ThenByDescending(a => a.PublishedAt) : articles.OrderByDescending(a => a.PublishedAt))
                    .ThenByDescending(a => a.Id);
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

    internal static async Task<List<ArticleListItem>> ItemsAsync(List<Article> articles, ArticleListQuery query, ContentDb db, CancellationToken ct)
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

    private static ValidationProblem SearchProblem(string message) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["q"] = [message] }, title: "Validation failed", detail: message);

    private sealed class Ranked
    {
        public required Article Article { get; init; }
        public double Rank { get; init; }
    }

}

/// <summary>
/// A page of a list query: its resolved filter and search expression, its sort, the articles as teasers (no body) with
/// their search ranks, in order, whether more follow, and the total when it was asked for.
/// </summary>
internal sealed record FoundArticles(
    ArticleFilter Filter, string? Match, string Sort, List<(Article Article, double Rank)> Page, bool More, int? Total);
