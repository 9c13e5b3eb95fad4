using ContentApi.Related;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Articles;

/// <summary>
/// The filters of a list query (all but search), with slugs resolved to ids. Applied in SQL to find a
/// page of articles, and in memory, over the catalog, to count facets; the two live side by side here
/// so they stay the same rule, and a test checks that they agree.
/// </summary>
/// <param name="TagGroups">An article must have a tag from each group: one group for tagMatch=any, one per tag for all.</param>
internal sealed record ArticleFilter(
    IReadOnlyList<int[]> TagGroups,
    IReadOnlyList<int[]> BylineGroups,
    IReadOnlyList<int[]> EntityGroups,
    string? Section,
    string? Language,
    DateTime? Since,
    DateTime? Before,
    ArticleStatus? Status)
{
    /// <summary>The filter as text, equal for equal filters: for remembering what was computed from it.</summary>
    public string Key =>
        $"t:{Groups(TagGroups)}|b:{Groups(BylineGroups)}|e:{Groups(EntityGroups)}|s:{Section?.Length}:{Section}|l:{Language?.Length}:{Language}|"
        + $"f:{Since?.Ticks}|u:{Before?.Ticks}|st:{Status}";

    private static string Groups(IReadOnlyList<int[]> groups) => string.Join(';', groups.Select(g => string.Join(',', g)));

    /// <summary>Below this many links, a link filter reads the links first (see LinkedAsync).</summary>
    private const int FewLinks = 2_000;

    /// <summary>Resolves the query's slugs. Unknown tags, bylines or entities leave an empty group, which nothing matches.</summary>
    public static async Task<ArticleFilter> ResolveAsync(ArticleListQuery query, ContentDb db, CancellationToken ct)
    {
        List<int[]> tagGroups = [];
        if (query.TagKeys.Count > 0)
        {
            var (tagIds, everyTagFound) = await Lookup.IdsAsync(db.Tags, query.TagKeys, ct);
            if (query.TagMatch != "all")
            {
                tagGroups.Add([.. tagIds]);
            }
            else
            {
                tagGroups.AddRange(everyTagFound ? tagIds.Select(id => new[] { id }) : [[]]);
            }
        }

        return new ArticleFilter(
            tagGroups,
            query.Byline is { } byline ? [[.. (await Lookup.IdsAsync(db.Bylines, [byline], ct)).Ids]] : [],
            query.Entity is { } entity ? [[.. (await Lookup.IdsAsync(db.Entities, [entity], ct)).Ids]] : [],
            query.Section,
            query.Language,
            query.From is { } from ? Times.ToUtc(from) : null,
            query.To is { } to ? Times.ToUtc(to) : null,
            query.ParsedStatus);
    }

    public async Task<IQueryable<Article>> ApplyAsync(IQueryable<Article> articles, ContentDb db, CancellationToken ct)
    {
        foreach (var group in TagGroups)
        {
            articles = await LinkedAsync(articles, db.TagLinks, group, ct);
        }

        foreach (var group in BylineGroups)
        {
            articles = await LinkedAsync(articles, db.BylineLinks, group, ct);
        }

        foreach (var group in EntityGroups)
        {
            articles = await LinkedAsync(articles, db.EntityLinks, group, ct);
        }

        if (Section is { } section)
        {
            articles = articles.Where(a => a.Section == section);
        }

        if (Language is { } language)
        {
            articles = articles.Where(a => a.Language == language);
        }

        if (Since is { } since)
        {
            articles = articles.Where(a => a.PublishedAt >= since);
        }

        if (Before is { } before)
        {
            articles = articles.Where(a => a.PublishedAt < before);
        }

        if (Status is { } status)
        {
            articles = articles.Where(a => a.Status == status);
        }

        return articles;
    }

    /// <summary>The same filter in memory. Plain loops: facets call this once per article in the catalog.</summary>
    public bool Matches(ArticleFacts article) =>
        (Section is null || article.Section == Section)
        && (Language is null || article.Language == Language)
        && (Since is null || article.PublishedAt >= Since)
        && (Before is null || article.PublishedAt < Before)
        && (Status is null || article.Status == Status)
        && EveryGroupMet(TagGroups, article.TagIds)
        && EveryGroupMet(BylineGroups, article.BylineIds)
        && EveryGroupMet(EntityGroups, article.EntityIds);

    /// <summary>
    /// The articles in the catalog that can match, without reading all of them: every match has a link from each
    /// group, so the union of the group with the fewest links holds them all. Every article when the filter names
    /// no tags, bylines or entities. Each still has to pass <see cref="Matches"/>. <paramref name="count"/> is how many
    /// there are (at most: a group's links can share articles).
    /// </summary>
    public IEnumerable<ArticleFacts> CandidatesIn(ArticleCatalog catalog, out long count)
    {
        var postings = catalog.Related;
        var narrowest = ((FeatureKind Kind, int[] Ids)?)null;
        var fewest = long.MaxValue;
        foreach (var (kind, groups) in new[] { (FeatureKind.Tag, TagGroups), (FeatureKind.Byline, BylineGroups), (FeatureKind.Entity, EntityGroups) })
        {
            foreach (var group in groups)
            {
                var links = group.Sum(id => (long)postings.Frequency(kind, id));
                if (links < fewest)
                {
                    (narrowest, fewest) = ((kind, group), links);
                }
            }
        }

        if (narrowest is not { } chosen)
        {
            count = catalog.ByDate.Count;
            return catalog.All();
        }

        count = fewest;

        var ids = chosen.Ids.Length == 1 ? postings.ArticlesWith(chosen.Kind, chosen.Ids[0])
            : chosen.Ids.SelectMany(id => postings.ArticlesWith(chosen.Kind, id)).Distinct();
        return ids.Select(catalog.Find).OfType<ArticleFacts>();
    }

    private static bool EveryGroupMet(IReadOnlyList<int[]> groups, int[] linked)
    {
        foreach (var group in groups)
        {
            if (group.AsSpan().IndexOfAny(linked) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The articles linked to any of these bylines, tags or entities. SQLite can run this two ways:
    /// walk the articles in page order checking each one's links, quick when many match because a page
    /// fills early; or read the matching links first and sort only those, quick when few match. Its
    /// statistics know only the average number of links per tag, so this counts (up to a bound) and
    /// writes the query in the form that makes SQLite take the right way: IN for few, EXISTS for many.
    /// </summary>
    private static async Task<IQueryable<Article>> LinkedAsync(
        IQueryable<Article> articles, IQueryable<ArticleLink> links, int[] ids, CancellationToken ct)
    {
        var matching = links.Where(l => ids.Contains(l.ResourceId));
        return await matching.Take(FewLinks + 1).CountAsync(ct) <= FewLinks
            ? articles.Where(a => matching.Select(l => l.ArticleId).Contains(a.Id))
            : articles.Where(a => matching.Any(l => l.ArticleId == a.Id));
    }
}
