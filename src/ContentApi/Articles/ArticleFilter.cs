using ContentApi.ReadModel;
using ContentApi.Related;

namespace ContentApi.Articles;

/// <summary>
/// The filters of a list query (all but search), with slugs resolved to ids, applied to the read model's facts: to
/// choose a page, to count, and to count facets, so all three are the same rule.
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

    /// <summary>Resolves the query's slugs. Unknown tags, bylines or entities leave an empty group, which nothing matches.</summary>
    public static ArticleFilter Resolve(ArticleListQuery query, ContentReadModel.View view)
    {
        List<int[]> tagGroups = [];
        if (query.TagKeys.Count > 0)
        {
            var (tagIds, everyTagFound) = view.Tags.Ids(query.TagKeys);
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
            query.Byline is { } byline ? [[.. view.Bylines.Ids([byline]).Ids]] : [],
            query.Entity is { } entity ? [[.. view.Entities.Ids([entity]).Ids]] : [],
            query.Section,
            query.Language,
            query.From is { } from ? Times.ToUtc(from) : null,
            query.To is { } to ? Times.ToUtc(to) : null,
            query.ParsedStatus);
    }

    /// <summary>Every tag, byline and entity the filter names, by kind.</summary>
    public IEnumerable<(FeatureKind Kind, int Id)> Links =>
        TagGroups.SelectMany(g => g).Select(id => (FeatureKind.Tag, id))
            .Concat(BylineGroups.SelectMany(g => g).Select(id => (FeatureKind.Byline, id)))
            .Concat(EntityGroups.SelectMany(g => g).Select(id => (FeatureKind.Entity, id)))
            .Distinct();

    /// <summary>
    /// The one tag, byline or entity the filter is, when it is nothing else: counts of those are kept (see
    /// ContentReadModel.View.CountVisible). Null with no filter at all, or a filter counts cannot answer.
    /// </summary>
    public (bool Counted, (FeatureKind Kind, int Id)? With) Counting
    {
        get
        {
            if (Section is not null || Language is not null || Since is not null || Before is not null || Status is not null)
            {
                return (false, null);
            }

            var groups = TagGroups.Select(g => (FeatureKind.Tag, g)).Concat(BylineGroups.Select(g => (FeatureKind.Byline, g)))
                .Concat(EntityGroups.Select(g => (FeatureKind.Entity, g))).ToList();
            return groups switch
            {
                [] => (true, null),
                [(var kind, [var id])] => (true, (kind, id)),
                _ => (false, null),
            };
        }
    }

    /// <summary>The filter in memory. Plain loops: facets call this once per article.</summary>
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
    /// The articles that can match, without reading all of them: every match has a link from each group, so the union of
    /// the group with the fewest links holds them all. Every article when the filter names no tags, bylines or entities.
    /// Each still has to pass <see cref="Matches"/>. <paramref name="count"/> is how many there are (at most: a group's
    /// links can share articles).
    /// </summary>
    public IEnumerable<ArticleFacts> CandidatesIn(ContentReadModel.View view, out long count) => CandidatesOf(view, Narrowest(view, out count));

    /// <summary>The articles of the group <see cref="Narrowest"/> chose (every article for none).</summary>
    public static IEnumerable<ArticleFacts> CandidatesOf(ContentReadModel.View view, (FeatureKind Kind, int[] Ids)? narrowest)
    {
        if (narrowest is not { } chosen)
        {
            return view.All();
        }

        var postings = view.Related;
        var ids = chosen.Ids.Length == 1 ? postings.ArticlesWith(chosen.Kind, chosen.Ids[0])
            : chosen.Ids.SelectMany(id => postings.ArticlesWith(chosen.Kind, id)).Distinct();
        return ids.Select(view.Find).OfType<ArticleFacts>();
    }

    /// <summary>
    /// The group of tags, bylines or entities with the fewest links, and how many (at most: its links can share
    /// articles); null, counting every article, when the filter names none.
    /// </summary>
    public (FeatureKind Kind, int[] Ids)? Narrowest(ContentReadModel.View view, out long count)
    {
        var postings = view.Related;
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

        count = narrowest is null ? view.ArticleCount : fewest;
        return narrowest;
    }

    // Indexed, not foreach: enumerating an IReadOnlyList allocates, and this runs for every article a list or search reads.
    private static bool EveryGroupMet(IReadOnlyList<int[]> groups, int[] linked)
    {
        for (var i = 0; i < groups.Count; i++)
        {
            if (groups[i].AsSpan().IndexOfAny(linked) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
