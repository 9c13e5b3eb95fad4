using System.Collections.Concurrent;
using ContentApi.Articles;

namespace ContentApi.Related;

/// <summary>What an article links to, as the index keeps it. Tags, entities and key terms are scored; bylines are only kept for list filters.</summary>
public enum FeatureKind
{
    Tag,
    Entity,
    Byline,
    Term,
}

/// <summary>What one shared tag, entity or key term added to a related article's score.</summary>
public sealed record Contribution(FeatureKind Kind, int Id, double Weight);

/// <summary>A related article: its score and the shared features that make it up, which add up to it.</summary>
public sealed record RelatedHit(int ArticleId, double Score, double Similarity, double Recency, IReadOnlyList<Contribution> Shared);

/// <summary>How much each kind of evidence counts in the similarity: shared tags, shared entities, shared key terms.</summary>
public sealed record EvidenceWeights(double Tags, double Entities, double Terms)
{
    public static readonly EvidenceWeights Equal = new(1, 1, 1);

    public double Of(int slot) => slot switch { 0 => Tags, 1 => Entities, _ => Terms };
}

/// <summary>What a query asks of the index, besides the source article.</summary>
/// <param name="Accept">Which candidates may be returned (visibility and the caller's filters).</param>
/// <param name="HalfLife">Time apart at which recency halves a score; null for no recency.</param>
/// <param name="WalkLimit">Given the corpus size, the most articles a feature may have and still be walked.</param>
/// <param name="Evidence">How the three kinds of evidence are weighed; null for equal weights.</param>
public sealed record RelatedQuery(
    int Limit,
    Func<int, bool> Accept,
    TimeSpan? HalfLife,
    double RecencyFloor,
    double MinSimilarity,
    double NearDuplicate,
    TimeSpan NearDuplicateWindow,
    Func<int, int> WalkLimit,
    EvidenceWeights? Evidence = null);

/// <summary>
/// The inverted index behind GET /v1/articles/{id}/related: for each tag, entity and key term, the articles that
/// carry it (a posting list, in id order, with each article's salience of an entity and weight of a term). A query
/// walks only the postings of the source article's features, so it touches only articles that share something with it.
/// <para>
/// Three kinds of evidence are scored apart, each as the cosine similarity of two weighted vectors: the tags, the
/// entities and the key terms. A feature's weight is its IDF, ln(N / articles with it), times its kind's weight (for
/// entities, their type's: people, places, ...); an entity's component in an article is that weight times its salience
/// there, a key term's that weight times its weight in the article (1 for tags). The similarity is the mean of the three
/// cosines weighted by <see cref="EvidenceWeights"/>, over the kinds the source has: so a rare shared feature counts more
/// than a common one, an article with fifty tags or a thousand words does not win by volume, and no kind outweighs
/// another by having more features. It is then scaled by recency: 2^(-apart / half-life), never below the floor. Each
/// shared feature's share of the result is reported, and the shares add up to the score.
/// </para>
/// <para>
/// Weights and every article's three vector lengths are kept with the postings, so a candidate's score needs no look at
/// its other features. A feature's weight is recomputed when its article count has moved by more than
/// <see cref="WeightTolerance"/> since it was computed (always, for features on fewer than a hundred articles), and all
/// weights when the corpus size has: an IDF may lag the exact one by that much, never more, and scores always use the
/// weights the lengths were computed with.
/// </para>
/// <para>
/// Very common features (on more articles than RelatedQuery.WalkLimit allows) are never walked, so a query never visits
/// a large part of the corpus: they still add their (small) weight to candidates found through rarer features, but
/// cannot by themselves make an article related.
/// </para>
/// Candidates are scored exactly in order of an upper bound of their score (per kind, their walked dot product plus the
/// most the common features could add, over the known lengths; times recency) until no remaining bound can reach the
/// results, so no article that would rank is cut early; only the winners' explanations are built. One writer at a time;
/// queries take no lock. Postings are kept in blocks of at most <see cref="BlockSize"/> articles that writers replace,
/// never change, so a write costs the blocks it touches, not the length of the lists; weights and lengths change in
/// place, and a query reads each candidate's lengths once, so its bounds and scores agree even while a write lands.
/// </summary>
public sealed class RelatedIndex(Func<FeatureKind, int, double> kindWeight) : IDocumentFrequencies
{
    /// <summary>The share a feature's article count (or the corpus size) may move before its weight is recomputed.</summary>
    public const double WeightTolerance = 0.01;

    /// <summary>Articles per posting block: a write copies the blocks it changes (and the list of a feature's blocks).</summary>
    public const int BlockSize = 256;

    /// <summary>The power of a key term's IDF in its weight (see <see cref="Idf"/>).</summary>
    public const double TermIdfExponent = 0.4;

    /// <summary>Relative slack on bounds, so rounding never cuts a candidate whose exact score ties the results.</summary>
    private const double BoundSlack = 1e-9;

    /// <summary>The scored kinds, in the order of their slots in vectors and bounds.</summary>
    private static readonly FeatureKind[] ScoredKinds = [FeatureKind.Tag, FeatureKind.Entity, FeatureKind.Term];

    private readonly Lock _writeLock = new();
    private readonly ConcurrentBag<Scratch> _scratches = [];
    private State _state = State.Empty();

    public int ArticleCount => _state.Count;

    /// <summary>The key terms the index knows, by id: ArticleFacts.TermIds are ids of this vocabulary.</summary>
    public KeyTermVocabulary Terms { get; } = new();

    int IDocumentFrequencies.Articles => ArticleCount;

    int IDocumentFrequencies.Frequency(string key) => Terms.Find(key) is { } id ? Frequency(FeatureKind.Term, id) : 0;

    /// <summary>The number of articles with this feature.</summary>
    public int Frequency(FeatureKind kind, int id) => _state.Column(kind).CountOf(id);

    /// <summary>The ids of the articles with this tag, entity, byline or term, ascending: a moment's view that later writes replace, not change.</summary>
    public IReadOnlyList<int> ArticlesWith(FeatureKind kind, int id)
    {
        var column = _state.Column(kind);
        return column.Blocks(id) is { } blocks ? new PostingView(blocks, column.Weighted, column.CountOf(id)) : [];
    }

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
            FeatureColumn.Build(byId, FeatureKind.Tag), FeatureColumn.Build(byId, FeatureKind.Entity),
            FeatureColumn.Build(byId, FeatureKind.Byline), FeatureColumn.Build(byId, FeatureKind.Term));
        for (var id = 0; id < byId.Length; id++)
        {
            state.Vectors[id].Days = DaysOf(byId[id]?.PublishedAt);
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
            var touched = ScoredKinds.Select(kind => (Column: state.Column(kind), Touched: state.Column(kind).Update(changes))).ToList();
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
                foreach (var (column, ids) in touched)
                {
                    foreach (var id in ids.Where(column.IsStale))
                    {
                        Reweigh(state, column, id);
                    }
                }

                foreach (var (_, @new) in changes)
                {
                    if (@new is not null)
                    {
                        SetNorms(state, @new);
                    }
                }
            }

            foreach (var (old, @new) in changes)
            {
                if (@new is null)
                {
                    state.Vectors[old!.Id] = new ArticleVector { Days = double.NaN };
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
    /// <remarks>The source need not be in the index (an editor's draft): its features are weighed as the index weighs them, and unknown ones count for nothing.</remarks>
    public List<RelatedHit> Query(ArticleFacts source, RelatedQuery query)
    {
        var state = _state;
        var evidence = query.Evidence ?? EvidenceWeights.Equal;
        var features = SourceFeatures(state, source, query.WalkLimit(state.Count), evidence);
        if (features.Length == 0 || !features.AnyWalked)
        {
            return [];
        }

        if (!_scratches.TryTake(out var scratch))
        {
            scratch = new Scratch();
        }

        try
        {
            // 1. Walk the postings of the features that are not too common, adding each one's product into the article's
            // dot product of its kind: each article touched once, whatever the number of features it shares.
            scratch.Begin(state.Articles.Length);
            foreach (var feature in features)
            {
                if (feature.Walked)
                {
                    scratch.Walk(feature.Blocks!, feature.Weighted, feature.Slot, feature.SourceComponent * feature.Weight);
                }
            }

            // 2. Each candidate's bound: per kind, the walked dot plus the most the common features could add, over both
            // lengths; weighed by the evidence weights; times recency. One that cannot reach MinSimilarity is dropped here.
            var heap = scratch.Candidates;
            for (var c = 0; c < scratch.Count; c++)
            {
                var articleId = scratch.Ids[c];
                if (articleId == source.Id)
                {
                    continue;
                }

                var vector = state.Vectors[articleId];
                if (!vector.Live)
                {
                    continue; // deleted, or newer than this state (a write landing)
                }

                var dots = new Triple(scratch.Dots[3 * c], scratch.Dots[3 * c + 1], scratch.Dots[3 * c + 2]);
                var norms = new Triple(Math.Sqrt(vector.Tags), Math.Sqrt(vector.Entities), Math.Sqrt(vector.Terms));
                var most = features.Bound(dots, norms);
                if (most * (1 + BoundSlack) < query.MinSimilarity)
                {
                    continue;
                }

                var recency = Recency(features.SourceDays, vector.Days, query);
                heap.Add(new Candidate(articleId, dots, norms, vector.Days, recency, most * recency));
            }

            // 3. Exact scores, highest bound first, until no remaining bound can reach the results. Usually only a few
            // dozen candidates come off the heap, so building it (linear) beats sorting them all.
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(heap);
            Heapify(span);
            var top = new List<Scored>(query.Limit + 1);
            var hasCommon = features.CommonMost[0] + features.CommonMost[1] + features.CommonMost[2] > 0;
            while (span.Length > 0)
            {
                var candidate = span[0];
                span[0] = span[^1];
                span = span[..^1];
                SiftDown(span, 0);
                if (top.Count == query.Limit && candidate.Bound * (1 + BoundSlack) < top[^1].Score)
                {
                    break;
                }

                var dots = hasCommon ? candidate.WalkedDots + CommonDots(features, state.Articles[candidate.Id]!) : candidate.WalkedDots;
                var similarity = features.Similarity(dots, candidate.Norms);
                if (similarity < query.MinSimilarity
                    || (similarity >= query.NearDuplicate && Math.Abs(candidate.Days - features.SourceDays) <= query.NearDuplicateWindow.TotalDays))
                {
                    continue;
                }

                var scored = new Scored(candidate.Id, similarity * candidate.Recency, similarity, candidate.Recency, features.LengthOf(candidate.Norms), candidate.Days);
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

            return [.. top.Select(s => Explain(features, s, state.Articles[s.Id]!))];
        }
        finally
        {
            scratch.Candidates.Clear();
            _scratches.Add(scratch);
        }
    }

    /// <summary>
    /// Maximal marginal relevance: picks <paramref name="limit"/> of the ranked hits one at a time, each the best
    /// by (1 - diversity) x its score - diversity x its highest similarity to those already picked, so several
    /// takes on one story do not fill the list. Diversity 0 keeps the ranking; 1 only avoids repetition.
    /// Similarities between hits are computed as scores are (the same weights, lengths and evidence weights).
    /// </summary>
    public List<RelatedHit> Diversify(IReadOnlyList<RelatedHit> ranked, int limit, double diversity, EvidenceWeights? evidence = null)
    {
        var state = _state;
        var weights = evidence ?? EvidenceWeights.Equal;
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
            var chosenFeatures = SourceFeatures(state, chosen, int.MaxValue, weights);
            for (var i = 0; i < pool.Count; i++)
            {
                pool[i] = pool[i] with { Nearest = Math.Max(pool[i].Nearest, Similarity(state, chosenFeatures, pool[i].Facts)) };
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
        if (state.Entities.Blocks(entityId) is not { } blocks)
        {
            return [];
        }

        var together = new Dictionary<int, int>();
        var read = 0;
        // Postings are in id order, and ids grow with time: walk from the end for the newest.
        for (var b = blocks.Length - 1; b >= 0 && read < maxArticles; b--)
        {
            var block = blocks[b];
            for (var i = BlockLength(block, weighted: true) - 1; i >= 0 && read < maxArticles; i--)
            {
                var articleId = block[i];
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
    private static SourceFeatureSet SourceFeatures(State state, ArticleFacts source, int walkLimit, EvidenceWeights evidence)
    {
        var features = new SourceFeatureSet(DaysOf(source.PublishedAt), evidence);
        foreach (var (kind, id, salience) in Features(source))
        {
            var column = state.Column(kind);
            var weight = column.WeightOf(id);
            var component = weight * salience;
            if (component <= 0)
            {
                continue;
            }

            var slot = SlotOf(kind);
            if (evidence.Of(slot) == 0)
            {
                continue; // a kind that counts for nothing is neither walked nor explained
            }

            var count = column.CountOf(id);
            features.Squares[slot] += component * component;
            var walked = count > 0 && count <= walkLimit;
            if (walked)
            {
                features.AnyWalked = true;
            }
            else
            {
                // The most a candidate's component can be is the weight times the highest salience (or term weight) on the posting.
                features.CommonMost[slot] += component * weight * column.MaxWeightOf(id);
                features.CommonSquares[slot] += component * component;
            }

            features.Add(new SourceFeature(kind, id, slot, weight, component, column.Blocks(id), column.Weighted, walked));
        }

        features.Complete();
        return features;
    }

    /// <summary>The similarity of an indexed article to a source, with the weights and lengths scores use.</summary>
    private static double Similarity(State state, SourceFeatureSet source, ArticleFacts other)
    {
        var vector = state.Vectors[other.Id];
        var norms = new Triple(Math.Sqrt(vector.Tags), Math.Sqrt(vector.Entities), Math.Sqrt(vector.Terms));
        var dots = new Triple(0, 0, 0);
        foreach (var (kind, id, salience) in Features(other))
        {
            if (source.Find(kind, id) is { } feature)
            {
                dots = dots.Plus(feature.Slot, feature.SourceComponent * feature.Weight * salience);
            }
        }

        return source.Length == 0 ? 0 : source.Similarity(dots, norms);
    }

    /// <summary>What the source's common (unwalked) features add to this candidate's dot products.</summary>
    private static Triple CommonDots(SourceFeatureSet features, ArticleFacts candidate)
    {
        var dots = new Triple(0, 0, 0);
        foreach (var (kind, id, salience) in Features(candidate))
        {
            if (features.Find(kind, id) is { Walked: false } feature)
            {
                dots = dots.Plus(feature.Slot, feature.SourceComponent * feature.Weight * salience);
            }
        }

        return dots;
    }

    /// <summary>A winner with its shared features, each feature's share scaled so they add up to the score.</summary>
    private static RelatedHit Explain(SourceFeatureSet features, Scored scored, ArticleFacts candidate)
    {
        List<Contribution> shared = [];
        foreach (var (kind, id, salience) in Features(candidate))
        {
            if (features.Find(kind, id) is { } feature)
            {
                var share = features.Evidence.Of(feature.Slot) * features.Evidence.Of(feature.Slot) / (features.Length * scored.Length);
                shared.Add(new Contribution(kind, id, feature.SourceComponent * feature.Weight * salience * share * scored.Recency));
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

    private static int SlotOf(FeatureKind kind) => kind switch { FeatureKind.Tag => 0, FeatureKind.Entity => 1, _ => 2 };

    /// <summary>An article's scored features with its salience of each (1 for tags and where none is known) or a term's weight, without allocating.</summary>
    private static FeatureList Features(ArticleFacts article) => new(article);

    private readonly struct FeatureList(ArticleFacts article)
    {
        public Enumerator GetEnumerator() => new(article);

        public struct Enumerator(ArticleFacts article)
        {
            private readonly int _tags = article.TagIds.Length;
            private readonly int _entities = article.TagIds.Length + article.EntityIds.Length;
            private readonly int _all = article.TagIds.Length + article.EntityIds.Length + (article.TermIds?.Length ?? 0);
            private int _at = -1;

            public readonly (FeatureKind Kind, int Id, double Salience) Current =>
                _at < _tags ? (FeatureKind.Tag, article.TagIds[_at], 1)
                : _at < _entities ? (FeatureKind.Entity, article.EntityIds[_at - _tags], article.SalienceAt(_at - _tags))
                : (FeatureKind.Term, article.TermIds![_at - _entities], article.TermWeightAt(_at - _entities));

            public bool MoveNext() => ++_at < _all;
        }
    }

    private static Triple Norms(State state, ArticleFacts article)
    {
        var squares = new Triple(0, 0, 0);
        foreach (var (kind, id, salience) in Features(article))
        {
            var component = state.Column(kind).WeightOf(id) * salience;
            squares = squares.Plus(SlotOf(kind), component * component);
        }

        return squares;
    }

    private static void SetNorms(State state, ArticleFacts article)
    {
        var squares = Norms(state, article);
        ref var vector = ref state.Vectors[article.Id];
        (vector.Tags, vector.Entities, vector.Terms, vector.Live) = (squares[0], squares[1], squares[2], true);
    }

    private double KindWeight(FeatureKind kind, int id) => kind == FeatureKind.Term ? 1 : kindWeight(kind, id);

    /// <summary>Every weight from the current counts, and every length from those weights.</summary>
    private void ReweighAll(State state)
    {
        state.WeighedCount = state.Count;
        foreach (var kind in ScoredKinds)
        {
            var column = state.Column(kind);
            for (var id = 0; id < column.Weights.Length; id++)
            {
                var frequency = column.CountOf(id);
                column.Weights[id] = Idf(state.Count, frequency, column.Kind) * (frequency == 0 ? 0 : KindWeight(column.Kind, id));
                column.WeighedAt[id] = frequency;
            }
        }

        for (var id = 0; id < state.Articles.Length; id++)
        {
            if (state.Articles[id] is { } article)
            {
                SetNorms(state, article);
            }
            else
            {
                state.Vectors[id] = new ArticleVector { Days = double.NaN };
            }
        }
    }

    /// <summary>One feature's weight from its current count; the lengths of its articles move with it.</summary>
    private void Reweigh(State state, FeatureColumn column, int id)
    {
        var frequency = column.CountOf(id);
        var before = column.Weights[id];
        var after = Idf(state.Count, frequency, column.Kind) * (frequency == 0 ? 0 : KindWeight(column.Kind, id));
        (column.Weights[id], column.WeighedAt[id]) = (after, frequency);
        if (column.Blocks(id) is not { } blocks || after == before)
        {
            return;
        }

        var change = after * after - before * before;
        var slot = SlotOf(column.Kind);
        foreach (var block in blocks)
        {
            var length = BlockLength(block, column.Weighted);
            for (var i = 0; i < length; i++)
            {
                var salience = column.Weighted ? BitConverter.Int32BitsToSingle(block[length + i]) : 1;
                ref var vector = ref state.Vectors[block[i]];
                vector.Add(slot, change * salience * salience);
            }
        }
    }

    /// <summary>
    /// ln(N / df) for tags and entities; for key terms its 0.4th power, so that a story's rare words (names, figures) do not
    /// outweigh the words its subject is written in: on the Reuters training set NDCG@10 0.645 with the plain IDF, 0.680 with this.
    /// </summary>
    private static double Idf(int articles, int frequency, FeatureKind kind)
    {
        var idf = frequency == 0 ? 0 : Math.Log((double)Math.Max(articles, frequency) / frequency);
        return kind == FeatureKind.Term ? Math.Pow(idf, TermIdfExponent) : idf;
    }

    /// <summary>How many articles a block holds: weighted blocks keep each article's weight (as float bits) after the ids.</summary>
    private static int BlockLength(int[] block, bool weighted) => weighted ? block.Length / 2 : block.Length;

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

    /// <summary>Three numbers, one per scored kind (tags, entities, terms).</summary>
    private readonly record struct Triple(double Tags, double Entities, double Terms)
    {
        public double this[int slot] => slot switch { 0 => Tags, 1 => Entities, _ => Terms };

        public Triple Plus(int slot, double value) => slot switch
        {
            0 => this with { Tags = Tags + value },
            1 => this with { Entities = Entities + value },
            _ => this with { Terms = Terms + value },
        };

        public static Triple operator +(Triple a, Triple b) => new(a.Tags + b.Tags, a.Entities + b.Entities, a.Terms + b.Terms);
    }

    /// <summary>What a query reads of each article, side by side: its vectors' squared lengths per kind, its publication day (NaN: none), whether it is there.</summary>
    private struct ArticleVector
    {
        public double Tags;
        public double Entities;
        public double Terms;
        public double Days;
        public bool Live;

        public void Add(int slot, double value)
        {
            switch (slot)
            {
                case 0:
                    Tags = Math.Max(0, Tags + value);
                    break;
                case 1:
                    Entities = Math.Max(0, Entities + value);
                    break;
                default:
                    Terms = Math.Max(0, Terms + value);
                    break;
            }
        }
    }

    /// <summary>A touched article during a query: what the walk found and its bound.</summary>
    private readonly record struct Candidate(int Id, Triple WalkedDots, Triple Norms, double Days, double Recency, double Bound);

    /// <summary>An exactly scored candidate; order is score, then newer (undated last), then higher id.</summary>
    private readonly record struct Scored(int Id, double Score, double Similarity, double Recency, double Length, double Days)
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

    private sealed record SourceFeature(FeatureKind Kind, int Id, int Slot, double Weight, double SourceComponent, int[][]? Blocks, bool Weighted, bool Walked);

    /// <summary>The source's features, found by kind and id, with its lengths per kind; a 1024-bit filter answers most "not one of them" without a lookup.</summary>
    private sealed class SourceFeatureSet(double sourceDays, EvidenceWeights evidence) : IEnumerable<SourceFeature>
    {
        private readonly List<SourceFeature> _features = [];
        private readonly Dictionary<long, SourceFeature> _byKey = [];
        private readonly ulong[] _filter = new ulong[16];

        public double SourceDays { get; } = sourceDays;

        public EvidenceWeights Evidence { get; } = evidence;

        public double[] Squares { get; } = new double[3];

        public double[] Norms { get; } = new double[3];

        /// <summary>Per kind, the most the unwalked features could add to a candidate's dot product.</summary>
        public double[] CommonMost { get; } = new double[3];

        /// <summary>Per kind, the squared length of the source's unwalked part: with a candidate's length, another bound on what it adds (Cauchy-Schwarz).</summary>
        public double[] CommonSquares { get; } = new double[3];

        /// <summary>The source's length, each kind's part scaled by its evidence weight: 0 when it has nothing to find others by.</summary>
        public double Length { get; private set; }

        public bool AnyWalked { get; set; }

        public void Add(SourceFeature feature)
        {
            _features.Add(feature);
            _byKey[Key(feature.Kind, feature.Id)] = feature;
            var bit = Bit(feature.Kind, feature.Id);
            _filter[bit >> 6] |= 1UL << (bit & 63);
        }

        public void Complete()
        {
            var squares = 0.0;
            for (var slot = 0; slot < 3; slot++)
            {
                Norms[slot] = Math.Sqrt(Squares[slot]);
                squares += Evidence.Of(slot) * Evidence.Of(slot) * Squares[slot];
            }

            Length = Math.Sqrt(squares);
        }

        /// <summary>The candidate's similarity: the cosine of the two evidence-weighted vectors.</summary>
        public double Similarity(Triple dots, Triple norms) => Mean(dots, norms, new Triple(0, 0, 0));

        /// <summary>The same with every common feature the source has counted as shared at its most: an upper bound.</summary>
        public double Bound(Triple dots, Triple norms) => Mean(dots, norms, new Triple(
            Math.Min(CommonMost[0], Math.Sqrt(CommonSquares[0]) * norms[0]),
            Math.Min(CommonMost[1], Math.Sqrt(CommonSquares[1]) * norms[1]),
            Math.Min(CommonMost[2], Math.Sqrt(CommonSquares[2]) * norms[2])));

        /// <summary>
        /// The cosine of the two articles' vectors, each kind's part scaled by its evidence weight: the weighted dot products
        /// (plus <paramref name="extra"/>, for bounds) over the weighted lengths.
        /// </summary>
        private double Mean(Triple dots, Triple norms, Triple extra)
        {
            var shared = 0.0;
            for (var slot = 0; slot < 3; slot++)
            {
                shared += Evidence.Of(slot) * Evidence.Of(slot) * (dots[slot] + extra[slot]);
            }

            var length = LengthOf(norms);
            return length == 0 ? 0 : Math.Min(1, shared / (Length * length));
        }

        /// <summary>A candidate's length with each kind's part scaled by its evidence weight.</summary>
        public double LengthOf(Triple norms)
        {
            var squares = 0.0;
            for (var slot = 0; slot < 3; slot++)
            {
                squares += Evidence.Of(slot) * Evidence.Of(slot) * norms[slot] * norms[slot];
            }

            return Math.Sqrt(squares);
        }

        public SourceFeature? Find(FeatureKind kind, int id)
        {
            var bit = Bit(kind, id);
            return (_filter[bit >> 6] & (1UL << (bit & 63))) != 0 && _byKey.TryGetValue(Key(kind, id), out var feature) ? feature : null;
        }

        public IEnumerator<SourceFeature> GetEnumerator() => _features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private static long Key(FeatureKind kind, int id) => ((long)kind << 32) | (uint)id;

        private static int Bit(FeatureKind kind, int id) => (int)((uint)(id * 31 + (int)kind) & 1023);
    }

    /// <summary>
    /// A query's working memory, reused by later queries: the touched articles (by a generation mark, so nothing is
    /// cleared between queries) with their walked dot products per kind, and the candidates' heap.
    /// </summary>
    private sealed class Scratch
    {
        private int[] _mark = [];
        private int[] _slot = [];
        private int _generation;

        public int[] Ids { get; private set; } = new int[1024];

        public double[] Dots { get; private set; } = new double[3 * 1024];

        public int Count { get; private set; }

        public List<Candidate> Candidates { get; } = [];

        public void Begin(int articles)
        {
            if (_mark.Length < articles)
            {
                (_mark, _slot, _generation) = (new int[Math.Max(articles, _mark.Length * 2)], new int[Math.Max(articles, _mark.Length * 2)], 0);
            }

            if (++_generation == int.MaxValue)
            {
                Array.Clear(_mark);
                _generation = 1;
            }

            Count = 0;
        }

        public void Walk(int[][] blocks, bool weighted, int kind, double product)
        {
            var mark = _mark;
            foreach (var block in blocks)
            {
                var length = BlockLength(block, weighted);
                for (var i = 0; i < length; i++)
                {
                    var articleId = block[i];
                    if ((uint)articleId >= (uint)mark.Length)
                    {
                        continue; // newer than the state the query read
                    }

                    int at;
                    if (mark[articleId] != _generation)
                    {
                        mark[articleId] = _generation;
                        if (Count == Ids.Length)
                        {
                            Ids = Grown(Ids, Count * 2);
                            Dots = Grown(Dots, Count * 6);
                        }

                        at = _slot[articleId] = Count++;
                        Ids[at] = articleId;
                        Dots[3 * at] = Dots[3 * at + 1] = Dots[3 * at + 2] = 0;
                    }
                    else
                    {
                        at = _slot[articleId];
                    }

                    Dots[3 * at + kind] += weighted ? product * BitConverter.Int32BitsToSingle(block[length + i]) : product;
                }
            }
        }
    }

    /// <summary>A posting list as a read-only list of article ids, over the blocks as they were when it was made.</summary>
    private sealed class PostingView(int[][] blocks, bool weighted, int count) : IReadOnlyList<int>
    {
        public int Count => count;

        public int this[int index]
        {
            get
            {
                foreach (var block in blocks)
                {
                    var length = BlockLength(block, weighted);
                    if (index < length)
                    {
                        return block[index];
                    }

                    index -= length;
                }

                throw new ArgumentOutOfRangeException(nameof(index));
            }
        }

        public IEnumerator<int> GetEnumerator()
        {
            foreach (var block in blocks)
            {
                var length = BlockLength(block, weighted);
                for (var i = 0; i < length; i++)
                {
                    yield return block[i];
                }
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// One kind of feature by id: its postings in blocks, each feature's article count, highest salience or term weight
    /// (an upper bound: it never goes down), weight, and the article count that weight was computed at.
    /// </summary>
    private sealed class FeatureColumn(FeatureKind kind, int[][]?[] postings, int[] counts, float[] maxWeights)
    {
        public FeatureKind Kind { get; } = kind;

        /// <summary>Whether postings keep a weight per article: entities (salience) and terms.</summary>
        public bool Weighted { get; } = kind is FeatureKind.Entity or FeatureKind.Term;

        public int[][]?[] All { get; private set; } = postings;

        public int[] Counts { get; private set; } = counts;

        public float[] MaxWeights { get; private set; } = maxWeights;

        public double[] Weights { get; private set; } = new double[postings.Length];

        public int[] WeighedAt { get; private set; } = new int[postings.Length];

        public int[][]? Blocks(int id) => id >= 0 && id < All.Length ? All[id] : null;

        public int CountOf(int id) => id >= 0 && id < Counts.Length ? Counts[id] : 0;

        public float MaxWeightOf(int id) => !Weighted ? 1 : id >= 0 && id < MaxWeights.Length ? MaxWeights[id] : 0;

        public double WeightOf(int id) => id >= 0 && id < Weights.Length ? Weights[id] : 0;

        /// <summary>Whether the feature's count has moved too far from the one its weight was computed at.</summary>
        public bool IsStale(int id) => Math.Abs(CountOf(id) - WeighedAt[id]) > WeightTolerance * WeighedAt[id];

        public static FeatureColumn Build(ArticleFacts?[] byId, FeatureKind kind)
        {
            var size = 0;
            foreach (var article in byId)
            {
                foreach (var id in article is null ? [] : IdsOf(article, kind))
                {
                    size = Math.Max(size, id + 1);
                }
            }

            var counts = new int[size];
            foreach (var article in byId)
            {
                foreach (var id in article is null ? [] : IdsOf(article, kind))
                {
                    counts[id]++;
                }
            }

            var weighted = kind is FeatureKind.Entity or FeatureKind.Term;
            var postings = new int[][]?[size];
            for (var id = 0; id < size; id++)
            {
                if (counts[id] > 0)
                {
                    var blocks = postings[id] = new int[(counts[id] + BlockSize - 1) / BlockSize][];
                    for (var b = 0; b < blocks.Length; b++)
                    {
                        blocks[b] = new int[Math.Min(BlockSize, counts[id] - b * BlockSize) * (weighted ? 2 : 1)];
                    }
                }
            }

            var filled = new int[size];
            var maxWeights = new float[size];
            foreach (var article in byId)
            {
                var ids = article is null ? [] : IdsOf(article, kind);
                for (var i = 0; i < ids.Length; i++)
                {
                    var id = ids[i];
                    var block = postings[id]![filled[id] / BlockSize];
                    var at = filled[id] % BlockSize;
                    block[at] = article!.Id;
                    if (weighted)
                    {
                        var weight = WeightIn(article, kind, i);
                        block[block.Length / 2 + at] = BitConverter.SingleToInt32Bits(weight);
                        maxWeights[id] = Math.Max(maxWeights[id], weight);
                    }

                    filled[id]++;
                }
            }

            return new FeatureColumn(kind, postings, counts, maxWeights);
        }

        /// <summary>Replaces the posting blocks the changes touch with merged copies; returns the features touched.</summary>
        public HashSet<int> Update(IReadOnlyCollection<(ArticleFacts? Old, ArticleFacts? New)> changes)
        {
            var removed = new Dictionary<int, List<int>>();
            var added = new Dictionary<int, List<(int ArticleId, float Weight)>>();
            foreach (var (old, @new) in changes)
            {
                foreach (var id in old is null ? [] : IdsOf(old, Kind))
                {
                    (removed.TryGetValue(id, out var list) ? list : removed[id] = []).Add(old!.Id);
                }

                var ids = @new is null ? [] : IdsOf(@new, Kind);
                for (var i = 0; i < ids.Length; i++)
                {
                    (added.TryGetValue(ids[i], out var list) ? list : added[ids[i]] = []).Add((@new!.Id, Weighted ? WeightIn(@new, Kind, i) : 1));
                }
            }

            var touched = removed.Keys.Concat(added.Keys).ToHashSet();
            var needed = touched.Count == 0 ? 0 : touched.Max() + 1;
            if (needed > All.Length)
            {
                var length = Math.Max(needed, All.Length * 2);
                (All, Counts, MaxWeights, Weights, WeighedAt) =
                    (Grown(All, length), Grown(Counts, length), Grown(MaxWeights, length), Grown(Weights, length), Grown(WeighedAt, length));
            }

            foreach (var id in touched)
            {
                var adding = added.GetValueOrDefault(id) ?? [];
                adding.Sort(static (a, b) => a.ArticleId.CompareTo(b.ArticleId));
                var removing = removed.GetValueOrDefault(id) ?? [];
                removing.Sort();
                var (blocks, count) = Merged(All[id], removing, adding);
                All[id] = blocks;
                Counts[id] = count;
                MaxWeights[id] = Math.Max(MaxWeights[id], adding.Count == 0 ? 0 : adding.Max(a => a.Weight));
            }

            return touched;
        }

        /// <summary>
        /// The blocks without the removed articles and with the added ones (an article both removed and added takes its new
        /// weight), in id order: untouched blocks are shared, a touched block is rebuilt (and split when it grows past twice
        /// the block size). Additions go to the block whose range holds them; past the last block, to the last block.
        /// </summary>
        private (int[][]? Blocks, int Count) Merged(int[][]? blocks, List<int> removing, List<(int ArticleId, float Weight)> adding)
        {
            var old = blocks ?? [];
            var result = new List<int[]>(old.Length + 1);
            var count = 0;
            int a = 0, r = 0;
            for (var b = 0; b < old.Length; b++)
            {
                var upper = b + 1 < old.Length ? old[b + 1][0] : int.MaxValue;
                var addEnd = a;
                while (addEnd < adding.Count && adding[addEnd].ArticleId < upper)
                {
                    addEnd++;
                }

                var removeEnd = r;
                while (removeEnd < removing.Count && removing[removeEnd] < upper)
                {
                    removeEnd++;
                }

                if (addEnd == a && removeEnd == r)
                {
                    result.Add(old[b]);
                    count += BlockLength(old[b], Weighted);
                    continue;
                }

                var merged = new List<(int ArticleId, float Weight)>(BlockLength(old[b], Weighted) + addEnd - a);
                var block = old[b];
                var length = BlockLength(block, Weighted);
                int next = a, nextRemoved = r;
                for (var i = 0; i < length; i++)
                {
                    for (; next < addEnd && adding[next].ArticleId < block[i]; next++)
                    {
                        merged.Add(adding[next]);
                    }

                    for (; nextRemoved < removeEnd && removing[nextRemoved] < block[i]; nextRemoved++)
                    {
                    }

                    var replaced = next < addEnd && adding[next].ArticleId == block[i];
                    if (!replaced && (nextRemoved == removeEnd || removing[nextRemoved] != block[i]))
                    {
                        merged.Add((block[i], Weighted ? BitConverter.Int32BitsToSingle(block[length + i]) : 1));
                    }
                }

                for (; next < addEnd; next++)
                {
                    merged.Add(adding[next]);
                }

                count += merged.Count;
                AddBlocks(result, merged);
                (a, r) = (addEnd, removeEnd);
            }

            if (old.Length == 0 && adding.Count > 0)
            {
                count += adding.Count;
                AddBlocks(result, adding);
            }

            return (result.Count == 0 ? null : [.. result], count);
        }

        /// <summary>The entries as one block, or as blocks of the block size when they are more than twice that.</summary>
        private void AddBlocks(List<int[]> blocks, List<(int ArticleId, float Weight)> entries)
        {
            var size = entries.Count <= 2 * BlockSize ? Math.Max(entries.Count, 1) : BlockSize;
            for (var start = 0; start < entries.Count; start += size)
            {
                var length = Math.Min(size, entries.Count - start);
                var block = new int[Weighted ? 2 * length : length];
                for (var i = 0; i < length; i++)
                {
                    block[i] = entries[start + i].ArticleId;
                    if (Weighted)
                    {
                        block[length + i] = BitConverter.SingleToInt32Bits(entries[start + i].Weight);
                    }
                }

                blocks.Add(block);
            }
        }

        private static float WeightIn(ArticleFacts article, FeatureKind kind, int index) =>
            kind == FeatureKind.Entity ? article.SalienceAt(index) : kind == FeatureKind.Term ? article.TermWeightAt(index) : 1;

        private static int[] IdsOf(ArticleFacts article, FeatureKind kind) => kind switch
        {
            FeatureKind.Tag => article.TagIds,
            FeatureKind.Entity => article.EntityIds,
            FeatureKind.Term => article.TermIds ?? [],
            _ => article.BylineIds,
        };
    }

    /// <summary>Everything a query reads. A write that needs longer arrays publishes a new state; others change this one.</summary>
    private sealed class State(
        ArticleFacts?[] articles, ArticleVector[] vectors, int count, FeatureColumn tags, FeatureColumn entities, FeatureColumn bylines, FeatureColumn terms)
    {
        /// <summary>A new empty state: columns change in place, so no two indexes may share one.</summary>
        public static State Empty() => new(
            [], [], 0, new(FeatureKind.Tag, [], [], []), new(FeatureKind.Entity, [], [], []), new(FeatureKind.Byline, [], [], []), new(FeatureKind.Term, [], [], []));

        public ArticleFacts?[] Articles { get; } = articles;
        public ArticleVector[] Vectors { get; } = vectors;
        public int Count { get; set; } = count;
        public int WeighedCount { get; set; }
        public FeatureColumn Tags { get; } = tags;
        public FeatureColumn Entities { get; } = entities;
        public FeatureColumn Bylines { get; } = bylines;
        public FeatureColumn Terms { get; } = terms;

        public FeatureColumn Column(FeatureKind kind) => kind switch
        {
            FeatureKind.Tag => Tags,
            FeatureKind.Entity => Entities,
            FeatureKind.Term => Terms,
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
            return new State(Grown(Articles, size), Grown(Vectors, size, new ArticleVector { Days = double.NaN }), Count, Tags, Entities, Bylines, Terms)
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

/// <summary>
/// The key terms the related index knows: each term's key (a stem) gets a small id for the life of the process, with
/// the form a reader recognises (the first seen). Ids are never reused; lookups take no lock.
/// </summary>
public sealed class KeyTermVocabulary
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Lock _adding = new();
    private Entries _entries = new(new string[1024], new string[1024]);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public int? Find(string key) => _ids.TryGetValue(key, out var id) ? id : null;

    /// <summary>The term's id, added if new.</summary>
    public int Intern(string key, string display)
    {
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        lock (_adding)
        {
            if (_ids.TryGetValue(key, out id))
            {
                return id;
            }

            id = _count;
            var entries = _entries;
            if (id == entries.Keys.Length)
            {
                entries = new Entries(Grown(entries.Keys), Grown(entries.Displays));
            }

            (entries.Keys[id], entries.Displays[id]) = (key, display);
            Volatile.Write(ref _entries, entries);
            Volatile.Write(ref _count, id + 1);
            _ids[key] = id;
            return id;
        }
    }

    public string KeyOf(int id) => id >= 0 && id < Count ? Volatile.Read(ref _entries).Keys[id] : "";

    public string DisplayOf(int id) => id >= 0 && id < Count ? Volatile.Read(ref _entries).Displays[id] : "";

    private static string[] Grown(string[] array)
    {
        var grown = new string[array.Length * 2];
        Array.Copy(array, grown, array.Length);
        return grown;
    }

    /// <summary>Keys and display forms by id, replaced whole when they grow, so a reader never sees an id past its arrays.</summary>
    private sealed record Entries(string[] Keys, string[] Displays);
}
