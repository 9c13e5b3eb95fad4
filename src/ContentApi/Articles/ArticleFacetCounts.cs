using System.Runtime.InteropServices;
using ContentApi.Access;

namespace ContentApi.Articles;

/// <summary>
/// facets=: for the articles a list query matches (all of them, not just the page), the most common
/// tags, sections, bylines and entities with their counts. Counted over the in-memory catalog with
/// the list's own filter and visibility rule, because counting in SQL means visiting every matching
/// row, which for a tag on half the corpus is tens of thousands of them.
/// </summary>
internal static class ArticleFacetCounts
{
    public const int Size = 20;

    /// <summary>
    /// The counts, remembered by the catalog for the same audience, filter, search and facets until a write or
    /// until an article among those filtered goes live or out of syndication (<see cref="ArticleCatalog.RememberAsync"/>):
    /// popular facet chips are asked for again and again, and counting a tag on half the corpus is the slow part.
    /// </summary>
    public static Task<ArticleFacets> CountAsync(
        ArticleCatalog catalog, ArticleFilter filter, ArticleVisibility visibility, string? match,
        IReadOnlyList<string> facets, ContentDb db, CancellationToken ct) =>
        catalog.RememberAsync(
            $"facets|{visibility.Audience}|{filter.Key}|{match}|{string.Join(',', facets.Order(StringComparer.Ordinal))}",
            visibility.Now,
            () => CountNowAsync(catalog, filter, visibility, match, facets, db, ct));

    private static async Task<(ArticleFacets, DateTime?)> CountNowAsync(
        ArticleCatalog catalog, ArticleFilter filter, ArticleVisibility visibility, string? match,
        IReadOnlyList<string> facets, ContentDb db, CancellationToken ct)
    {
        var hits = match is null ? null : (await ArticleSearchIndex.MatchingIdsAsync(db, match, ct)).ToHashSet();
        var visible = visibility.ForFacts();
        var (tags, bylines, entities) = (new Counts(), new Counts(), new Counts());
        var sections = new Dictionary<string, int>(StringComparer.Ordinal);
        var countTags = facets.Contains("tag");
        var countBylines = facets.Contains("byline");
        var countEntities = facets.Contains("entity");
        var countSections = facets.Contains("section");
        DateTime? validUntil = null;
        foreach (var article in filter.CandidatesIn(catalog, out _))
        {
            if ((hits is not null && !hits.Contains(article.Id)) || !filter.Matches(article))
            {
                continue;
            }

            if (visibility.NextChange(article) is { } change && (validUntil is null || change < validUntil))
            {
                validUntil = change;
            }

            if (!visible(article))
            {
                continue;
            }

            if (countTags)
            {
                tags.Add(article.TagIds);
            }

            if (countBylines)
            {
                bylines.Add(article.BylineIds);
            }

            if (countEntities)
            {
                entities.Add(article.EntityIds);
            }

            if (countSections)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(sections, article.Section, out _)++;
            }
        }

        var counted = new ArticleFacets(
            Tag: countTags ? tags.Top(catalog.Tags) : null,
            Section: countSections ? Top(sections.Select(s => (new ReferenceName(s.Key, s.Key), s.Value))) : null,
            Byline: countBylines ? bylines.Top(catalog.Bylines) : null,
            Entity: countEntities ? entities.Top(catalog.Entities) : null);
        return (counted, validUntil);
    }

    /// <summary>The most common first, ties by value (slug), so the same data always gives the same chips.</summary>
    private static List<FacetCount> Top(IEnumerable<(ReferenceName Name, int Count)> counts) =>
    [
        .. counts.OrderByDescending(c => c.Count).ThenBy(c => c.Name.Slug, StringComparer.Ordinal).Take(Size)
            .Select(c => new FacetCount(c.Name.Slug, c.Name.Name, c.Count)),
    ];

    /// <summary>Counts per id in an array indexed by id: ids are small and dense, and this runs per linked id.</summary>
    private sealed class Counts
    {
        private int[] _counts = new int[1024];

        public void Add(int[] ids)
        {
            foreach (var id in ids)
            {
                if (id >= _counts.Length)
                {
                    Array.Resize(ref _counts, Math.Max(id + 1, _counts.Length * 2));
                }

                _counts[id]++;
            }
        }

        public List<FacetCount> Top(IReadOnlyDictionary<int, ReferenceName> names) => ArticleFacetCounts.Top(
            _counts.Select((count, id) => (id, count))
                .Where(c => c.count > 0 && names.ContainsKey(c.id))
                .Select(c => (names[c.id], c.count)));
    }
}
