using System.Buffers;
using ContentApi.Articles;

namespace ContentApi.Related;

/// <summary>A tag or an entity, as the index counts it.</summary>
public enum FeatureKind
{
    Tag,
    Entity,
}

/// <summary>What one shared tag or entity added to a related article's score.</summary>
public sealed record Contribution(FeatureKind Kind, int Id, double Weight);

/// <summary>A related article: its score and the shared features that make it up, which add up to it.</summary>
public sealed record RelatedHit(int ArticleId, double Score, double Similarity, double Recency, IReadOnlyList<Contribution> Shared);

/// <summary>What a query asks of the index, besides the source article.</summary>
/// <param name="Accept">Which candidates may be returned (visibility and the caller's filters).</param>
/// <param name="KindWeight">The weight of a feature's kind: tags, people, places, ... (see RelatedOptions).</param>
/// <param name="HalfLife">Time apart at which recency halves a score; null for no recency.</param>
/// <param name="WalkLimit">Given the corpus size, the most articles a feature may have and still be walked.</param>
public sealed record RelatedQuery(
    int Limit,
    Func<int, bool> Accept,
    Func<FeatureKind, int, double> KindWeight,
    TimeSpan? HalfLife,
    double RecencyFloor,
    double MinSimilarity,
    double NearDuplicate,
    TimeSpan NearDuplicateWindow,
    Func<int, int> WalkLimit);

/// <summary>
/// The inverted index behind GET /v1/articles/{id}/related: for each tag and entity, the articles that
/// carry it (a posting list). A query walks only the postings of the source article's features, so it
/// touches only articles that share something with it.
/// <para>
/// Scoring is cosine similarity between IDF-weighted feature vectors: a feature's weight is
/// ln(N / articles with it) times its kind's weight, so a tag on half the corpus counts for little and
/// a rare shared entity for a lot, and dividing by both vectors' lengths keeps an article with fifty
/// tags from winning by volume. The similarity is then scaled by recency: 2^(-apart / half-life), never
/// below the floor. Each shared feature's share of the result is reported, and the shares add up to
/// the score.
/// </para>
/// <para>
/// Very common features (on more articles than RelatedQuery.WalkLimit allows) are never walked, so a
/// query never visits a large part of the corpus: they still add their (small) weight to candidates
/// found through rarer features, but cannot by themselves make an article related.
/// </para>
/// Candidates are scored exactly in order of an upper bound of their score, until no remaining bound can
/// reach the results, so no article that would rank is cut early.
/// Writers replace whole posting arrays, so queries run without locks against a consistent array each.
/// </summary>
public sealed class RelatedIndex
{
    /// <summary>Returned arrays are always cleared, so a rented one starts at zero.</summary>
    private static readonly ArrayPool<double> Dots = ArrayPool<double>.Create(maxArrayLength: 1 << 25, maxArraysPerBucket: 16);

    private readonly Lock _writeLock = new();
    private int[]?[] _tagPostings = [];
    private int[]?[] _entityPostings = [];
    private ArticleFacts?[] _articles = [];
    private int _count;

    public int ArticleCount => _count;

    /// <summary>The number of articles with this feature.</summary>
    public int Frequency(FeatureKind kind, int id) => Postings(kind, id)?.Length ?? 0;

    /// <summary>ln(N / df): how much sharing this feature says.</summary>
    public double Idf(FeatureKind kind, int id) => Math.Log((double)Math.Max(_count, 1) / Math.Max(Frequency(kind, id), 1));

    /// <summary>Replaces the whole index with these articles.</summary>
    public void Load(IEnumerable<ArticleFacts> articles)
    {
        var all = articles.ToList();
        var tags = Build(all, a => a.TagIds);
        var entities = Build(all, a => a.EntityIds);
        var byId = new ArticleFacts?[all.Count == 0 ? 0 : all.Max(a => a.Id) + 1];
        foreach (var article in all)
        {
            byId[article.Id] = article;
        }

        lock (_writeLock)
        {
            (_tagPostings, _entityPostings, _articles, _count) = (tags, entities, byId, all.Count);
        }
    }

    /// <summary>Applies changed articles: each with what it was (null if new) and is (null if deleted).</summary>
    public void Apply(IReadOnlyCollection<(ArticleFacts? Old, ArticleFacts? New)> changes)
    {
        lock (_writeLock)
        {
            _tagPostings = Updated(_tagPostings, changes, a => a.TagIds);
            _entityPostings = Updated(_entityPostings, changes, a => a.EntityIds);
            var articles = _articles;
            var needed = changes.Select(c => (c.New?.Id ?? 0) + 1).DefaultIfEmpty(0).Max();
            if (needed > articles.Length)
            {
                Array.Resize(ref articles, Math.Max(needed, articles.Length * 2));
            }

            foreach (var (old, @new) in changes)
            {
                _count += (@new is null ? 0 : 1) - (old is null ? 0 : 1);
                articles[(old ?? @new)!.Id] = @new;
            }

            _articles = articles;
        }
    }

    /// <summary>The articles most related to the source, best first; fewer than the limit rather than weak ones.</summary>
    public List<RelatedHit> Query(ArticleFacts source, RelatedQuery query)
    {
        var articles = _articles;
        var walkLimit = query.WalkLimit(_count);
        var sourceWeights = new Dictionary<(FeatureKind, int), double>();
        foreach (var (kind, id) in Features(source))
        {
            sourceWeights[(kind, id)] = Idf(kind, id) * query.KindWeight(kind, id);
        }

        var sourceNorm = Math.Sqrt(sourceWeights.Values.Sum(w => w * w));
        if (sourceNorm == 0)
        {
            return [];
        }

        // 1. Walk the postings of the source's features that are not too common: the walked part of the dot
        // product per candidate, in a pooled array cleared again through the list of ids touched.
        var dots = Dots.Rent(articles.Length);
        var touched = new List<int>();
        var commonSquares = 0.0;
        var bounds = new PriorityQueue<int, double>();
        try
        {
            foreach (var ((kind, id), weight) in sourceWeights)
            {
                if (weight <= 0 || Postings(kind, id) is not { } postings)
                {
                    continue;
                }

                if (postings.Length > walkLimit)
                {
                    commonSquares += weight * weight;
                    continue;
                }

                foreach (var articleId in postings)
                {
                    if (articleId < articles.Length && articleId != source.Id)
                    {
                        if (dots[articleId] == 0)
                        {
                            touched.Add(articleId);
                        }

                        dots[articleId] += weight * weight;
                    }
                }
            }

            // 2. An upper bound of each acceptable candidate's score: its length is at least the root of the
            // walked dot (those features are its own too), and the common features add at most their squares.
            foreach (var articleId in touched)
            {
                if (articles[articleId] is { } candidate && query.Accept(articleId))
                {
                    var dot = dots[articleId];
                    var bound = Math.Min(1, (dot + commonSquares) / (sourceNorm * Math.Sqrt(dot))) * Recency(source, candidate, query);
                    bounds.Enqueue(articleId, -bound * (1 + 1e-9));
                }
            }
        }
        finally
        {
            foreach (var articleId in touched)
            {
                dots[articleId] = 0;
            }

            Dots.Return(dots);
        }

        // 3. Exact scores, highest bound first, until no remaining bound can reach the current top.
        var hits = new List<RelatedHit>();
        var topScores = new PriorityQueue<double, double>();
        while (bounds.TryDequeue(out var articleId, out var negativeBound))
        {
            if (topScores.Count >= query.Limit && -negativeBound < topScores.Peek())
            {
                break;
            }

            if (Score(source, sourceWeights, sourceNorm, articles[articleId]!, query) is not { } hit)
            {
                continue;
            }

            hits.Add(hit);
            topScores.Enqueue(hit.Score, hit.Score);
            if (topScores.Count > query.Limit)
            {
                topScores.Dequeue();
            }
        }

        return
        [
            .. hits.OrderByDescending(h => h.Score)
                .ThenByDescending(h => articles[h.ArticleId]!.PublishedAt)
                .ThenByDescending(h => h.ArticleId)
                .Take(query.Limit),
        ];
    }

    /// <summary>The exact score of one candidate with every shared feature (common ones too) and its share; null if too weak or a duplicate.</summary>
    private RelatedHit? Score(ArticleFacts source, Dictionary<(FeatureKind, int), double> sourceWeights, double sourceNorm, ArticleFacts candidate, RelatedQuery query)
    {
        var squares = 0.0;
        var shared = new List<(FeatureKind Kind, int Id, double Dot)>();
        foreach (var (kind, id) in Features(candidate))
        {
            var weight = Idf(kind, id) * query.KindWeight(kind, id);
            squares += weight * weight;
            if (sourceWeights.TryGetValue((kind, id), out var sourceWeight))
            {
                shared.Add((kind, id, sourceWeight * weight));
            }
        }

        var candidateNorm = Math.Sqrt(squares);
        var similarity = candidateNorm == 0 ? 0 : shared.Sum(s => s.Dot) / (sourceNorm * candidateNorm);
        if (similarity < query.MinSimilarity || IsNearDuplicate(source, candidate, similarity, query))
        {
            return null;
        }

        var recency = Recency(source, candidate, query);
        var scale = recency / (sourceNorm * candidateNorm);
        return new RelatedHit(
            candidate.Id, similarity * recency, similarity, recency,
            [.. shared.Select(s => new Contribution(s.Kind, s.Id, s.Dot * scale)).OrderByDescending(c => c.Weight).ThenBy(c => c.Kind).ThenBy(c => c.Id)]);
    }

    /// <summary>
    /// The entities most often in the same articles as this one, by cosine similarity of their article
    /// sets: together / sqrt(articles with this one x articles with the other). Like IDF, that discounts
    /// entities that are everywhere: a country on half the corpus shares many articles with anything but
    /// scores low. Only the newest <paramref name="maxArticles"/> acceptable articles of the entity are
    /// read, so a very common entity costs no more than that.
    /// </summary>
    public List<(int EntityId, int Together, double Score)> RelatedEntities(int entityId, Func<int, bool> accept, int limit, int maxArticles)
    {
        if (Postings(FeatureKind.Entity, entityId) is not { } postings)
        {
            return [];
        }

        var articles = _articles;
        var together = new Dictionary<int, int>();
        var read = 0;
        // Postings are in id order, and ids grow with time: walk from the end for the newest.
        for (var i = postings.Length - 1; i >= 0 && read < maxArticles; i--)
        {
            var articleId = postings[i];
            if (articleId >= articles.Length || articles[articleId] is not { } article || !accept(articleId))
            {
                continue;
            }

            read++;
            foreach (var other in article.EntityIds)
            {
                if (other != entityId)
                {
                    together[other] = together.GetValueOrDefault(other) + 1;
                }
            }
        }

        return
        [
            .. together
                .Select(t => (EntityId: t.Key, Together: t.Value, Score: t.Value / Math.Sqrt((double)read * Math.Max(Frequency(FeatureKind.Entity, t.Key), t.Value))))
                .OrderByDescending(t => t.Score).ThenByDescending(t => t.Together).ThenBy(t => t.EntityId)
                .Take(limit),
        ];
    }

    /// <summary>2^(-time apart / half-life), not below the floor; 1 with no half-life or no dates.</summary>
    private static double Recency(ArticleFacts source, ArticleFacts candidate, RelatedQuery query)
    {
        if (query.HalfLife is not { } halfLife || halfLife <= TimeSpan.Zero || source.PublishedAt is not { } from || candidate.PublishedAt is not { } to)
        {
            return 1;
        }

        var apart = Math.Abs((to - from).TotalSeconds) / halfLife.TotalSeconds;
        return Math.Max(query.RecencyFloor, Math.Pow(2, -apart));
    }

    /// <summary>The same features, near the same time: a repeat or a second take on one press release.</summary>
    private static bool IsNearDuplicate(ArticleFacts source, ArticleFacts candidate, double similarity, RelatedQuery query) =>
        similarity >= query.NearDuplicate
        && source.PublishedAt is { } from && candidate.PublishedAt is { } to
        && (to - from).Duration() <= query.NearDuplicateWindow;

    private int[]? Postings(FeatureKind kind, int id)
    {
        var postings = kind == FeatureKind.Tag ? _tagPostings : _entityPostings;
        return id >= 0 && id < postings.Length ? postings[id] : null;
    }

    private static IEnumerable<(FeatureKind Kind, int Id)> Features(ArticleFacts article) =>
        article.TagIds.Select(id => (FeatureKind.Tag, id)).Concat(article.EntityIds.Select(id => (FeatureKind.Entity, id))).Distinct();

    private static int[]?[] Build(List<ArticleFacts> articles, Func<ArticleFacts, int[]> features)
    {
        var lists = new List<int>?[articles.Count == 0 ? 0 : articles.SelectMany(features).DefaultIfEmpty(0).Max() + 1];
        foreach (var article in articles)
        {
            foreach (var id in features(article).Distinct())
            {
                (lists[id] ??= []).Add(article.Id);
            }
        }

        return [.. lists.Select(l => l?.ToArray())];
    }

    /// <summary>Copies only the posting arrays the changes touch.</summary>
    private static int[]?[] Updated(int[]?[] postings, IReadOnlyCollection<(ArticleFacts? Old, ArticleFacts? New)> changes, Func<ArticleFacts, int[]> features)
    {
        var removed = changes.Where(c => c.Old is not null).SelectMany(c => features(c.Old!).Distinct().Select(f => (Feature: f, c.Old!.Id)));
        var added = changes.Where(c => c.New is not null).SelectMany(c => features(c.New!).Distinct().Select(f => (Feature: f, c.New!.Id)));
        var touched = removed.Select(r => (r.Feature, r.Id, Add: false)).Concat(added.Select(a => (a.Feature, a.Id, Add: true))).GroupBy(t => t.Feature).ToList();
        if (touched.Count == 0)
        {
            return postings;
        }

        var updated = (int[]?[])postings.Clone();
        var needed = touched.Max(t => t.Key) + 1;
        if (needed > updated.Length)
        {
            Array.Resize(ref updated, Math.Max(needed, updated.Length * 2));
        }

        foreach (var group in touched)
        {
            var ids = new HashSet<int>(updated[group.Key] ?? []);
            foreach (var (_, id, add) in group.Where(t => !t.Add))
            {
                ids.Remove(id);
            }

            foreach (var (_, id, _) in group.Where(t => t.Add))
            {
                ids.Add(id);
            }

            updated[group.Key] = ids.Count == 0 ? null : [.. ids.Order()];
        }

        return updated;
    }
}
