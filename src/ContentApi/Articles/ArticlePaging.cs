using System.Globalization;
using ContentApi.Access;
using ContentApi.ReadModel;

namespace ContentApi.Articles;

/// <summary>
/// Chooses a page of a list in memory, from the read model, in any of the list's sorts, two ways:
/// <list type="bullet">
/// <item>few candidates (the filter's shortest link list is short, or a search's hits): read them all and keep the best
/// few, counting as it goes;</item>
/// <item>many: walk the sort's order from the cursor, checking each article, until the page is full, which for a common
/// tag takes a few dozen steps; a total, when asked for, comes from the read model's counts where the filter is one
/// tag, byline or entity or none, else from reading the candidates.</item>
/// </list>
/// Orders and cursors: newest first with unpublished articles last, or oldest first with them first; last updated
/// first; headline (ordinal) first to last; best search rank first; ties by id, in the same direction.
/// </summary>
internal static class ArticlePaging
{
    /// <summary>Up to this many candidates, reading them all beats walking an order.</summary>
    public const int FewCandidates = 2_000;

    /// <summary>A page: each article's id with its search rank (0 without search), whether more follow, and the total when asked.</summary>
    public sealed record Chosen(List<(int Id, double Rank)> Items, bool More, int? Total);

    public static Chosen Choose(
        ContentReadModel.View view, ArticleFilter filter, ArticleVisibility visibility, string sort, ArticleCursor? after, int limit, bool count)
    {
        var order = Order.For(sort);
        var candidates = filter.CandidatesIn(view, out var candidateCount);
        if (candidateCount <= FewCandidates)
        {
            var all = ReadAll(candidates.Select(a => (a, 0d)), filter, visibility, order, after, limit);
            return all with { Total = count ? all.Total : null };
        }

        var (items, more) = Walk(view, filter, visibility, order, after, limit);
        int? total = !count ? null
            : filter.Counting is (true, var with) ? view.CountVisible(visibility, with)
            : ReadAll(candidates.Select(a => (a, 0d)), filter, visibility, order, null, 0).Total;
        return new Chosen(items, more, total);
    }

    /// <summary>A search's page among its hits (ranks: lower is better), in any sort.</summary>
    public static Chosen ChooseAmongHits(
        ContentReadModel.View view, IReadOnlyList<ArticleSearchIndex.SearchHit> hits, ArticleFilter filter, ArticleVisibility visibility,
        string sort, ArticleCursor? after, int limit, bool count)
    {
        var found = hits.Select(hit => (Article: view.Find(hit.ArticleId), hit.Rank)).Where(h => h.Article is not null).Select(h => (h.Article!, h.Rank));
        var all = ReadAll(found, filter, visibility, Order.For(sort), after, limit);
        return all with { Total = count ? all.Total : null };
    }

    /// <summary>Reads every candidate, keeping the first limit + 1 after the cursor in the order, and counting every match.</summary>
    private static Chosen ReadAll(
        IEnumerable<(ArticleFacts Article, double Rank)> candidates, ArticleFilter filter, ArticleVisibility visibility, Order order,
        ArticleCursor? after, int limit)
    {
        var visible = visibility.ForFacts();
        var cursor = after is null ? (Key?)null : order.KeyOf(after);
        // The worst kept on top, to be replaced by a better one.
        var kept = new PriorityQueue<(int Id, double Rank), Key>(Comparer<Key>.Create((a, b) => order.Compare(b, a)));
        var total = 0;
        foreach (var (article, rank) in candidates)
        {
            if (!filter.Matches(article) || !visible(article))
            {
                continue;
            }

            total++;
            var key = order.KeyOf(article, rank);
            if (cursor is { } at && order.Compare(key, at) <= 0)
            {
                continue;
            }

            if (kept.Count <= limit)
            {
                kept.Enqueue((article.Id, rank), key);
            }
            else if (kept.TryPeek(out _, out var worst) && order.Compare(key, worst) < 0)
            {
                kept.DequeueEnqueue((article.Id, rank), key);
            }
        }

        var items = new List<(int Id, double Rank)>(kept.Count);
        while (kept.TryDequeue(out var item, out _))
        {
            items.Add(item);
        }

        items.Reverse();
        var more = items.Count > limit;
        return new Chosen(more ? items[..limit] : items, more, total);
    }

    /// <summary>
    /// Walks the sort's order from past the cursor. Callers who see only what is live never walk the unpublished articles
    /// (first in publication order) or those with a publication time still to come (last), which they cannot see.
    /// </summary>
    private static (List<(int Id, double Rank)> Items, bool More) Walk(
        ContentReadModel.View view, ArticleFilter filter, ArticleVisibility visibility, Order order, ArticleCursor? after, int limit)
    {
        var visible = visibility.ForFacts();
        var items = new List<(int Id, double Rank)>(limit + 1);
        bool Take(int id)
        {
            if (view.Find(id) is { } article && filter.Matches(article) && visible(article))
            {
                items.Add((id, 0));
            }

            return items.Count <= limit;
        }

        switch (order.Sort)
        {
            case "newest" or "oldest":
                WalkByDate(view.ByDate, order.Sort == "newest", visibility, after is null ? null : (DateKey)order.KeyOf(after).Value!, Take);
                break;
            case "updated":
                var byUpdate = view.ByUpdate;
                var below = after is null ? byUpdate.Count : byUpdate.FirstAtOrAfter((UpdatedKey)order.KeyOf(after).Value!);
                for (var i = below - 1; i >= 0 && Take(byUpdate[i].Id); i--)
                {
                }

                break;
            default:
                var byHeadline = view.ByHeadline;
                var from = 0;
                if (after is not null)
                {
                    var cursor = (HeadlineKey)order.KeyOf(after).Value!;
                    from = byHeadline.FirstAtOrAfter(cursor);
                    from += from < byHeadline.Count && byHeadline[from].CompareTo(cursor) == 0 ? 1 : 0;
                }

                for (var i = from; i < byHeadline.Count && Take(byHeadline[i].Id); i++)
                {
                }

                break;
        }

        var more = items.Count > limit;
        return (more ? items[..limit] : items, more);
    }

    private static void WalkByDate(SortedKeys<DateKey> order, bool newest, ArticleVisibility visibility, DateKey? cursor, Func<int, bool> take)
    {
        var (first, last) = (0, order.Count - 1);
        if (visibility.Audience != ArticleVisibility.Everything)
        {
            first = order.FirstAtOrAfter(new DateKey(long.MinValue + 1, int.MinValue));
            last = order.FirstAtOrAfter(new DateKey(visibility.Now.Ticks + 1, int.MinValue)) - 1;
        }

        if (cursor is { } at)
        {
            // Past the cursor: below it for newest first, above it for oldest first.
            var place = order.FirstAtOrAfter(at);
            (first, last) = newest
                ? (first, Math.Min(last, place - 1))
                : (Math.Max(first, place < order.Count && order[place] == at ? place + 1 : place), last);
        }

        for (var i = newest ? last : first; i >= first && i <= last && take(order[i].Id); i += newest ? -1 : 1)
        {
        }
    }

    /// <summary>A place in a list's order: the sort's own key (boxed: a DateKey, UpdatedKey, HeadlineKey or rank), then id.</summary>
    private readonly record struct Key(object Value, double Rank);

    /// <summary>A sort: how to compare two places (negative: the first comes first), and the place of an article or a cursor.</summary>
    private sealed record Order(string Sort, Func<ArticleFacts, double, Key> Of, Func<Key, Key, int> Comparison, Func<ArticleCursor, Key> OfCursor)
    {
        public Key KeyOf(ArticleFacts article, double rank) => Of(article, rank);

        public Key KeyOf(ArticleCursor cursor) => OfCursor(cursor);

        public int Compare(Key a, Key b) => Comparison(a, b);

        public static Order For(string sort) => sort switch
        {
            "oldest" => new(sort, (a, _) => new(DateKey.Of(a), 0), (a, b) => ((DateKey)a.Value).CompareTo((DateKey)b.Value), c => new(DateOf(c), 0)),
            "updated" => new(sort, (a, _) => new(UpdatedKey.Of(a), 0), (a, b) => ((UpdatedKey)b.Value).CompareTo((UpdatedKey)a.Value),
                c => new(new UpdatedKey(ArticleLists.ParseTime(c.Key)?.Ticks ?? 0, c.Id), 0)),
            "headline" => new(sort, (a, _) => new(HeadlineKey.Of(a), 0), (a, b) => ((HeadlineKey)a.Value).CompareTo((HeadlineKey)b.Value),
                c => new(new HeadlineKey(c.Key, c.Id), 0)),
            "relevance" => new(sort, (a, rank) => new(a.Id, rank), (a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : ((int)a.Value).CompareTo((int)b.Value),
                c => new(c.Id, double.Parse(c.Key, CultureInfo.InvariantCulture))),
            _ => new("newest", (a, _) => new(DateKey.Of(a), 0), (a, b) => ((DateKey)b.Value).CompareTo((DateKey)a.Value), c => new(DateOf(c), 0)),
        };

        private static DateKey DateOf(ArticleCursor cursor) => new(ArticleLists.ParseTime(cursor.Key)?.Ticks ?? long.MinValue, cursor.Id);
    }
}
