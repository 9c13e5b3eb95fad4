using System.Runtime.InteropServices;
using ContentApi.Access;
using ContentApi.ReadModel;
using ContentApi.Related;

namespace ContentApi.Articles;

/// <summary>
/// facets=: for the articles a list query matches (all of them, not just the page), the most common tags, sections,
/// bylines and entities with their counts, counted over the read model with the list's own filter and visibility rule.
/// </summary>
internal static class ArticleFacetCounts
{
    public const int Size = 20;

    /// <summary>
    /// The counts, remembered by the read model for the same audience, filter, search and facets until a change that may
    /// move them (see ContentReadModel's Remember: an edit of an article's text alone moves no count but a search's):
    /// popular facet chips are asked for again and again, and counting a tag on half the corpus is the slow part. Not
    /// remembered once an article's reach has come due by the clock (the count may have moved). Notes the surrogate keys
    /// of the bylines, tags and entities it names.
    /// </summary>
    public static ArticleFacets Count(
        ContentReadModel.View view, ArticleFilter filter, ArticleVisibility visibility, string? match, HashSet<int>? hits, IReadOnlyList<string> facets,
        ISet<string> keys)
    {
        var facetKey = $"facets|{visibility.Audience}|{filter.Key}|{match}|{string.Join(',', facets.Order(StringComparer.Ordinal))}";
        var counted = view.NextReachChange is { } due && due <= visibility.Now
            ? CountNow(view, filter, visibility, hits, facets)
            : view.Remember(facetKey, readsText: match is not null, () => CountNow(view, filter, visibility, hits, facets));
        foreach (var (kind, values) in new[] { (FeatureKind.Tag, counted.Tag), (FeatureKind.Byline, counted.Byline), (FeatureKind.Entity, counted.Entity) })
        {
            foreach (var value in values ?? [])
            {
                if (view.References(kind).Find(value.Value) is { } reference)
                {
                    keys.Add(SurrogateKeys.Of(kind, reference.Id));
                }
            }
        }

        return counted;
    }

    private static ArticleFacets CountNow(
        ContentReadModel.View view, ArticleFilter filter, ArticleVisibility visibility, HashSet<int>? hits, IReadOnlyList<string> facets)
    {
        var visible = visibility.ForFacts();
        var (tags, bylines, entities) = (new Counts(), new Counts(), new Counts());
        var sections = new Dictionary<string, int>(StringComparer.Ordinal);
        var countTags = facets.Contains("tag");
        var countBylines = facets.Contains("byline");
        var countEntities = facets.Contains("entity");
        var countSections = facets.Contains("section");
        var candidates = hits is null ? filter.CandidatesIn(view, out _) : hits.Select(view.Find).OfType<ArticleFacts>();
        foreach (var article in candidates)
        {
            if (!filter.Matches(article) || !visible(article))
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

        return new ArticleFacets(
            Tag: countTags ? tags.Top(view.Tags) : null,
            Section: countSections ? Top(sections.Select(s => (s.Key, s.Key, s.Value))) : null,
            Byline: countBylines ? bylines.Top(view.Bylines) : null,
            Entity: countEntities ? entities.Top(view.Entities) : null);
    }

    /// <summary>The most common first, ties by value (slug), so the same data always gives the same chips.</summary>
    private static List<FacetCount> Top(IEnumerable<(string Value, string Name, int Count)> counts) =>
    [
        .. counts.OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).Take(Size)
            .Select(c => new FacetCount(c.Value, c.Name, c.Count)),
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

        public List<FacetCount> Top(ReferenceTable names) => ArticleFacetCounts.Top(
            _counts.Select((count, id) => (id, count))
                .Where(c => c.count > 0 && names.Find(c.id) is not null)
                .Select(c => (names.Find(c.id)!.Slug, names.Find(c.id)!.Name, c.count)));
    }
}
