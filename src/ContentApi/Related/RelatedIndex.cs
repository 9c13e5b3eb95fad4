using System.Buffers;
using ContentApi.Articles;

namespace ContentApi.Related;

/// <summary>What an article links to, as the index keeps it. Tags and entities are scored; bylines are only kept for list filters.</summary>
public enum FeatureKind
{
    Tag,
    Entity,
    Byline,
}

/// <summary>What one shared tag or entity added to a related article's score.</summary>
public sealed record Contribution(FeatureKind Kind, int Id, double Weight);

/// <summary>A related article: its score and the shared features that make it up, which add up to it.</summary>
public sealed record RelatedHit(int ArticleId, double Score, double Similarity, double Recency, IReadOnlyList<Contribution> Shared);

/// <summary>What a query asks of the index, besides the source article.</summary>
/// <param name="Accept">Which candidates may be returned (visibility and the caller's filters).</param>
/// <param name="HalfLife">Time apart at which recency halves a score; null for no recency.</param>
/// <param name="WalkLimit">Given the corpus size, the most articles a feature may have and still be walked.</param>
public sealed record RelatedQuery(
    int Limit,
    Func<int, bool> Accept,
    TimeSpan? HalfLife,
    double RecencyFloor,
    double MinSimilarity,
    double NearDuplicate,
    TimeSpan NearDuplicateWindow,
    Func<int, int> WalkLimit);

/// <summary>
/// The inverted index behind GET /v1/articles/{id}/related: for each tag and entity, the articles that
/// carry it (a posting list, in id order, with each article's salience for entities). A query walks only
/// the postings of the source article's features, so it touches only articles that share something with it.
/// <para>
/// Scoring is cosine similarity between weighted feature vectors. A feature's weight is its IDF,
/// ln(N / articles with it), times its kind's weight (tags, people, places, ...); an entity's component in an
/// article is that weight times the entity's salience there (1 for tags). So a tag on half the corpus counts
/// for little and a rare, central shared entity for a lot, and dividing by both vectors' lengths keeps an
/// article with fifty tags from winning by volume. The similarity is then scaled by recency:
/// 2^(-apart / half-life), never below the floor. Each shared feature's share of the result is reported,
/// and the shares add up to the score.
/// </para>
/// <para>
/// Weights and every article's vector length are kept with the postings, so a candidate's score needs no
/// look at its other features. A feature's weight is recomputed when its article count has moved by more
/// than <see cref="WeightTolerance"/> since it was computed (always, for features on fewer than a hundred
/// articles), and all weights when the corpus size has: an IDF may lag the exact one by that much, never
/// more, and scores always use the weights the lengths were computed with.
/// </para>
/// <para>
/// Very common features (on more articles than RelatedQuery.WalkLimit allows) are never walked, so a query
/// never visits a large part of the corpus: they still add their (small) weight to candidates found through
/// rarer features, but cannot by themselves make an article related.
/// </para>
/// Candidates are scored exactly in order of an upper bound of their score (their walked dot product plus the
/// most the common features could add, over the known lengths, times recency) until no remaining bound can
/// reach the results, so no article that would rank is cut early; only the winners' explanations are built.
/// One writer at a time; queries take no lock. Writers replace posting arrays rather than change them;
/// weights and lengths change in place, and a query reads each candidate's length once, so its bounds and
/// scores agree even while a write lands.
/// </summary>
public sealed class RelatedIndex(Func<FeatureKind, int, double> kindWeight)
{
    /// <summary>The share a feature's article count (or the corpus size) may move before its weight is recomputed.</summary>
    public const double WeightTolerance = 0.01;

    /// <summary>Relative slack on bounds, so rounding never cuts a candidate whose exact score ties the results.</summary>
    private const double BoundSlack = 1e-9;

    private readonly Lock _writeLock = new();
    private State _state = State.Empty;

    public int ArticleCount => _state.Count;

    /// <summary>The number of articles with this feature.</summary>
    public int Frequency(FeatureKind kind, int id) => ArticlesWith(kind, id).Count;

    /// <summary>The ids of the articles with this tag, entity or byline, ascending: a moment's view that later writes replace, not change.</summary>
    public IReadOnlyList<int> ArticlesWith(FeatureKind kind, int id) => _state.Column(kind).Postings(id)?.Ids ?? [];

    /// <summary>The feature's weight as scores use it: IDF times its kind's weight (see <see cref="WeightTolerance"/>).</summary>
    public double Weight(FeatureKind kind, int id) => _state.Column(kind).WeightOf(id);

    /// <summary>Replaces the whole index with these articles.</summary>
    public void Load(IEnumerable<ArticleFacts> articles)
    {
        var all = articles.ToList();
        var byId = new ArticleFacts?[all.Count == 0 ? 0 : all.Max(a => a.Id) + 1];
        foreach (var article in all)
        {
            byId[article.Id] = article;
        }

        var state = new State(
            byId, new ArticleVector[byId.Length], all.Count,
            FeatureColumn.Build(byId, FeatureKind.Tag), FeatureColumn.Build(byId, FeatureKind.Entity), FeatureColumn.Build(byId, FeatureKind.Byline));
        foreach (var article in all)
        {
            state.Vectors[article.Id].Days = DaysOf(article.PublishedAt);
        }

        ReweighAll(state);
        lock (_writeLock)
        {
            _state = state;
        }
    }

    /// <summary>Applies changed articles: each with what it was (null if new) and is (null if deleted).</summary>
    public void Apply(IReadOnlyCollection<(ArticleFacts? Old, ArticleFacts? New)> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        lock (_writeLock)
        {
            var state = _state.Growing(changes.Max(c => (c.New ?? c.Old)!.Id) + 1);
            var tagsTouched = state.Tags.Update(changes);
            var entitiesTouched = state.Entities.Update(changes);
            state.Bylines.Update(changes);
            foreach (var (old, @new) in changes)
            {
                var id = (old ?? @new)!.Id;
                state.Count += (@new is null ? 0 : 1) - (old is null ? 0 : 1);
                state.Articles[id] = @new;
                state.Vectors[id].Days = DaysOf(@new?.PublishedAt);
            }

            if (Math.Abs(state.Count - state.WeighedCount) > WeightTolerance * state.WeighedCount)
            {
                ReweighAll(state);
            }
            else
            {
                foreach (var id in tagsTouched.Where(state.Tags.IsStale))
                {
                    Reweigh(state, state.Tags, id);
                }

                foreach (var id in entitiesTouched.Where(state.Entities.IsStale))
                {
                    Reweigh(state, state.Entities, id);
                }

                foreach (var (_, @new) in changes)
                {
                    if (@new is not null)
                    {
                        state.Vectors[@new.Id].SquaredNorm = SquaredNorm(state, @new);
                    }
                }
            }

            foreach (var (old, @new) in changes)
            {
                if (@new is null)
                {
                    state.Vectors[old!.Id].SquaredNorm = 0;
                }
            }

            _state = state;
        }
    }

    /// <summary>Recomputes these features' weights now: after their kind (an entity's type) changed.</summary>
    public void Reweigh(FeatureKind kind, IEnumerable<int> ids)
    {
        lock (_writeLock)
        {
            var column = _state.Column(kind);
            foreach (var id in ids.Where(id => id >= 0 && id < column.Weights.Length))
            {
                Reweigh(_state, column, id);
            }
        }
    }

    /// <summary>The articles most related to the source, best first; fewer than the limit rather than weak ones.</summary>
    public List<RelatedHit> Query(ArticleFacts source, RelatedQuery query)
    {
        using var timed = ContentApi.Telemetry.ContentTelemetry.Time(ContentApi.Telemetry.ContentTelemetry.RelatedDuration, "related.query");
        var state = _state;
        var features = SourceFeatures(state, source, query.WalkLimit(state.Count), out var sourceNorm, out var commonMost, out var walkedLength);
        if (sourceNorm == 0 || walkedLength == 0)
        {
            return [];
        }

        var walked = features.Where(f => f.Walked).ToArray();
        var postings = walked.Select(f => f.Posting!.Ids).ToArray();
        var salience = walked.Select(f => f.Posting!.Salience).ToArray();
        var products = walked.Select(f => f.SourceComponent * f.Weight).ToArray();
        var at = new int[walked.Length]; // each walked posting's next place
        var candidates = ArrayPool<Candidate>.Shared.Rent(walkedLength);
        try
        {
            // 1. Merge the postings of the features that are not too common, in id order: each article once, with the
            // walked part of its dot product; and its bound: that plus the most the common features could add, over
            // both lengths, times recency. Postings and the arrays read here are in id order, so reads move forward.
            var count = 0;
            while (true)
            {
                var articleId = int.MaxValue;
                for (var f = 0; f < postings.Length; f++)
                {
                    if (at[f] < postings[f].Length && postings[f][at[f]] < articleId)
                    {
                        articleId = postings[f][at[f]];
                    }
                }

                if (articleId == int.MaxValue)
                {
                    break;
                }

                var dot = 0.0;
                for (var f = 0; f < postings.Length; f++)
                {
                    var i = at[f];
                    if (i < postings[f].Length && postings[f][i] == articleId)
                    {
                        dot += salience[f] is { } weights ? products[f] * weights[i] : products[f];
                        at[f] = i + 1;
                    }
                }

                // Postings can hold articles newer than this state (a write landing): they are left out.
                if (articleId == source.Id || articleId >= state.Articles.Length || dot <= 0)
                {
                    continue;
                }

                var (squaredNorm, days) = state.Vectors[articleId];
                if (squaredNorm <= 0)
                {
                    continue; // deleted
                }

                var norm = Math.Sqrt(squaredNorm);
                var recency = Recency(features.SourceDays, days, query);
                var bound = Math.Min(1, (dot + commonMost) / (sourceNorm * norm)) * recency;
                candidates[count++] = new Candidate(articleId, dot, norm, days, recency, bound);
            }

            // 3. Exact scores, highest bound first, until no remaining bound can reach the results. Usually only a few
            // dozen candidates come off the heap, so building it (linear) beats sorting them all.
            var heap = candidates.AsSpan(0, count);
            Heapify(heap);
            var top = new List<Scored>(query.Limit + 1);
            while (heap.Length > 0)
            {
                var candidate = heap[0];
                heap[0] = heap[^1];
                heap = heap[..^1];
                SiftDown(heap, 0);
                if (top.Count == query.Limit && candidate.Bound * (1 + BoundSlack) < top[^1].Score)
                {
                    break;
                }

                var dot = candidate.WalkedDot + (commonMost > 0 ? CommonDot(features, state.Articles[candidate.Id]!) : 0);
                var similarity = dot / (sourceNorm * candidate.Norm);
                if (similarity < query.MinSimilarity
                    || (similarity >= query.NearDuplicate && Math.Abs(candidate.Days - features.SourceDays) <= query.NearDuplicateWindow.TotalDays))
                {
                    continue;
                }

                var scored = new Scored(candidate.Id, similarity * candidate.Recency, similarity, candidate.Recency, candidate.Norm, candidate.Days);
                if (top.Count == query.Limit && !scored.Beats(top[^1]) || !query.Accept(candidate.Id))
                {
                    continue;
                }

                var place = top.FindIndex(scored.Beats);
                top.Insert(place < 0 ? top.Count : place, scored);
                if (top.Count > query.Limit)
                {
                    top.RemoveAt(top.Count - 1);
                }
            }

            return [.. top.Select(s => Explain(features, sourceNorm, s, state.Articles[s.Id]!))];
        }
        finally
        {
            ArrayPool<Candidate>.Shared.Return(candidates);
        }
    }

    /// <summary>
    /// Maximal marginal relevance: picks <paramref name="limit"/> of the ranked hits one at a time, each the best
    /// by (1 - diversity) x its score - diversity x its highest similarity to those already picked, so several
    /// takes on one story do not fill the list. Diversity 0 keeps the ranking; 1 only avoids repetition.
    /// Similarities between hits are cosines of their vectors, weighted as scores are.
    /// </summary>
    public List<RelatedHit> Diversify(IReadOnlyList<RelatedHit> ranked, int limit, double diversity)
    {
        var state = _state;
        var pool = ranked.Where(h => h.ArticleId < state.Articles.Length && state.Articles[h.ArticleId] is not null)
            .Select(h => (Hit: h, Facts: state.Articles[h.ArticleId]!, Nearest: 0.0))
            .ToList();
        List<RelatedHit> picked = [];
        while (picked.Count < limit && pool.Count > 0)
        {
            var best = 0;
            for (var i = 1; i < pool.Count; i++)
            {
                if (Marginal(pool[i]) > Marginal(pool[best]))
                {
                    best = i;
                }
            }

            var (hit, chosen, _) = pool[best];
            picked.Add(hit);
            pool.RemoveAt(best);
            for (var i = 0; i < pool.Count; i++)
            {
                pool[i] = pool[i] with { Nearest = Math.Max(pool[i].Nearest, Cosine(state, chosen, pool[i].Facts)) };
            }
        }

        return picked;

        double Marginal((RelatedHit Hit, ArticleFacts Facts, double Nearest) candidate) => (1 - diversity) * candidate.Hit.Score - diversity * candidate.Nearest;
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
        var state = _state;
        if (state.Entities.Postings(entityId) is not { } posting)
        {
            return [];
        }

        var together = new Dictionary<int, int>();
        var read = 0;
        // Postings are in id order, and ids grow with time: walk from the end for the newest.
        for (var i = posting.Ids.Length - 1; i >= 0 && read < maxArticles; i--)
        {
            var articleId = posting.Ids[i];
            if (articleId >= state.Articles.Length || state.Articles[articleId] is not { } article || !accept(articleId))
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

    /// <summary>The source's features with their weights, and the lengths and bounds the query needs.</summary>
    private static SourceFeatureSet SourceFeatures(State state, ArticleFacts source, int walkLimit, out double sourceNorm, out double commonMost, out int walkedLength)
    {
        var features = new SourceFeatureSet(DaysOf(source.PublishedAt));
        double squares = 0, common = 0;
        var walked = 0;
        foreach (var (kind, id, salience) in Features(source))
        {
            var column = state.Column(kind);
            var weight = column.WeightOf(id);
            var component = weight * salience;
            if (component <= 0)
            {
                continue;
            }

            var posting = column.Postings(id);
            var isWalked = posting is not null && posting.Ids.Length <= walkLimit;
            squares += component * component;
            if (isWalked)
            {
                walked += posting!.Ids.Length;
            }
            else
            {
                // A candidate's salience is at most 1, so this is the most a common feature can add to its dot product.
                common += component * weight;
            }

            features.Add(new SourceFeature(kind, id, weight, component, posting, isWalked));
        }

        (sourceNorm, commonMost, walkedLength) = (Math.Sqrt(squares), common, walked);
        return features;
    }

    /// <summary>The cosine of two articles' vectors, with the weights and lengths scores use.</summary>
    private static double Cosine(State state, ArticleFacts a, ArticleFacts b)
    {
        var lengths = Math.Sqrt(state.Vectors[a.Id].SquaredNorm * state.Vectors[b.Id].SquaredNorm);
        if (lengths == 0)
        {
            return 0;
        }

        var dot = 0.0;
        foreach (var (kind, id, salience) in Features(a))
        {
            foreach (var (otherKind, otherId, otherSalience) in Features(b))
            {
                if (otherId == id && otherKind == kind)
                {
                    var weight = state.Column(kind).WeightOf(id);
                    dot += weight * salience * weight * otherSalience;
                }
            }
        }

        return dot / lengths;
    }

    /// <summary>What the source's common (unwalked) features add to this candidate's dot product.</summary>
    private static double CommonDot(SourceFeatureSet features, ArticleFacts candidate)
    {
        var dot = 0.0;
        foreach (var (kind, id, salience) in Features(candidate))
        {
            if (features.Find(kind, id) is { Walked: false } feature)
            {
                dot += feature.SourceComponent * feature.Weight * salience;
            }
        }

        return dot;
    }

    /// <summary>A winner with its shared features, each feature's share scaled so they add up to the score.</summary>
    private static RelatedHit Explain(SourceFeatureSet features, double sourceNorm, Scored scored, ArticleFacts candidate)
    {
        var scale = scored.Recency / (sourceNorm * scored.Norm);
        List<Contribution> shared = [];
        foreach (var (kind, id, salience) in Features(candidate))
        {
            if (features.Find(kind, id) is { } feature)
            {
                shared.Add(new Contribution(kind, id, feature.SourceComponent * feature.Weight * salience * scale));
            }
        }

        shared.Sort(static (a, b) => b.Weight != a.Weight ? b.Weight.CompareTo(a.Weight) : a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : a.Id.CompareTo(b.Id));
        return new RelatedHit(scored.Id, scored.Score, scored.Similarity, scored.Recency, shared);
    }

    /// <summary>2^(-time apart / half-life), not below the floor; 1 with no half-life or no dates.</summary>
    private static double Recency(double sourceDays, double candidateDays, RelatedQuery query)
    {
        if (query.HalfLife is not { } halfLife || halfLife <= TimeSpan.Zero || double.IsNaN(sourceDays) || double.IsNaN(candidateDays))
        {
            return 1;
        }

        return Math.Max(query.RecencyFloor, double.Exp2(-Math.Abs(candidateDays - sourceDays) / halfLife.TotalDays));
    }

    private static double DaysOf(DateTime? time) => time is { } t ? t.Ticks / (double)TimeSpan.TicksPerDay : double.NaN;

    /// <summary>An article's features with its salience of each (1 for tags and where none is known), without allocating.</summary>
    private static FeatureList Features(ArticleFacts article) => new(article);

    private readonly struct FeatureList(ArticleFacts article)
    {
        public Enumerator GetEnumerator() => new(article);

        public struct Enumerator(ArticleFacts article)
        {
            private int _at = -1;

            public readonly (FeatureKind Kind, int Id, double Salience) Current =>
                _at < article.TagIds.Length
                    ? (FeatureKind.Tag, article.TagIds[_at], 1)
                    : (FeatureKind.Entity, article.EntityIds[_at - article.TagIds.Length], article.SalienceAt(_at - article.TagIds.Length));

            public bool MoveNext() => ++_at < article.TagIds.Length + article.EntityIds.Length;
        }
    }

    private static double SquaredNorm(State state, ArticleFacts article)
    {
        var squares = 0.0;
        foreach (var (kind, id, salience) in Features(article))
        {
            var component = state.Column(kind).WeightOf(id) * salience;
            squares += component * component;
        }

        return squares;
    }

    /// <summary>Every weight from the current counts, and every length from those weights.</summary>
    private void ReweighAll(State state)
    {
        state.WeighedCount = state.Count;
        foreach (var column in (FeatureColumn[])[state.Tags, state.Entities])
        {
            for (var id = 0; id < column.Weights.Length; id++)
            {
                var frequency = column.Postings(id)?.Ids.Length ?? 0;
                column.Weights[id] = Idf(state.Count, frequency) * (frequency == 0 ? 0 : kindWeight(column.Kind, id));
                column.WeighedAt[id] = frequency;
            }
        }

        for (var id = 0; id < state.Articles.Length; id++)
        {
            state.Vectors[id].SquaredNorm = state.Articles[id] is { } article ? SquaredNorm(state, article) : 0;
        }
    }

    /// <summary>One feature's weight from its current count; the lengths of its articles move with it.</summary>
    private void Reweigh(State state, FeatureColumn column, int id)
    {
        var posting = column.Postings(id);
        var frequency = posting?.Ids.Length ?? 0;
        var before = column.Weights[id];
        var after = Idf(state.Count, frequency) * (frequency == 0 ? 0 : kindWeight(column.Kind, id));
        (column.Weights[id], column.WeighedAt[id]) = (after, frequency);
        if (posting is null || after == before)
        {
            return;
        }

        var change = after * after - before * before;
        for (var i = 0; i < posting.Ids.Length; i++)
        {
            var salience = posting.Salience?[i] ?? 1;
            var articleId = posting.Ids[i];
            state.Vectors[articleId].SquaredNorm = Math.Max(0, state.Vectors[articleId].SquaredNorm + change * salience * salience);
        }
    }

    private static double Idf(int articles, int frequency) => frequency == 0 ? 0 : Math.Log((double)Math.Max(articles, frequency) / frequency);

    /// <summary>Orders the candidates as a binary max-heap by bound.</summary>
    private static void Heapify(Span<Candidate> heap)
    {
        for (var i = heap.Length / 2 - 1; i >= 0; i--)
        {
            SiftDown(heap, i);
        }
    }

    private static void SiftDown(Span<Candidate> heap, int at)
    {
        while (true)
        {
            var (largest, left) = (at, 2 * at + 1);
            if (left < heap.Length && heap[left].Bound > heap[largest].Bound)
            {
                largest = left;
            }

            if (left + 1 < heap.Length && heap[left + 1].Bound > heap[largest].Bound)
            {
                largest = left + 1;
            }

            if (largest == at)
            {
                return;
            }

            (heap[at], heap[largest]) = (heap[largest], heap[at]);
            at = largest;
        }
    }

    /// <summary>What a query reads of each article, side by side: its vector's squared length (0: none) and its publication day (NaN: none).</summary>
    private struct ArticleVector
    {
        public double SquaredNorm;
        public double Days;

        public readonly void Deconstruct(out double squaredNorm, out double days) => (squaredNorm, days) = (SquaredNorm, Days);
    }

    /// <summary>A touched article during a query: what the walk found and its bound.</summary>
    private readonly record struct Candidate(int Id, double WalkedDot, double Norm, double Days, double Recency, double Bound);

    /// <summary>An exactly scored candidate; order is score, then newer (undated last), then higher id.</summary>
    private readonly record struct Scored(int Id, double Score, double Similarity, double Recency, double Norm, double Days)
    {
        public bool Beats(Scored other)
        {
            if (Score != other.Score)
            {
                return Score > other.Score;
            }

            var (mine, theirs) = (double.IsNaN(Days) ? double.NegativeInfinity : Days, double.IsNaN(other.Days) ? double.NegativeInfinity : other.Days);
            return mine != theirs ? mine > theirs : Id > other.Id;
        }
    }

    private sealed record SourceFeature(FeatureKind Kind, int Id, double Weight, double SourceComponent, Posting? Posting, bool Walked);

    /// <summary>The source's features, found by kind and id; a 256-bit filter answers most "not one of them" without a lookup.</summary>
    private sealed class SourceFeatureSet(double sourceDays) : IEnumerable<SourceFeature>
    {
        private readonly List<SourceFeature> _features = [];
        private readonly Dictionary<long, SourceFeature> _byKey = [];
        private readonly ulong[] _filter = new ulong[4];

        public double SourceDays { get; } = sourceDays;

        public void Add(SourceFeature feature)
        {
            _features.Add(feature);
            _byKey[Key(feature.Kind, feature.Id)] = feature;
            var bit = Bit(feature.Kind, feature.Id);
            _filter[bit >> 6] |= 1UL << (bit & 63);
        }

        public SourceFeature? Find(FeatureKind kind, int id)
        {
            var bit = Bit(kind, id);
            return (_filter[bit >> 6] & (1UL << (bit & 63))) != 0 && _byKey.TryGetValue(Key(kind, id), out var feature) ? feature : null;
        }

        public IEnumerator<SourceFeature> GetEnumerator() => _features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private static long Key(FeatureKind kind, int id) => ((long)kind << 32) | (uint)id;

        private static int Bit(FeatureKind kind, int id) => (int)((uint)(id * 31 + (int)kind) & 255);
    }

    /// <summary>The articles with one feature, in id order, and each one's salience of it (null: all 1).</summary>
    private sealed record Posting(int[] Ids, float[]? Salience);

    /// <summary>
    /// One kind of feature by id: postings, weights, and the article count each weight was computed at.
    /// </summary>
    private sealed class FeatureColumn(FeatureKind kind, Posting?[] postings)
    {
        public FeatureKind Kind { get; } = kind;

        public Posting?[] All { get; private set; } = postings;

        public double[] Weights { get; private set; } = new double[postings.Length];

        public int[] WeighedAt { get; private set; } = new int[postings.Length];

        public Posting? Postings(int id) => id >= 0 && id < All.Length ? All[id] : null;

        public double WeightOf(int id) => id >= 0 && id < Weights.Length ? Weights[id] : 0;

        /// <summary>Whether the feature's count has moved too far from the one its weight was computed at.</summary>
        public bool IsStale(int id)
        {
            var frequency = Postings(id)?.Ids.Length ?? 0;
            return Math.Abs(frequency - WeighedAt[id]) > WeightTolerance * WeighedAt[id];
        }

        public static FeatureColumn Build(ArticleFacts?[] byId, FeatureKind kind)
        {
            var counts = new int[byId.Length == 0 ? 0 : byId.Max(a => a is null ? 0 : IdsOf(a, kind).DefaultIfEmpty(0).Max()) + 1];
            foreach (var article in byId)
            {
                foreach (var id in article is null ? [] : IdsOf(article, kind))
                {
                    counts[id]++;
                }
            }

            var postings = new Posting?[counts.Length];
            for (var id = 0; id < counts.Length; id++)
            {
                postings[id] = counts[id] == 0 ? null : new Posting(new int[counts[id]], kind == FeatureKind.Entity ? new float[counts[id]] : null);
            }

            var filled = new int[counts.Length];
            foreach (var article in byId)
            {
                var ids = article is null ? [] : IdsOf(article, kind);
                for (var i = 0; i < ids.Length; i++)
                {
                    var posting = postings[ids[i]]!;
                    posting.Ids[filled[ids[i]]] = article!.Id;
                    if (posting.Salience is { } salience)
                    {
                        salience[filled[ids[i]]] = article.SalienceAt(i); // entities only: tags have no salience array
                    }

                    filled[ids[i]]++;
                }
            }

            return new FeatureColumn(kind, postings);
        }

        /// <summary>Replaces the posting arrays the changes touch with merged copies; returns the features touched.</summary>
        public HashSet<int> Update(IReadOnlyCollection<(ArticleFacts? Old, ArticleFacts? New)> changes)
        {
            var removed = new Dictionary<int, List<int>>();
            var added = new Dictionary<int, List<(int ArticleId, float Salience)>>();
            foreach (var (old, @new) in changes)
            {
                foreach (var id in old is null ? [] : IdsOf(old, Kind))
                {
                    (removed.TryGetValue(id, out var set) ? set : removed[id] = []).Add(old!.Id);
                }

                var ids = @new is null ? [] : IdsOf(@new, Kind);
                for (var i = 0; i < ids.Length; i++)
                {
                    (added.TryGetValue(ids[i], out var list) ? list : added[ids[i]] = []).Add((@new!.Id, SalienceOf(@new, i)));
                }
            }

            var touched = removed.Keys.Concat(added.Keys).ToHashSet();
            var needed = touched.Count == 0 ? 0 : touched.Max() + 1;
            if (needed > All.Length)
            {
                var length = Math.Max(needed, All.Length * 2);
                (All, Weights, WeighedAt) = (Grown(All, length), Grown(Weights, length), Grown(WeighedAt, length));
            }

            foreach (var id in touched)
            {
                All[id] = Merged(All[id], removed.GetValueOrDefault(id), added.GetValueOrDefault(id));
            }

            return touched;
        }

        /// <summary>The posting without the removed articles and with the added ones (an article both removed and added takes its new salience), in id order.</summary>
        private Posting? Merged(Posting? posting, List<int>? removed, List<(int ArticleId, float Salience)>? added)
        {
            var adding = added ?? [];
            adding.Sort(static (a, b) => a.ArticleId.CompareTo(b.ArticleId));
            var removing = removed ?? [];
            removing.Sort();
            var ids = posting?.Ids ?? [];
            var mergedIds = new int[ids.Length + adding.Count];
            var mergedSalience = Kind == FeatureKind.Entity ? new float[mergedIds.Length] : null;
            var count = 0;
            void Put(int articleId, float salience)
            {
                mergedIds[count] = articleId;
                mergedSalience?[count] = salience;
                count++;
            }

            int next = 0, nextRemoved = 0;
            for (var i = 0; i < ids.Length; i++)
            {
                for (; next < adding.Count && adding[next].ArticleId < ids[i]; next++)
                {
                    Put(adding[next].ArticleId, adding[next].Salience);
                }

                for (; nextRemoved < removing.Count && removing[nextRemoved] < ids[i]; nextRemoved++)
                {
                }

                var replaced = next < adding.Count && adding[next].ArticleId == ids[i];
                if (!replaced && (nextRemoved == removing.Count || removing[nextRemoved] != ids[i]))
                {
                    Put(ids[i], posting!.Salience?[i] ?? 1);
                }
            }

            for (; next < adding.Count; next++)
            {
                Put(adding[next].ArticleId, adding[next].Salience);
            }

            return count == 0 ? null
                : count == mergedIds.Length ? new Posting(mergedIds, mergedSalience)
                : new Posting(mergedIds[..count], mergedSalience?[..count]);
        }

        private float SalienceOf(ArticleFacts article, int index) => Kind == FeatureKind.Entity ? article.SalienceAt(index) : 1;

        private static int[] IdsOf(ArticleFacts article, FeatureKind kind) => kind switch
        {
            FeatureKind.Tag => article.TagIds,
            FeatureKind.Entity => article.EntityIds,
            _ => article.BylineIds,
        };
    }

    /// <summary>Everything a query reads. A write that needs longer arrays publishes a new state; others change this one.</summary>
    private sealed class State(ArticleFacts?[] articles, ArticleVector[] vectors, int count, FeatureColumn tags, FeatureColumn entities, FeatureColumn bylines)
    {
        public static readonly State Empty = new([], [], 0, new(FeatureKind.Tag, []), new(FeatureKind.Entity, []), new(FeatureKind.Byline, []));

        public ArticleFacts?[] Articles { get; } = articles;
        public ArticleVector[] Vectors { get; } = vectors;
        public int Count { get; set; } = count;
        public int WeighedCount { get; set; }
        public FeatureColumn Tags { get; } = tags;
        public FeatureColumn Entities { get; } = entities;
        public FeatureColumn Bylines { get; } = bylines;

        public FeatureColumn Column(FeatureKind kind) => kind switch
        {
            FeatureKind.Tag => Tags,
            FeatureKind.Entity => Entities,
            _ => Bylines,
        };

        /// <summary>This state, or a copy with arrays long enough for article ids below <paramref name="length"/>.</summary>
        public State Growing(int length)
        {
            if (length <= Articles.Length)
            {
                return this;
            }

            var size = Math.Max(length, Articles.Length * 2);
            return new State(Grown(Articles, size), Grown(Vectors, size, new ArticleVector { Days = double.NaN }), Count, Tags, Entities, Bylines)
            {
                WeighedCount = WeighedCount,
            };
        }
    }

    private static T[] Grown<T>(T[] array, int length, T fill = default!)
    {
        var grown = new T[length];
        Array.Copy(array, grown, Math.Min(array.Length, length));
        if (length > array.Length && !EqualityComparer<T>.Default.Equals(fill, default!))
        {
            Array.Fill(grown, fill, array.Length, length - array.Length);
        }

        return grown;
    }
}
