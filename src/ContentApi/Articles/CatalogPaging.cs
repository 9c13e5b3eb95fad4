using System.Globalization;
using ContentApi.Access;

namespace ContentApi.Articles;

/// <summary>
/// A page of a list filtered by tags, bylines or entities, in publication order, chosen in memory from the
/// catalog, two ways, as SQL would but with the numbers SQL's statistics lack:
/// <list type="bullet">
/// <item>few candidates (the filter's shortest link list is short, or a total is asked for): read them all and
/// keep the best few;</item>
/// <item>many: walk the catalog's publication order from the cursor, checking each article, until the page is
/// full, which for a common tag takes a few dozen steps.</item>
/// </list>
/// The order and cursors are the SQL ones (ArticleLists.Sorted): newest first with unpublished articles last,
/// or oldest first with them first, then by id.
/// </summary>
internal static class CatalogPaging
{
    /// <summary>Up to this many candidates, reading them all beats walking the publication order.</summary>
    public const int FewCandidates = 2_000;

    /// <summary>Whether the catalog chooses this page: a filter on links, sorted by publication time, not a search.</summary>
    public static bool Applies(ArticleCatalog catalog, ArticleFilter filter, string sort, string? match) =>
        catalog.IsLoaded && match is null && sort is "newest" or "oldest"
        && filter.TagGroups.Count + filter.BylineGroups.Count + filter.EntityGroups.Count > 0;

    /// <summary>
    /// Whether the catalog chooses a search's page from its hits: by relevance, newest or oldest. Joining the hits to the
    /// article rows in SQL read a row for every hit (most of a search's time); the catalog checks each hit in memory.
    /// </summary>
    public static bool AppliesToSearch(ArticleCatalog catalog, string sort) => catalog.IsLoaded && sort is "relevance" or "newest" or "oldest";

    /// <summary>
    /// The page of a search among its hits (bm25 ranks, lower is better), with the order and cursors of SQL: by rank then
    /// id for relevance, by publication time for newest and oldest. Returns each id with its rank.
    /// </summary>
    public static (List<(int Id, double Rank)> Page, bool More, int? Total) ChooseAmongHits(
        ArticleCatalog catalog, IReadOnlyList<ArticleSearchIndex.SearchHit> hits, ArticleFilter filter, ArticleVisibility visibility,
        string sort, ArticleCursor? after, int limit, bool count)
    {
        var visible = visibility.ForFacts();
        if (sort != "relevance")
        {
            var (ids, more, total) = ReadAll(hits.Select(hit => catalog.Find(hit.ArticleId)).OfType<ArticleFacts>(), filter, visible, sort == "newest", DateCursor(after), limit);
            return ([.. ids.Select(id => (id, 0d))], more, count ? total : null);
        }

        var matching = hits.Where(hit => catalog.Find(hit.ArticleId) is { } article && filter.Matches(article) && visible(article)).ToList();
        var afterRank = after is null ? 0 : double.Parse(after.Key, CultureInfo.InvariantCulture);
        var page = matching
            .Where(hit => after is null || hit.Rank > afterRank || (hit.Rank == afterRank && hit.ArticleId > after.Id))
            .OrderBy(hit => hit.Rank).ThenBy(hit => hit.ArticleId)
            .Take(limit + 1)
            .Select(hit => (hit.ArticleId, hit.Rank))
            .ToList();
        var hasMore = page.Count > limit;
        return (hasMore ? page[..limit] : page, hasMore, count ? matching.Count : null);
    }

    /// <summary>The ids of the page, best first, whether more follow, and how many match in all (when <paramref name="count"/>).</summary>
    public static (List<int> Ids, bool More, int? Total) Choose(
        ArticleCatalog catalog, ArticleFilter filter, ArticleVisibility visibility, string sort, ArticleCursor? after, int limit, bool count)
    {
        var newest = sort == "newest";
        var cursor = DateCursor(after);
        var candidates = filter.CandidatesIn(catalog, out var candidateCount);
        if (count || candidateCount <= FewCandidates)
        {
            return ReadAll(candidates, filter, visibility.ForFacts(), newest, cursor, limit);
        }

        var (ids, more) = Walk(catalog, filter, visibility, newest, cursor, limit);
        return (ids, more, null);
    }

    private static (List<int> Ids, bool More, int? Total) ReadAll(
        IEnumerable<ArticleFacts> candidates, ArticleFilter filter, Func<ArticleFacts, bool> visible, bool newest, DateKey? cursor, int limit)
    {
        // The worst kept on top, to be replaced by a better one: a min-heap for newest first, a max-heap for oldest first.
        var kept = new PriorityQueue<int, DateKey>(newest ? Comparer<DateKey>.Default : Comparer<DateKey>.Create((a, b) => b.CompareTo(a)));
        var total = 0;
        foreach (var article in candidates)
        {
            if (!filter.Matches(article) || !visible(article))
            {
                continue;
            }

            total++;
            var key = DateKey.Of(article);
            if (cursor is { } at && (newest ? key >= at : key <= at))
            {
                continue;
            }

            if (kept.Count <= limit)
            {
                kept.Enqueue(article.Id, key);
            }
            else if (kept.TryPeek(out _, out var worst) && (newest ? key > worst : key < worst))
            {
                kept.DequeueEnqueue(article.Id, key);
            }
        }

        var ids = new List<int>(kept.Count);
        while (kept.TryDequeue(out var id, out _))
        {
            ids.Add(id);
        }

        ids.Reverse();
        var more = ids.Count > limit;
        return (more ? ids[..limit] : ids, more, total);
    }

    /// <summary>
    /// Walks the publication order from past the cursor. Callers who see only what is live never walk the
    /// unpublished articles (first in the order) or those with a publication time still to come (last), which
    /// they cannot see: a newest-first walk starts at now.
    /// </summary>
    private static (List<int> Ids, bool More) Walk(
        ArticleCatalog catalog, ArticleFilter filter, ArticleVisibility visibility, bool newest, DateKey? cursor, int limit)
    {
        var order = catalog.ByDate;
        var (first, last) = (0, order.Count - 1);
        if (visibility.Audience != ArticleVisibility.Everything)
        {
            first = FirstAtOrAfter(order, new DateKey(long.MinValue + 1, int.MinValue));
            last = FirstAtOrAfter(order, new DateKey(visibility.Now.Ticks + 1, int.MinValue)) - 1;
        }

        if (cursor is { } at)
        {
            // Past the cursor: below it for newest first, above it for oldest first.
            var place = FirstAtOrAfter(order, at);
            (first, last) = newest
                ? (first, Math.Min(last, place - 1))
                : (Math.Max(first, place < order.Count && order[place] == at ? place + 1 : place), last);
        }

        var visible = visibility.ForFacts();
        var ids = new List<int>(limit + 1);
        for (var i = newest ? last : first; i >= first && i <= last && ids.Count <= limit; i += newest ? -1 : 1)
        {
            if (catalog.Find(order[i].Id) is { } article && filter.Matches(article) && visible(article))
            {
                ids.Add(article.Id);
            }
        }

        var more = ids.Count > limit;
        return (more ? ids[..limit] : ids, more);
    }

    private static DateKey? DateCursor(ArticleCursor? after) =>
        after is null ? null : new DateKey(ArticleLists.ParseTime(after.Key)?.Ticks ?? long.MinValue, after.Id);

    /// <summary>The first place in the order at or after the key (the count when none is).</summary>
    private static int FirstAtOrAfter(IReadOnlyList<DateKey> order, DateKey key)
    {
        var (low, high) = (0, order.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = order[middle] < key ? (middle + 1, high) : (low, middle);
        }

        return low;
    }
}
