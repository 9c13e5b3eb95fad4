using System.Globalization;
using ContentApi.Access;

namespace ContentApi.Articles;

/// <summary>
/// Chooses a page of a list in memory, from the read model, in any of the list's sorts, three ways:
/// <list type="bullet">
/// <item>newest or oldest first, with a filter whose narrowest part is one tag, byline or entity: walk that one's own
/// publication order from the cursor until the page is full (every match is in it), with the total from the read
/// model's counts;</item>
/// <item>read every candidate (the articles of the filter's shortest link list, or a search's hits) and keep the best few,
/// counting as it goes;</item>
/// <item>walk the sort's order from the cursor, checking each article, until the page is full: a few dozen steps for a
/// common tag; a total, when asked for, then comes from the read model's counts where the filter is one tag, byline or
/// entity or none, else from reading the candidates.</item>
/// </list>
/// It walks when that is expected to look at fewer articles than reading every candidate would. Orders and cursors:
/// newest first with unpublished articles last, or oldest first with them first; last updated first; headline (ordinal)
/// first to last; best search rank first; ties by id, in the same direction.
/// </summary>
internal static class ArticlePaging
{
    /// <summary>Up to this many candidates, reading them all is cheap whatever the walk would cost.</summary>
    public const int FewCandidates = 2_000;

    /// <summary>A page: each article's id with its search rank (0 without search), whether more follow, and the total when asked.</summary>
    public sealed record Chosen(List<(int Id, double Rank)> Items, bool More, int? Total);

    public static Chosen Choose(
        ContentReadModel.View view, ArticleFilter filter, ArticleVisibility visibility, string sort, ArticleCursor? after, int limit, bool count)
    {
        var counted = filter.Counting;
        var narrowest = filter.Narrowest(view, out var candidateCount);
        if (sort is "newest" or "oldest" && (!count || counted.Counted) && narrowest is (var kind, [var only]))
        {
            // A tag's, byline's or entity's own publication order holds every match: the page is its first matches.
            var (page, further) = Walk(view, filter, visibility, sort, after, limit, view.ByDateWith(kind, only));
            return new Chosen(page, further, count ? view.CountVisible(visibility, counted.With) : null);
        }

        var candidates = ArticleFilter.CandidatesOf(view, narrowest);
        // A walk reads about limit x (all articles / candidates) articles per page; a total it cannot count costs a read of all.
        var walkCost = (limit + 1) * (double)Math.Max(1, view.ArticleCount) / Math.Max(1, candidateCount) + (count && !counted.Counted ? candidateCount : 0);
        if (candidateCount <= FewCandidates && candidateCount <= walkCost)
        {
            var all = ReadAll(candidates.Select(a => (a, 0d)), filter, visibility, sort, after, limit);
            return all with { Total = count ? all.Total : null };
        }

        var (items, more) = Walk(view, filter, visibility, sort, after, limit);
        int? total = !count ? null
            : counted is (true, var with) ? view.CountVisible(visibility, with)
            : ReadAll(candidates.Select(a => (a, 0d)), filter, visibility, sort, null, 0).Total;
        return new Chosen(items, more, total);
    }

    /// <summary>A search's page among its hits (ranks: lower is better), in any sort.</summary>
    public static Chosen ChooseAmongHits(
        ContentReadModel.View view, IReadOnlyList<Persistence.SearchHit> hits, ArticleFilter filter, ArticleVisibility visibility,
        string sort, ArticleCursor? after, int limit, bool count)
    {
        var found = hits.Select(hit => (Article: view.Find(hit.ArticleId), hit.Rank)).Where(h => h.Article is not null).Select(h => (h.Article!, h.Rank));
        var all = ReadAll(found, filter, visibility, sort, after, limit);
        return all with { Total = count ? all.Total : null };
    }

    private static Chosen ReadAll(
        IEnumerable<(ArticleFacts Article, double Rank)> candidates, ArticleFilter filter, ArticleVisibility visibility, string sort, ArticleCursor? after,
        int limit) => sort switch
        {
            "oldest" => ReadAll<DateKey, Oldest>(candidates, filter, visibility, after, limit),
            "updated" => ReadAll<UpdatedKey, Updated>(candidates, filter, visibility, after, limit),
            "headline" => ReadAll<HeadlineKey, Headline>(candidates, filter, visibility, after, limit),
            "relevance" => ReadAll<(double, int), Relevance>(candidates, filter, visibility, after, limit),
            _ => ReadAll<DateKey, Newest>(candidates, filter, visibility, after, limit),
        };

    /// <summary>Reads every candidate, keeping the first limit + 1 after the cursor in the order, and counting every match.</summary>
    private static Chosen ReadAll<TKey, TOrder>(
        IEnumerable<(ArticleFacts Article, double Rank)> candidates, ArticleFilter filter, ArticleVisibility visibility, ArticleCursor? after, int limit)
        where TOrder : struct, IOrder<TKey>
    {
        var order = default(TOrder);
        var visible = visibility.ForFacts();
        var cursor = after is null ? default! : order.OfCursor(after);
        // The worst kept on top, to be replaced by a better one.
        var kept = new PriorityQueue<(int Id, double Rank), TKey>(default(Worst<TKey, TOrder>));
        var total = 0;
        foreach (var (article, rank) in candidates)
        {
            if (!filter.Matches(article) || !visible(article))
            {
                continue;
            }

            total++;
            var key = order.Of(article, rank);
            if (after is not null && order.Compare(key, cursor) <= 0)
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
        ContentReadModel.View view, ArticleFilter filter, ArticleVisibility visibility, string sort, ArticleCursor? after, int limit,
        SortedKeys<DateKey>? byDate = null)
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

        switch (sort)
        {
            case "newest" or "oldest":
                WalkByDate(byDate ?? view.ByDate, sort == "newest", visibility, after is null ? null : DateOf(after), Take);
                break;
            case "updated":
                var byUpdate = view.ByUpdate;
                var below = after is null ? byUpdate.Count : byUpdate.FirstAtOrAfter(default(Updated).OfCursor(after));
                for (var i = below - 1; i >= 0 && Take(byUpdate[i].Id); i--)
                {
                }

                break;
            default:
                var byHeadline = view.ByHeadline;
                var from = 0;
                if (after is not null)
                {
                    var cursor = default(Headline).OfCursor(after);
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

    private static DateKey DateOf(ArticleCursor cursor) => new(ArticleLists.ParseTime(cursor.Key)?.Ticks ?? long.MinValue, cursor.Id);

    /// <summary>A sort: an article's (or a cursor's) place in it, and which of two places comes first (negative: the first).</summary>
    private interface IOrder<TKey>
    {
        TKey Of(ArticleFacts article, double rank);

        TKey OfCursor(ArticleCursor cursor);

        int Compare(TKey a, TKey b);
    }

    private readonly struct Newest : IOrder<DateKey>
    {
        public DateKey Of(ArticleFacts article, double rank) => DateKey.Of(article);

        public DateKey OfCursor(ArticleCursor cursor) => DateOf(cursor);

        public int Compare(DateKey a, DateKey b) => b.CompareTo(a);
    }

    private readonly struct Oldest : IOrder<DateKey>
    {
        public DateKey Of(ArticleFacts article, double rank) => DateKey.Of(article);

        public DateKey OfCursor(ArticleCursor cursor) => DateOf(cursor);

        public int Compare(DateKey a, DateKey b) => a.CompareTo(b);
    }

    private readonly struct Updated : IOrder<UpdatedKey>
    {
        public UpdatedKey Of(ArticleFacts article, double rank) => UpdatedKey.Of(article);

        public UpdatedKey OfCursor(ArticleCursor cursor) => new(ArticleLists.ParseTime(cursor.Key)?.Ticks ?? 0, cursor.Id);

        public int Compare(UpdatedKey a, UpdatedKey b) => b.CompareTo(a);
    }

    private readonly struct Headline : IOrder<HeadlineKey>
    {
        public HeadlineKey Of(ArticleFacts article, double rank) => HeadlineKey.Of(article);

        public HeadlineKey OfCursor(ArticleCursor cursor) => new(cursor.Key, cursor.Id);

        public int Compare(HeadlineKey a, HeadlineKey b) => a.CompareTo(b);
    }

    private readonly struct Relevance : IOrder<(double Rank, int Id)>
    {
        public (double Rank, int Id) Of(ArticleFacts article, double rank) => (rank, article.Id);

        public (double Rank, int Id) OfCursor(ArticleCursor cursor) => (double.Parse(cursor.Key, CultureInfo.InvariantCulture), cursor.Id);

        public int Compare((double Rank, int Id) a, (double Rank, int Id) b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Id.CompareTo(b.Id);
    }

    /// <summary>The order reversed: the priority queue keeps the worst of the kept on top.</summary>
    private readonly struct Worst<TKey, TOrder> : IComparer<TKey>
        where TOrder : struct, IOrder<TKey>
    {
        public int Compare(TKey? x, TKey? y) => default(TOrder).Compare(y!, x!);
    }
}
