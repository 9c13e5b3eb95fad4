using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
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
/// <param name="Id">The tag's or entity's id; 0 for a key term, which <paramref name="Key"/> names.</param>
/// <param name="Key">A key term's key (its stem), as in ArticleFacts.Terms.</param>
/// <param name="Display">A key term as the source article writes it: the form a reader recognises.</param>
public sealed record Contribution(FeatureKind Kind, int Id, double Weight, string? Key = null, string? Display = null);

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
/// <param name="WalkLimit">Given the corpus size, the most articles a tag or entity may have and still be walked.</param>
/// <param name="Evidence">How the three kinds of evidence are weighed; null for equal weights.</param>
/// <param name="MaxCandidates">
/// How many of the articles the walk reached go on to be ranked: those with the highest walked score. Beyond it the
/// query is no longer exact (see <see cref="RelatedIndex"/>); int.MaxValue keeps every one.
/// </param>
/// <param name="MaxScored">How many candidates the caller may see are scored exactly, best walked score first, at most.</param>
/// <param name="Keep">Whether (and as what question) the index keeps the winners for the next time; null to find them afresh.</param>
public sealed record RelatedQuery(
    int Limit,
    Func<int, bool> Accept,
    TimeSpan? HalfLife,
    double RecencyFloor,
    double MinSimilarity,
    double NearDuplicate,
    TimeSpan NearDuplicateWindow,
    Func<int, int> WalkLimit,
    EvidenceWeights? Evidence = null,
    int MaxCandidates = int.MaxValue,
    int MaxScored = int.MaxValue,
    RelatedKeep? Keep = null);

/// <summary>Asks the index to keep a query's winners for the next time the same question is asked about the same source.</summary>
/// <param name="Question">
/// Everything the query's Accept depends on besides the candidates' own facts and the clock: the audience, the pins, any filters.
/// Queries with the same source, limit, half-life and question share what is kept.
/// </param>
/// <param name="Now">The moment Accept was made for.</param>
/// <param name="ValidUntil">When Accept may change with no write (a scheduled article's time, an embargo's end); null if only writes change it.</param>
/// <param name="MaxAge">How long kept winners are used at most, whatever happens.</param>
public sealed record RelatedKeep(string Question, DateTime Now, DateTime? ValidUntil, TimeSpan MaxAge);

/// <summary>
/// The inverted index behind GET /v1/articles/{id}/related: for each tag and entity, the articles that carry it (a
/// posting list, in id order, with each article's salience of an entity); for each key term, the articles it weighs
/// most in (see below). A query walks only the postings of the source article's features, so it touches only articles
/// that share something with it.
/// <para>
/// An article is one vector of its weighted features. A feature's weight is its IDF, ln(N / articles with it), times its
/// kind's weight (for entities, their type's: people, places, ...; for key terms the IDF's 0.3rd power); an entity's
/// component in an article is that weight times its salience there, a key term's that weight times its weight in the
/// article (1 for tags). Each kind's part is scaled by its evidence weight (<see cref="EvidenceWeights"/>) and the
/// similarity is the cosine of the two vectors: so a rare shared feature counts more than a common one, an article with
/// fifty tags or a thousand words does not win by volume, and a kind the source lacks weighs nothing. It is then scaled
/// by recency: 2^(-apart / half-life), never below the floor. Each shared feature's share of the result is reported,
/// and the shares add up to the score.
/// </para>
/// <para>
/// Key terms are what the articles carry as strings (ArticleFacts.Terms: stems that mean the same in every process);
/// the index gives each stem an id of its own when it loads or applies an article, and keeps the article's ids beside
/// its facts. For each term it keeps a list of at most TermListLength articles, those the term weighs most in (its
/// weight there over the length of the article's key-term vector, as of when the article was written), best first. A
/// term on fewer articles has them all, so the list is its posting list; a common word keeps only the articles most
/// about it. A write costs the lists of its own terms (a copy of each, at most TermListLength long), never the number of
/// articles. A list that lost articles (deletions, edits that dropped the word) is filled again by later articles with
/// the word, and rebuilt whole at the next <see cref="Load"/>.
/// </para>
/// <para>
/// A query walks the source's tags and entities that are on at most RelatedQuery.WalkLimit articles, and the lists of
/// its key terms, adding each posting's product into the article's walked score in a small hash table (a query touches
/// tens of thousands of articles at most, never an array the size of the corpus). Candidates are then ranked by their
/// walked similarity (times recency) and scored exactly (every shared feature, from the candidate's own features) in
/// that order. Each candidate also has an upper bound: its walked score plus the most the unwalked features could add
/// (common tags and entities, and the part of a common word's articles its list does not keep), over the known lengths,
/// times recency. Scoring stops once no remaining bound can reach the results, so while every feature of the source is
/// walked whole (small corpora, rare features) no article that would rank is missed. Past that, two caps make the
/// query an approximation whose cost does not grow with the corpus: only the RelatedQuery.MaxCandidates highest walked
/// scores are ranked, and at most RelatedQuery.MaxScored are scored exactly. What a result says is always exact (its
/// score and reasons); what may be missed is an article that shares with the source only words it is not much about.
/// </para>
/// <para>
/// Weights and every article's three vector lengths are kept, so bounds and scores need no look at a candidate's other
/// features. A feature's weight is recomputed when its article count has moved by more than
/// <see cref="WeightTolerance"/> since it was computed (always, for features on fewer than a hundred articles), and all
/// weights and lengths when the corpus size has: an IDF may lag the exact one by that much, never more. When one
/// feature's weight changes, the lengths of the articles its postings hold move with it; for a common word, whose list
/// keeps only some of its articles, the others' lengths catch up at the next full reweighing (a change of well under
/// 1% of one of their eighty terms' weights). A score and its reasons are computed from the same weights and length,
/// so the reasons always add up.
/// </para>
/// One writer at a time; queries take no lock. Tag and entity postings are kept in blocks of at most
/// <see cref="BlockSize"/> articles that writers replace, never change; term lists are replaced whole; weights and
/// lengths change in place.
/// </summary>
public sealed partial class RelatedIndex : IDocumentFrequencies
{
    /// <summary>The share a feature's article count (or the corpus size) may move before its weight is recomputed.</summary>
    public const double WeightTolerance = 0.01;

    /// <summary>Articles per posting block of a tag, entity or byline: a write copies the blocks it changes (and the list of a feature's blocks).</summary>
    public const int BlockSize = 256;

    /// <summary>The power of a key term's IDF in its weight (see <see cref="Idf"/>).</summary>
    public const double TermIdfExponent = 0.3;

    /// <summary>Relative slack on bounds, so rounding (walked scores are summed in single precision) never cuts a candidate that ties the results.</summary>
    private const double BoundSlack = 1e-5;

    /// <summary>The scored kinds, in the order of their slots in vectors and bounds.</summary>
    private static readonly FeatureKind[] ScoredKinds = [FeatureKind.Tag, FeatureKind.Entity, FeatureKind.Term];

    private readonly Func<FeatureKind, int, double> _kindWeight;
    private readonly int _termListLength;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentBag<Scratch> _scratches = [];

    /// <summary>
    /// How many scratches are kept for later queries: each holds two arrays as long as the corpus (8 MB at a million
    /// articles), and more than this only come from a burst of queries at once.
    /// </summary>
    private static readonly int MaxKeptScratches = 2 * Environment.ProcessorCount;
    private State _state = State.Empty();

    /// <summary>How many times every weight was recomputed (<see cref="ReweighAll"/>): part of every kept list's stamp.</summary>
    private int _weighings;

    /// <summary>The most winner lists kept at once; past it, all are forgotten and kept afresh.</summary>
    public const int MaxKeptLists = 50_000;

    /// <summary>The most articles written since a list was kept that a query checks against it; past that it finds the list afresh.</summary>
    public const int MaxChangesChecked = 256;

    private readonly ConcurrentDictionary<KeptKey, KeptWinners> _kept = new();
    private int _keptCount;

    /// <summary>
    /// The most kept lists' answers held until the index next changes (<see cref="KeptAnswers"/>): with their reasons
    /// they are some 7 KB each.
    /// </summary>
    public const int MaxKeptAnswers = 4_096;

    /// <summary>Moves after every change to what queries read (a write applied, weights recomputed, the index loaded).</summary>
    private long _revision;

    private KeptAnswers _answers = new(-1);

    /// <summary>The ids of the articles the last writes changed, in a ring: the change numbered n is at n mod its length.</summary>
    private readonly int[] _changed = new int[MaxChangesChecked];

    /// <summary>How many article changes were applied: the number the next one gets.</summary>
    private long _changeCount;

    /// <param name="kindWeight">A tag's or entity's kind weight (an entity's type), multiplied into its IDF.</param>
    /// <param name="termListLength">How many articles the index keeps per key term (those the term weighs most in); int.MaxValue for all.</param>
    public RelatedIndex(Func<FeatureKind, int, double> kindWeight, int termListLength = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(termListLength, 1);
        (_kindWeight, _termListLength) = (kindWeight, termListLength);
    }

    public int ArticleCount => _state.Count;

    int IDocumentFrequencies.Articles => ArticleCount;

    /// <summary>How many articles have this key term.</summary>
    int IDocumentFrequencies.Frequency(string key) => KeyWords.TryNumberOf(key, out var id) ? Frequency(FeatureKind.Term, id) : 0;

    /// <summary>The number of articles with this feature (for key terms, by its stem's number in KeyWords).</summary>
    public int Frequency(FeatureKind kind, int id) => _state.Column(kind).CountOf(id);

    /// <summary>
    /// The ids of the articles with this tag, entity or byline, ascending: a moment's view that later writes replace, not
    /// change. For a key term (by its stem's number in KeyWords), the articles its list keeps.
    /// </summary>
    public IReadOnlyList<int> ArticlesWith(FeatureKind kind, int id)
    {
        var state = _state;
        if (kind == FeatureKind.Term)
        {
            var list = state.Terms.ListOf(id);
            return [.. Enumerable.Range(0, TermColumn.ListLength(list)).Select(i => list![3 * i]).Order()];
        }

        var column = state.Postings(kind);
        return column.Blocks(id) is { } blocks ? new PostingView(blocks, column.Weighted, column.CountOf(id)) : [];
    }

    /// <summary>The feature's weight as scores use it: IDF times its kind's weight (see <see cref="WeightTolerance"/>).</summary>
    public double Weight(FeatureKind kind, int id) => _state.Column(kind).WeightOf(id);

    /// <summary>A key term's weight as scores use it (see <see cref="Idf"/>); 0 for a stem no article has.</summary>
    public double TermWeight(string key) => KeyWords.TryNumberOf(key, out var id) ? Weight(FeatureKind.Term, id) : 0;

    /// <summary>Replaces the whole index with these articles. The work is spread over the machine's cores.</summary>
    public void Load(IEnumerable<ArticleFacts> articles)
    {
        var all = articles.ToList();
        var size = all.Count == 0 ? 0 : all.Max(a => a.Id) + 1;
        var byId = new ArticleFacts?[size];
        foreach (var article in all)
        {
            byId[article.Id] = article;
        }

        FeatureColumn? tags = null, entities = null, bylines = null;
        TermColumn? terms = null;
        Parallel.Invoke(
            () => tags = FeatureColumn.Build(byId, FeatureKind.Tag),
            () => entities = FeatureColumn.Build(byId, FeatureKind.Entity),
            () => bylines = FeatureColumn.Build(byId, FeatureKind.Byline),
            () => terms = TermColumn.Build(byId, KeyWords.Count));
        var state = new State(byId, new ArticleVector[size], all.Count, tags!, entities!, bylines!, terms!);
        for (var id = 0; id < size; id++)
        {
            state.Vectors[id].Days = DaysOf(byId[id]?.PublishedAt);
        }

        ReweighAll(state);
        state.Terms.BuildLists(state, _termListLength);
        lock (_writeLock)
        {
            _state = state;
            Volatile.Write(ref _revision, _revision + 1);
        }
    }

    /// <summary>Runs the work over ranges of [0, count) on the machine's cores: each core gets its own worker (and what it keeps).</summary>
    private static void ForRanges(int count, Func<Action<int, int>> worker)
    {
        if (count < 4_096)
        {
            worker()(0, count);
            return;
        }

        Parallel.ForEach(
            Partitioner.Create(0, count, Math.Max(1_024, count / (8 * Environment.ProcessorCount))),
            worker,
            (range, _, body) =>
            {
                body(range.Item1, range.Item2);
                return body;
            },
            _ => { });
    }

    /// <summary>
    /// Applies changed articles: each with what it was (null if new) and is (null if deleted). What the index removes is
    /// what it has of the article, so Old only needs the right id.
    /// </summary>
    public void Apply(IReadOnlyCollection<(ArticleFacts? Old, ArticleFacts? New)> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        lock (_writeLock)
        {
            var state = _state.Growing(changes.Max(c => (c.New ?? c.Old)!.Id) + 1);
            var writes = new List<Write>(changes.Count);
            foreach (var (old, @new) in changes)
            {
                var id = (old ?? @new)!.Id;
                writes.Add(new Write(id, state.Articles[id], @new));
            }

            List<(Column Column, HashSet<int> Ids)> touched =
            [
                (state.Tags, state.Tags.Update(writes)), (state.Entities, state.Entities.Update(writes)),
                (state.Terms, state.Terms.Update(writes, KeyWords.Count)),
            ];
            state.Bylines.Update(writes);
            foreach (var write in writes)
            {
                state.Count += (write.New is null ? 0 : 1) - (write.Old is null ? 0 : 1);
                state.Articles[write.Id] = write.New;
                state.Vectors[write.Id].Days = DaysOf(write.New?.PublishedAt);
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

                foreach (var write in writes.Where(w => w.New is not null))
                {
                    SetNorms(state, write.Id);
                }
            }

            foreach (var write in writes.Where(w => w.New is null))
            {
                state.Vectors[write.Id] = new ArticleVector { Days = double.NaN };
            }

            state.Terms.Insert(state, writes, _termListLength);
            foreach (var write in writes)
            {
                _changed[_changeCount % _changed.Length] = write.Id;
                Volatile.Write(ref _changeCount, _changeCount + 1);
            }

            _state = state;
            Volatile.Write(ref _revision, _revision + 1);
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

            Volatile.Write(ref _revision, _revision + 1);
        }
    }

    /// <summary>The articles most related to the source, best first; fewer than the limit rather than weak ones.</summary>
    /// <remarks>
    /// The source need not be in the index (an editor's draft): its features are weighed as the index weighs them, and unknown ones count for nothing.
    /// <para>
    /// With <see cref="RelatedQuery.Keep"/>, the winners are kept, and the next query with the same question about the
    /// same source scores only them again (scores and reasons from the weights of the moment) instead of walking the
    /// postings, as long as the answer could not have changed: the source and each winner are the facts they were and
    /// each winner is still accepted; the source's features have the weights they had and are walked as they were; and
    /// every article written since (the index remembers the last <see cref="MaxChangesChecked"/>) is gone, not
    /// accepted, or scores below the last winner. So a write costs a kept list a new walk only when the written article
    /// would now be in it, or was. What this does not follow is a winner's own length moving with a feature the source
    /// lacks (its score is exact, but an article that edges past the last winner only for that reason waits until the
    /// list is found again, at the latest after <see cref="RelatedKeep.MaxAge"/>), nor, once the caps make a query
    /// approximate, which other candidates a written article would push out of the walk.
    /// </para>
    /// <para>
    /// Until the index next changes at all, a kept list's answer (its scores and reasons) is kept too, and a query
    /// whose winners still hold is given it again without weighing the source's features or scoring anything
    /// (<see cref="KeptAnswers"/>): the same state, source, winners and settings give the same answer.
    /// </para>
    /// </remarks>
    public List<RelatedHit> Query(ArticleFacts source, RelatedQuery query)
    {
        using var timed = ContentApi.Telemetry.ContentTelemetry.Time(ContentApi.Telemetry.ContentTelemetry.RelatedDuration, "related.query");
        var revision = Volatile.Read(ref _revision); // before the state: an answer is never marked newer than what it read
        var state = _state;
        KeptKey? key = query.Keep is { } asked ? new KeptKey(source.Id, query.Limit, query.HalfLife, asked.Question, QuerySettings.Of(query)) : null;
        var kept = key is { } known && _kept.TryGetValue(known, out var found) && found.Holds(state, source, query.Keep!, query.Accept) ? found : null;
        if (kept is not null && _answers is var answers && answers.Revision == revision && answers.Find(key!.Value, kept) is { } answered)
        {
            return [.. answered];
        }

        var evidence = query.Evidence ?? EvidenceWeights.Equal;
        var features = SourceFeatures(state, source, query.WalkLimit(state.Count), evidence);
        if (features.Length == 0 || !features.AnyWalked)
        {
            return [];
        }

        if (key is not { } keptKey || query.Keep is not { } keep)
        {
            return [.. Find(state, source, features, query).Select(s => Explain(state, features, s))];
        }

        var stamp = Stamp(features);
        var changes = Volatile.Read(ref _changeCount);
        if (kept is not null && kept.Stamp == stamp)
        {
            var again = Rescored(state, features, kept.Winners, query);
            if (again.Count == kept.Winners.Length && NoneWrittenSinceEnters(state, features, source, query, again, kept.Changes, changes))
            {
                if (kept.Changes != changes)
                {
                    kept = kept with { Changes = changes };
                    _kept[keptKey] = kept;
                }

                return Answered(keptKey, kept, revision, [.. again.Select(s => Explain(state, features, s))]);
            }
        }

        var top = Find(state, source, features, query);
        kept = new KeptWinners(source, stamp, keep.Now, keep.ValidUntil, [.. top.Select(s => state.Articles[s.Id]!)], changes);
        var hits = top.Select(s => Explain(state, features, s)).ToList();
        return Keep(keptKey, kept) ? Answered(keptKey, kept, revision, hits) : hits;
    }

    /// <summary>Notes a kept list's answer for the queries that ask again before the index next changes; returns it.</summary>
    private List<RelatedHit> Answered(KeptKey key, KeptWinners kept, long revision, List<RelatedHit> hits)
    {
        var answers = _answers;
        if (answers.Revision != revision)
        {
            if (revision != Volatile.Read(ref _revision))
            {
                return hits; // the index changed since this answer was read: it may not be its answer now
            }

            // Queries racing here may each start a set: one stays, the others' answers are only lost, never wrong,
            // since a set is only read at its own revision.
            answers = _answers = new KeptAnswers(revision);
        }

        answers.Add(key, kept, [.. hits]);
        return hits;
    }

    /// <summary>Walks the source's postings for candidates and scores the best of them: the query itself.</summary>
    private List<Scored> Find(State state, ArticleFacts source, SourceFeatureSet features, RelatedQuery query)
    {
        if (!_scratches.TryTake(out var scratch))
        {
            scratch = new Scratch();
        }

        try
        {
            // 1. Walk the postings of the features that are not too common (for key terms, their lists), adding each
            // posting's product into the article's walked score: each article gets one slot, whatever it shares.
            scratch.Begin(state.Vectors.Length);
            foreach (var feature in features)
            {
                if (feature.Walked)
                {
                    var product = (float)(features.Evidence.Of(feature.Slot) * features.Evidence.Of(feature.Slot) * feature.SourceComponent * feature.Weight);
                    if (feature.List is { } list)
                    {
                        scratch.WalkList(list, product);
                    }
                    else
                    {
                        scratch.WalkBlocks(feature.Blocks!, feature.Weighted, product);
                    }
                }
            }

            // 2. Only the highest walked scores go on (all of them, when there are no more than MaxCandidates); the source,
            // first on the lists of its own rarest words, takes no place among them.
            scratch.Drop(source.Id);
            scratch.KeepHighest(query.MaxCandidates);

            // 3. Each candidate's walked similarity and bound, from its lengths; times recency. One whose bound cannot reach
            // MinSimilarity is dropped here.
            var candidates = scratch.Candidates;
            for (var c = 0; c < scratch.Count; c++)
            {
                var (articleId, walked) = scratch.At(c);
                if (articleId == source.Id || (uint)articleId >= (uint)state.Vectors.Length)
                {
                    continue; // the source, or newer than this state (a write landing)
                }

                var vector = state.Vectors[articleId];
                var norms = NormsOf(state, articleId);
                var length = features.LengthOf(norms);
                if (!vector.Live || length == 0)
                {
                    continue;
                }

                var most = features.Bound(walked, norms, length);
                if (most * (1 + BoundSlack) < query.MinSimilarity)
                {
                    continue;
                }

                var recency = Recency(features.SourceDays, vector.Days, query);
                candidates.Add(new Candidate(articleId, vector.Days, recency, length, Math.Min(1, walked / (features.Length * length)) * recency, most * recency));
            }

            // 4. Exact scores, best walked similarity first, until no remaining bound can reach the results or MaxScored
            // candidates have been scored; only the winners' reasons are built. Two heaps over the candidates, by walked
            // similarity and by bound (a candidate already scored is dropped from the second when it comes to the top).
            var (byWalked, byBound) = (scratch.ByWalked.Of(candidates), scratch.ByBound.Of(candidates));
            scratch.ClearDone(candidates.Count);
            var top = new List<Scored>(query.Limit + 1);
            var scored = 0;
            while (byWalked.Count > 0 && scored < query.MaxScored)
            {
                if (top.Count == query.Limit)
                {
                    while (scratch.Done(byBound.Peek()))
                    {
                        byBound.Pop();
                    }

                    if (candidates[byBound.Peek()].Bound * (1 + BoundSlack) < top[^1].Score)
                    {
                        break;
                    }
                }

                var at = byWalked.Pop();
                scratch.MarkDone(at);
                var candidate = candidates[at];
                if (!query.Accept(candidate.Id))
                {
                    continue;
                }

                scored++;
                var dots = Dots(state, features, candidate.Id);
                var similarity = features.Similarity(dots, candidate.Length);
                if (similarity < query.MinSimilarity
                    || (similarity >= query.NearDuplicate && Math.Abs(candidate.Days - features.SourceDays) <= query.NearDuplicateWindow.TotalDays))
                {
                    continue;
                }

                var result = new Scored(candidate.Id, similarity * candidate.Recency, similarity, candidate.Recency, candidate.Length, candidate.Days);
                if (top.Count == query.Limit && !result.Beats(top[^1]))
                {
                    continue;
                }

                var place = top.FindIndex(result.Beats);
                top.Insert(place < 0 ? top.Count : place, result);
                if (top.Count > query.Limit)
                {
                    top.RemoveAt(top.Count - 1);
                }
            }

            return top;
        }
        finally
        {
            scratch.End();
            if (_scratches.Count < MaxKeptScratches)
            {
                _scratches.Add(scratch);
            }
        }
    }

    /// <summary>Kept winners scored again from the weights and lengths of the moment, best first, less those no longer similar enough.</summary>
    private static List<Scored> Rescored(State state, SourceFeatureSet features, ArticleFacts[] winners, RelatedQuery query)
    {
        List<Scored> top = [];
        foreach (var winner in winners)
        {
            if (ScoreOf(state, features, winner.Id, query) is { } scored && scored.Similarity >= query.MinSimilarity)
            {
                top.Add(scored);
            }
        }

        top.Sort(static (a, b) => a.Beats(b) ? -1 : b.Beats(a) ? 1 : 0);
        return top;
    }

    /// <summary>One article's exact score against the source, from its own features and kept length; null if it is gone or has nothing to share.</summary>
    private static Scored? ScoreOf(State state, SourceFeatureSet features, int articleId, RelatedQuery query)
    {
        var vector = state.Vectors[articleId];
        var length = features.LengthOf(NormsOf(state, articleId));
        if (!vector.Live || length == 0)
        {
            return null;
        }

        var recency = Recency(features.SourceDays, vector.Days, query);
        var similarity = features.Similarity(Dots(state, features, articleId), length);
        return new Scored(articleId, similarity * recency, similarity, recency, length, vector.Days);
    }

    /// <summary>
    /// A number for how the query weighs the source's features: each one's weight and whether it is walked, and how many
    /// times all weights were recomputed. Equal stamps, same weights for every shared feature and the same walk.
    /// </summary>
    private long Stamp(SourceFeatureSet features)
    {
        var stamp = (ulong)(uint)Volatile.Read(ref _weighings);
        foreach (var feature in features)
        {
            var what = (ulong)(uint)feature.Id << 3 | (uint)feature.Slot << 1 | (feature.Walked ? 1UL : 0);
            stamp = BitOperations.RotateLeft((stamp ^ what) * 0x9E3779B97F4A7C15UL ^ (ulong)BitConverter.DoubleToInt64Bits(feature.Weight), 27) * 0xBF58476D1CE4E5B9UL;
        }

        return (long)stamp;
    }

    /// <summary>
    /// Whether every article written since the winners were kept still loses to them: not accepted, gone, or scoring
    /// below the last winner (below the least similarity, when there are fewer winners than the limit). False when
    /// more were written than the index remembers.
    /// </summary>
    private bool NoneWrittenSinceEnters(
        State state, SourceFeatureSet features, ArticleFacts source, RelatedQuery query, List<Scored> winners, long keptAt, long changes)
    {
        if (changes - keptAt > _changed.Length)
        {
            return false;
        }

        for (var change = keptAt; change < changes; change++)
        {
            var id = _changed[change % _changed.Length];
            if (id == source.Id || (uint)id >= (uint)state.Articles.Length || state.Articles[id] is null
                || winners.Exists(w => w.Id == id) || !query.Accept(id))
            {
                continue; // the source and the winners were checked as facts; an article gone or not accepted cannot enter
            }

            if (ScoreOf(state, features, id, query) is { } written && written.Similarity >= query.MinSimilarity
                && (winners.Count < query.Limit || written.Beats(winners[^1])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Keeps a query's winners; false when they may not be kept (a change of reach is due).</summary>
    private bool Keep(KeptKey key, KeptWinners winners)
    {
        if (winners.ValidUntil <= winners.KeptAt)
        {
            return false; // a reach change is due and not yet applied: nothing found now holds
        }

        if (!_kept.TryAdd(key, winners))
        {
            _kept[key] = winners;
        }
        else if (Interlocked.Increment(ref _keptCount) > MaxKeptLists)
        {
            _kept.Clear();
            Volatile.Write(ref _keptCount, 0);
        }

        return true;
    }

    /// <summary>A kept list's question: its source, the caller's reach and pins, and every setting its ranking depends on.</summary>
    private readonly record struct KeptKey(int SourceId, int Limit, TimeSpan? HalfLife, string Question, QuerySettings Settings);

    /// <summary>A query's settings besides its limit, half-life and filter (the walk limit follows from the corpus size).</summary>
    private readonly record struct QuerySettings(
        double RecencyFloor, double MinSimilarity, double NearDuplicate, TimeSpan NearDuplicateWindow, EvidenceWeights? Evidence, int MaxCandidates, int MaxScored)
    {
        public static QuerySettings Of(RelatedQuery query) => new(
            query.RecencyFloor, query.MinSimilarity, query.NearDuplicate, query.NearDuplicateWindow, query.Evidence, query.MaxCandidates, query.MaxScored);
    }

    /// <summary>A query's winners, best first, as the facts they were found with, and what they were found under.</summary>
    /// <param name="Changes">The index's change count when they were found, or last checked against what was written since.</param>
    private sealed record KeptWinners(ArticleFacts Source, long Stamp, DateTime KeptAt, DateTime? ValidUntil, ArticleFacts[] Winners, long Changes)
    {
        /// <summary>Whether they are still the source's, fresh, and still accepted (the feature weights are the stamp's to check).</summary>
        public bool Holds(State state, ArticleFacts source, RelatedKeep keep, Func<int, bool> accept) =>
            ReferenceEquals(source, Source)
            && keep.Now - KeptAt < keep.MaxAge && keep.Now >= KeptAt && (ValidUntil is null || keep.Now < ValidUntil)
            && Array.TrueForAll(Winners, winner => (uint)winner.Id < (uint)state.Articles.Length && ReferenceEquals(state.Articles[winner.Id], winner) && accept(winner.Id));
    }

    /// <summary>
    /// The answers (scored and explained) of kept lists found or checked since the index last changed. While it does not
    /// change, a kept list that still holds has the same answer, so asking again costs a look-up instead of weighing
    /// the source's features, scoring and explaining (nine tenths of a kept query's work). Any change to the index
    /// starts a new set.
    /// </summary>
    private sealed class KeptAnswers(long revision)
    {
        private readonly ConcurrentDictionary<KeptKey, (KeptWinners Kept, RelatedHit[] Hits)> _answers = new();
        private int _count;

        /// <summary>The index's revision they were computed at.</summary>
        public long Revision { get; } = revision;

        /// <summary>The answer computed from these kept winners, if any.</summary>
        public RelatedHit[]? Find(KeptKey key, KeptWinners kept) =>
            _answers.TryGetValue(key, out var answer) && ReferenceEquals(answer.Kept, kept) ? answer.Hits : null;

        public void Add(KeptKey key, KeptWinners kept, RelatedHit[] hits)
        {
            if (_answers.ContainsKey(key) || Interlocked.Increment(ref _count) <= MaxKeptAnswers)
            {
                _answers[key] = (kept, hits);
            }
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
            .Select(h => (Hit: h, Nearest: 0.0))
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

            var (hit, _) = pool[best];
            picked.Add(hit);
            pool.RemoveAt(best);
            var chosen = SourceFeatures(state, state.Articles[hit.ArticleId]!, walkLimit: 0, weights);
            for (var i = 0; i < pool.Count; i++)
            {
                var other = pool[i].Hit.ArticleId;
                var similarity = chosen.Length == 0 ? 0 : chosen.Similarity(Dots(state, chosen, other), chosen.LengthOf(NormsOf(state, other)));
                pool[i] = pool[i] with { Nearest = Math.Max(pool[i].Nearest, similarity) };
            }
        }

        return picked;

        double Marginal((RelatedHit Hit, double Nearest) candidate) => (1 - diversity) * candidate.Hit.Score - diversity * candidate.Nearest;
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

    /// <summary>
    /// An article's key terms as the index reads them: <see cref="KeyTermList.Packed"/>'s numbers (a term's stem numbered
    /// in <see cref="KeyWords"/> is the index's id of the term). An article's own, kept with its facts (so the index holds
    /// no second copy); for a list held as it is (an editor's draft) the numbers are looked up, -1 for a stem no article
    /// has used.
    /// </summary>
    private static int[]? TermsOf(ArticleFacts? article) => article?.Terms?.Numbers();

    private static int TermCount(int[]? terms) => KeyTermList.CountOf(terms);

    private static int TermId(int[] terms, int at) => KeyTermList.KeyAt(terms, at);

    private static float TermWeight(int[] terms, int at) => KeyTermList.WeightAt(terms, at);

    /// <summary>The source's features with their weights, what the walk reads, and the lengths and bounds the query needs.</summary>
    private static SourceFeatureSet SourceFeatures(State state, ArticleFacts source, int walkLimit, EvidenceWeights evidence)
    {
        var features = new SourceFeatureSet(DaysOf(source.PublishedAt), evidence);
        foreach (var (kind, id, salience, at) in Features(source))
        {
            var column = state.Column(kind);
            var weight = column.WeightOf(id);
            var component = weight * salience;
            var slot = SlotOf(kind);
            if (component <= 0 || evidence.Of(slot) == 0)
            {
                continue; // unknown, on every article, or of a kind that counts for nothing: neither walked nor explained
            }

            var count = column.CountOf(id);
            features.Squares[slot] += component * component;
            SourceFeature feature;
            if (kind == FeatureKind.Term)
            {
                var list = state.Terms.ListOf(id);
                var kept = TermColumn.ListLength(list);
                feature = new SourceFeature(kind, id, slot, weight, component, null, list, true, kept > 0, kept == count, source.Terms![at]);
            }
            else
            {
                var postings = state.Postings(kind);
                var walked = count > 0 && count <= walkLimit;
                feature = new SourceFeature(kind, id, slot, weight, component, postings.Blocks(id), null, postings.Weighted, walked, walked, default);
            }

            if (!feature.Whole)
            {
                // What the walk may have missed of it: the weight times the highest salience (or term weight) on the feature.
                features.CommonMost[slot] += component * weight * column.MaxWeightOf(id);
                features.CommonSquares[slot] += component * component;
            }

            features.AnyWalked |= feature.Walked;
            features.Add(feature);
        }

        features.Complete();
        return features;
    }

    /// <summary>
    /// A candidate's dot products with the source per kind, from its own features. They use the weights the source's were
    /// read with, and lengths are those kept with the candidate, so its score and its reasons agree even while a write lands.
    /// </summary>
    private static Triple Dots(State state, SourceFeatureSet features, int articleId)
    {
        Span<double> dots = stackalloc double[3];
        foreach (var (kind, id, salience, _) in Features(state.Articles[articleId]!))
        {
            if (features.Find(kind, id) is { } feature)
            {
                dots[feature.Slot] += feature.SourceComponent * feature.Weight * salience;
            }
        }

        return new Triple(dots[0], dots[1], dots[2]);
    }

    /// <summary>A candidate's lengths per kind, as the index keeps them.</summary>
    private static Triple NormsOf(State state, int articleId)
    {
        var vector = state.Vectors[articleId];
        return new Triple(Math.Sqrt(vector.Tags), Math.Sqrt(vector.Entities), Math.Sqrt(vector.Terms));
    }

    /// <summary>A winner with its shared features, each feature's share scaled so they add up to the score.</summary>
    private static RelatedHit Explain(State state, SourceFeatureSet features, Scored scored)
    {
        List<Contribution> shared = [];
        foreach (var (kind, id, salience, _) in Features(state.Articles[scored.Id]!))
        {
            if (features.Find(kind, id) is { } feature)
            {
                var share = features.Evidence.Of(feature.Slot) * features.Evidence.Of(feature.Slot) / (features.Length * scored.Length);
                var weight = feature.SourceComponent * feature.Weight * salience * share * scored.Recency;
                shared.Add(kind == FeatureKind.Term
                    ? new Contribution(kind, 0, weight, feature.Term.Key, feature.Term.Display)
                    : new Contribution(kind, id, weight));
            }
        }

        shared.Sort(static (a, b) => b.Weight != a.Weight ? b.Weight.CompareTo(a.Weight)
            : a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind)
            : a.Id != b.Id ? a.Id.CompareTo(b.Id)
            : string.CompareOrdinal(a.Key, b.Key));
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

    /// <summary>
    /// An article's scored features with its salience of each (1 for tags and where none is known) or a term's weight, and
    /// the feature's place in its kind's array, without allocating. Key terms are as the index keeps them (<see cref="Intern"/>);
    /// those of id -1 are left out.
    /// </summary>
    private static FeatureList Features(ArticleFacts article) => new(article, TermsOf(article));

    private readonly struct FeatureList(ArticleFacts article, int[]? terms)
    {
        public Enumerator GetEnumerator() => new(article, terms);

        public struct Enumerator(ArticleFacts article, int[]? terms)
        {
            private readonly int _tags = article.TagIds.Length;
            private readonly int _entities = article.TagIds.Length + article.EntityIds.Length;
            private readonly int _all = article.TagIds.Length + article.EntityIds.Length + TermCount(terms);
            private int _at = -1;

            public readonly (FeatureKind Kind, int Id, double Salience, int At) Current =>
                _at < _tags ? (FeatureKind.Tag, article.TagIds[_at], 1, _at)
                : _at < _entities ? (FeatureKind.Entity, article.EntityIds[_at - _tags], article.SalienceAt(_at - _tags), _at - _tags)
                : (FeatureKind.Term, TermId(terms!, _at - _entities), TermWeight(terms!, _at - _entities), _at - _entities);

            public bool MoveNext()
            {
                while (++_at < _all)
                {
                    if (_at < _entities || TermId(terms!, _at - _entities) >= 0)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }

    private static Triple Norms(State state, int articleId)
    {
        var squares = new Triple(0, 0, 0);
        foreach (var (kind, id, salience, _) in Features(state.Articles[articleId]!))
        {
            var component = state.Column(kind).WeightOf(id) * salience;
            squares = squares.Plus(SlotOf(kind), component * component);
        }

        return squares;
    }

    private static void SetNorms(State state, int articleId)
    {
        var squares = Norms(state, articleId);
        ref var vector = ref state.Vectors[articleId];
        (vector.Tags, vector.Entities, vector.Terms, vector.Live) = (squares[0], squares[1], squares[2], true);
    }

    private double KindWeight(FeatureKind kind, int id) => kind == FeatureKind.Term ? 1 : _kindWeight(kind, id);

    /// <summary>Every weight from the current counts, and every length from those weights.</summary>
    private void ReweighAll(State state)
    {
        Interlocked.Increment(ref _weighings);
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

        ForRanges(state.Articles.Length, () => (from, to) =>
        {
            for (var id = from; id < to; id++)
            {
                if (state.Articles[id] is not null)
                {
                    SetNorms(state, id);
                }
                else
                {
                    state.Vectors[id] = new ArticleVector { Days = double.NaN };
                }
            }
        });
    }

    /// <summary>One feature's weight from its current count; the lengths of the articles its postings hold move with it.</summary>
    private void Reweigh(State state, Column column, int id)
    {
        var frequency = column.CountOf(id);
        var before = column.Weights[id];
        var after = Idf(state.Count, frequency, column.Kind) * (frequency == 0 ? 0 : KindWeight(column.Kind, id));
        (column.Weights[id], column.WeighedAt[id]) = (after, frequency);
        if (after != before)
        {
            column.AddToLengths(state.Vectors, id, SlotOf(column.Kind), after * after - before * before);
        }
    }

    /// <summary>
    /// ln(N / df) for tags and entities; for key terms its 0.3rd power, so that a story's rare words (names, figures) do not
    /// outweigh the words its subject is written in: on the Reuters training set NDCG@10 0.648 with the plain IDF, 0.684 with
    /// this (0.680 at 0.4, 0.683 at 0.25 and 0.35).
    /// </summary>
    private static double Idf(int articles, int frequency, FeatureKind kind)
    {
        var idf = frequency == 0 ? 0 : Math.Log((double)Math.Max(articles, frequency) / frequency);
        return kind == FeatureKind.Term ? Math.Pow(idf, TermIdfExponent) : idf;
    }

    /// <summary>How many articles a block holds: weighted blocks keep each article's weight (as float bits) after the ids.</summary>
    private static int BlockLength(int[] block, bool weighted) => weighted ? block.Length / 2 : block.Length;

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

    /// <summary>A candidate reached by the walk: its walked similarity and upper bound, both times recency.</summary>
    private readonly record struct Candidate(int Id, double Days, double Recency, double Length, double Walked, double Bound);

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

    /// <summary>One feature of the source: what the walk reads of it (tag and entity blocks, or a term's list) and whether that is all of its articles.</summary>
    private sealed record SourceFeature(
        FeatureKind Kind, int Id, int Slot, double Weight, double SourceComponent, int[][]? Blocks, int[]? List, bool Weighted, bool Walked, bool Whole,
        KeyTerm Term);

    /// <summary>The source's features, found by kind and id in a small open-addressing table (at most half full), with its lengths per kind.</summary>
    private sealed class SourceFeatureSet(double sourceDays, EvidenceWeights evidence) : IEnumerable<SourceFeature>
    {
        private readonly List<SourceFeature> _features = [];
        private long[] _keys = new long[256];
        private SourceFeature?[] _values = new SourceFeature?[256];
        private int _shift = 24;

        public double SourceDays { get; } = sourceDays;

        public EvidenceWeights Evidence { get; } = evidence;

        public double[] Squares { get; } = new double[3];

        /// <summary>Per kind, the most the features not walked whole could add to a candidate's dot product.</summary>
        public double[] CommonMost { get; } = new double[3];

        /// <summary>Per kind, the squared length of the source's part not walked whole: with a candidate's length, another bound on what it adds (Cauchy-Schwarz).</summary>
        public double[] CommonSquares { get; } = new double[3];

        /// <summary>The source's length, each kind's part scaled by its evidence weight: 0 when it has nothing to find others by.</summary>
        public double Length { get; private set; }

        public bool AnyWalked { get; set; }

        public void Add(SourceFeature feature)
        {
            if (2 * (_features.Count + 1) > _keys.Length)
            {
                (_keys, _values, _shift) = (new long[2 * _keys.Length], new SourceFeature?[2 * _keys.Length], _shift - 1);
                _features.ForEach(Place);
            }

            _features.Add(feature);
            Place(feature);
        }

        private void Place(SourceFeature feature)
        {
            var key = Key(feature.Kind, feature.Id);
            var slot = Slot(key);
            while (_keys[slot] != 0 && _keys[slot] != key)
            {
                slot = (slot + 1) & (_keys.Length - 1);
            }

            (_keys[slot], _values[slot]) = (key, feature);
        }

        public void Complete()
        {
            var squares = 0.0;
            for (var slot = 0; slot < 3; slot++)
            {
                squares += Evidence.Of(slot) * Evidence.Of(slot) * Squares[slot];
            }

            Length = Math.Sqrt(squares);
        }

        /// <summary>The candidate's similarity: the cosine of the two evidence-weighted vectors (its length as <see cref="LengthOf"/> gives it).</summary>
        public double Similarity(Triple dots, double length)
        {
            var shared = 0.0;
            for (var slot = 0; slot < 3; slot++)
            {
                shared += Evidence.Of(slot) * Evidence.Of(slot) * dots[slot];
            }

            return length == 0 ? 0 : Math.Min(1, shared / (Length * length));
        }

        /// <summary>
        /// An upper bound of the similarity: the walked score (evidence-weighted dot products, summed) plus, per kind, the
        /// most the features not walked whole could add, over the lengths.
        /// </summary>
        public double Bound(double walked, Triple norms, double length)
        {
            var most = walked;
            for (var slot = 0; slot < 3; slot++)
            {
                most += Evidence.Of(slot) * Evidence.Of(slot) * Math.Min(CommonMost[slot], Math.Sqrt(CommonSquares[slot]) * norms[slot]);
            }

            return Math.Min(1, most / (Length * length));
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
            var key = Key(kind, id);
            for (var slot = Slot(key); _keys[slot] != 0; slot = (slot + 1) & (_keys.Length - 1))
            {
                if (_keys[slot] == key)
                {
                    return _values[slot];
                }
            }

            return null;
        }

        public IEnumerator<SourceFeature> GetEnumerator() => _features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Never 0, which marks a free slot.</summary>
        private static long Key(FeatureKind kind, int id) => ((long)kind + 1 << 32) | (uint)id;

        private int Slot(long key) => (int)((uint)((ulong)key * 0x9E3779B97F4A7C15UL >> 32) >> _shift);
    }

    /// <summary>
    /// A query's working memory, reused by later queries: an open-addressing table from touched article to its walked score
    /// (twice as many slots as postings walked, so it stays small and in cache; the slots used are cleared after), the
    /// candidates and their remaining bounds.
    /// </summary>
    private sealed class Scratch
    {
        /// <summary>
        /// Walked sums, indexed by article id; a sum counts only where its stamp is this query's (no clearing between
        /// queries, and no hashing: a posting costs one stamp check and one add).
        /// </summary>
        private float[] _sums = [];
        private int[] _stamps = [];
        private int _stamp;
        private int[] _used = new int[1024];
        private int _touched;
        private bool[] _done = new bool[256];

        /// <summary>How many candidates are left after <see cref="KeepHighest"/>.</summary>
        public int Count { get; private set; }

        public List<Candidate> Candidates { get; } = [];

        /// <param name="articles">One more than the highest article id the postings may hold (more are made room for).</param>
        public void Begin(int articles)
        {
            if (_sums.Length < articles)
            {
                Grow(articles);
            }

            if (++_stamp == int.MaxValue)
            {
                Array.Clear(_stamps);
                _stamp = 1;
            }

            (_touched, Count) = (0, 0);
        }

        public void WalkList(int[] list, float product)
        {
            for (var i = 0; i + 2 < list.Length; i += 3)
            {
                Add(list[i], product * BitConverter.Int32BitsToSingle(list[i + 1]));
            }
        }

        public void WalkBlocks(int[][] blocks, bool weighted, float product)
        {
            foreach (var block in blocks)
            {
                var length = BlockLength(block, weighted);
                for (var i = 0; i < length; i++)
                {
                    Add(block[i], weighted ? product * BitConverter.Int32BitsToSingle(block[length + i]) : product);
                }
            }
        }

        private void Add(int articleId, float value)
        {
            if ((uint)articleId >= (uint)_sums.Length)
            {
                Grow(articleId + 1);
            }

            if (_stamps[articleId] == _stamp)
            {
                _sums[articleId] += value;
                return;
            }

            (_stamps[articleId], _sums[articleId]) = (_stamp, value);
            if (_touched == _used.Length)
            {
                Array.Resize(ref _used, _touched * 2);
            }

            _used[_touched++] = articleId;
        }

        private void Grow(int articles)
        {
            var length = Math.Max(articles + (articles / 8), 1024);
            Array.Resize(ref _sums, length);
            Array.Resize(ref _stamps, length);
        }

        public (int ArticleId, double Walked) At(int index) => (_used[index], _sums[_used[index]]);

        /// <summary>Gives the article the lowest walked score, so it is the last kept.</summary>
        public void Drop(int articleId)
        {
            if ((uint)articleId < (uint)_stamps.Length && _stamps[articleId] == _stamp)
            {
                _sums[articleId] = float.NegativeInfinity;
            }
        }

        /// <summary>Keeps the <paramref name="count"/> highest walked scores (a selection, not a sort), when there are more.</summary>
        public void KeepHighest(int count)
        {
            Count = _touched;
            if (Count <= count)
            {
                return;
            }

            var slots = _used.AsSpan(0, Count);
            int low = 0, high = slots.Length - 1, nth = count - 1;
            while (low < high)
            {
                var pivot = _sums[slots[low + (high - low) / 2]];
                int i = low, j = high;
                while (i <= j)
                {
                    while (_sums[slots[i]] > pivot)
                    {
                        i++;
                    }

                    while (_sums[slots[j]] < pivot)
                    {
                        j--;
                    }

                    if (i <= j)
                    {
                        (slots[i], slots[j]) = (slots[j], slots[i]);
                        i++;
                        j--;
                    }
                }

                if (nth <= j)
                {
                    high = j;
                }
                else if (nth >= i)
                {
                    low = i;
                }
                else
                {
                    break;
                }
            }

            Count = count;
        }

        /// <summary>Candidates by walked similarity (ties: higher id first), best at the top.</summary>
        public CandidateHeap ByWalked { get; } = new(static (a, b) => a.Walked != b.Walked ? a.Walked > b.Walked : a.Id > b.Id);

        /// <summary>Candidates by bound, highest at the top.</summary>
        public CandidateHeap ByBound { get; } = new(static (a, b) => a.Bound > b.Bound);

        public void ClearDone(int count)
        {
            if (_done.Length < count)
            {
                _done = new bool[Math.Max(count, _done.Length * 2)];
            }

            Array.Clear(_done, 0, count);
        }

        public bool Done(int candidate) => _done[candidate];

        public void MarkDone(int candidate) => _done[candidate] = true;

        public void End()
        {
            (_touched, Count) = (0, 0);
            Candidates.Clear();
        }
    }

    /// <summary>A binary heap of candidates (by their place in the query's list), the one <c>before</c> says ranks first at the top.</summary>
    private sealed class CandidateHeap(Func<Candidate, Candidate, bool> before)
    {
        private int[] _items = new int[256];
        private List<Candidate> _candidates = [];

        public int Count { get; private set; }

        /// <summary>All the candidates, in heap order (linear: only the few that come off the top are ever ordered).</summary>
        public CandidateHeap Of(List<Candidate> candidates)
        {
            (_candidates, Count) = (candidates, candidates.Count);
            if (_items.Length < Count)
            {
                _items = new int[Math.Max(Count, _items.Length * 2)];
            }

            for (var i = 0; i < Count; i++)
            {
                _items[i] = i;
            }

            for (var i = Count / 2 - 1; i >= 0; i--)
            {
                SiftDown(i);
            }

            return this;
        }

        public int Peek() => _items[0];

        public int Pop()
        {
            var top = _items[0];
            _items[0] = _items[--Count];
            SiftDown(0);
            return top;
        }

        private void SiftDown(int at)
        {
            var span = CollectionsMarshal.AsSpan(_candidates);
            while (true)
            {
                var (first, left) = (at, 2 * at + 1);
                if (left < Count && before(span[_items[left]], span[_items[first]]))
                {
                    first = left;
                }

                if (left + 1 < Count && before(span[_items[left + 1]], span[_items[first]]))
                {
                    first = left + 1;
                }

                if (first == at)
                {
                    return;
                }

                (_items[at], _items[first]) = (_items[first], _items[at]);
                at = first;
            }
        }
    }
}
