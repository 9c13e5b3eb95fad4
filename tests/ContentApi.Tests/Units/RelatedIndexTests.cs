using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Related;

namespace ContentApi.Tests.Units;

/// <summary>
/// The index's fast path (walked postings and term lists, bounds, kept weights and lengths) against a brute-force scoring
/// of every article with the index's own weights, on random corpora changed by random writes.
/// </summary>
public sealed class RelatedIndexTests
{
    private const int Tags = 30, Entities = 60, Words = 80;
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1, int.MaxValue)]
    [InlineData(2, int.MaxValue)]
    [InlineData(3, 15)]
    [InlineData(4, 40)]
    public void Query_Equals_BruteForceScoring_ThroughRandomWrites(int seed, int walkLimit)
    {
        var random = new Random(seed);
        var corpus = new Dictionary<int, ArticleFacts>();
        var nextId = 1;
        for (; nextId <= 200; nextId++)
        {
            corpus[nextId] = RandomArticle(random, nextId);
        }

        var index = new RelatedIndex(KindWeight);
        index.Load(corpus.Values);
        for (var round = 0; round < 25; round++)
        {
            List<(ArticleFacts? Old, ArticleFacts? New)> changes = [];
            var ids = corpus.Keys.ToArray();
            for (var i = random.Next(1, 8); i > 0; i--)
            {
                switch (random.Next(3))
                {
                    case 0:
                        var added = RandomArticle(random, nextId++);
                        changes.Add((null, added));
                        break;
                    case 1:
                        var edited = random.GetItems(ids, 1)[0];
                        changes.Add((corpus[edited], RandomArticle(random, edited)));
                        break;
                    default:
                        var deleted = random.GetItems(ids, 1)[0];
                        changes.Add((corpus[deleted], null));
                        break;
                }

                var (old, @new) = changes[^1];
                if (@new is null)
                {
                    corpus.Remove(old!.Id);
                }
                else
                {
                    corpus[@new.Id] = @new;
                }

                // One change per article per batch, as the catalog hands them over.
                ids = [.. corpus.Keys.Except(changes.Select(c => (c.Old ?? c.New)!.Id))];
            }

            index.Apply(changes);

            Assert.Equal(corpus.Count, index.ArticleCount);
            foreach (var source in random.GetItems(corpus.Values.ToArray(), 8))
            {
                var query = Query(limit: 1 + random.Next(12), walkLimit, accept: id => id % 7 != 0, halfLifeDays: random.Next(2) == 0 ? 30 : null);
                var expected = BruteForce(index, corpus.Values, source, query);
                var actual = index.Query(source, query);

                Assert.Equal(expected.Select(e => e.ArticleId), actual.Select(a => a.ArticleId));
                foreach (var (want, got) in expected.Zip(actual))
                {
                    Assert.Equal(want.Score, got.Score, 9);
                    Assert.Equal(want.Similarity, got.Similarity, 9);
                    Assert.Equal(want.Recency, got.Recency, 9); // days are doubles from ticks: about 1e-12 apart from TimeSpan arithmetic
                    Assert.Equal(got.Score, got.Shared.Sum(c => c.Weight), 9);
                    Assert.Equal(want.Shared.Select(c => (c.Kind, c.Id, c.Key)).Order(), got.Shared.Select(c => (c.Kind, c.Id, c.Key)).Order());
                }
            }
        }
    }

    [Fact]
    public void Weights_StayWithinTheTolerance_OfTheExactIdf_AsTheCorpusGrows()
    {
        var random = new Random(7);
        var corpus = new List<ArticleFacts>();
        var index = new RelatedIndex(KindWeight);
        index.Load([]);
        for (var id = 1; id <= 3_000; id++)
        {
            var article = RandomArticle(random, id);
            corpus.Add(article);
            index.Apply([(null, article)]);
        }

        var n = corpus.Count;
        foreach (var (kind, id) in Enumerable.Range(0, Tags).Select(t => (FeatureKind.Tag, t)).Concat(Enumerable.Range(0, Entities).Select(e => (FeatureKind.Entity, e))))
        {
            var df = corpus.Count(a => (kind == FeatureKind.Tag ? a.TagIds : a.EntityIds).Contains(id));
            Assert.Equal(df, index.Frequency(kind, id));
            var exact = df == 0 ? 0 : Math.Log((double)n / df) * KindWeight(kind, id);
            // Count and corpus size may each have moved 1% since the weight was computed: ln(1.01) twice, times the kind weight.
            Assert.True(Math.Abs(index.Weight(kind, id) - exact) <= 2 * Math.Log(1 + RelatedIndex.WeightTolerance) * KindWeight(kind, id) + 1e-12,
                $"{kind} {id}: weight {index.Weight(kind, id)}, exact {exact} (df {df}).");
        }
    }

    [Fact]
    public void Reweigh_AfterAKindChanges_ScoresWithTheNewKindWeight()
    {
        var weights = new Dictionary<int, double> { [1] = 1.0 };
        var index = new RelatedIndex((kind, id) => kind == FeatureKind.Tag ? 1.0 : weights.GetValueOrDefault(id, 1.0));
        ArticleFacts[] articles =
        [
            Article(1, tags: [1], entities: [1]), Article(2, tags: [1], entities: [1]), Article(3, tags: [2], entities: [2]),
            Article(4, tags: [2], entities: [3]),
        ];
        index.Load(articles);
        var query = Query(limit: 5, int.MaxValue, accept: _ => true, halfLifeDays: null);
        var before = index.Query(articles[0], query).Single();

        weights[1] = 3.0;
        index.Reweigh(FeatureKind.Entity, [1]);
        var after = index.Query(articles[0], query).Single();

        var entityShare = (RelatedHit hit) => hit.Shared.Single(c => c.Kind == FeatureKind.Entity).Weight / hit.Score;
        Assert.True(entityShare(after) > entityShare(before), $"Entity share {entityShare(before)} → {entityShare(after)}.");
        Assert.Equal(3.0 * Math.Log(4.0 / 2), index.Weight(FeatureKind.Entity, 1), 12);
        Assert.Equal(1.0, after.Similarity, 12); // the same two features, so the same direction whatever the weights
    }

    [Fact]
    public void TermLists_KeepTheArticlesAWordWeighsMost_AndWritesKeepThemSo()
    {
        // "harbour" on twelve articles with rising weight, each with one word of its own; a list of four keeps the four
        // whose key terms it is most of. The source has it too, but mostly another word. Twenty articles without it give it a weight.
        var index = new RelatedIndex(KindWeight, termListLength: 4);
        var source = Article(1, tags: [], entities: []) with { Terms = [new("harbour", "harbour", 1), new("own1", "own1", 3)] };
        List<ArticleFacts> corpus = [source];
        corpus.AddRange(Enumerable.Range(2, 12).Select(id => Article(id, tags: [], entities: []) with
        {
            Terms = [new("harbour", "harbour", 1 + id / 4f), new($"own{id}", $"own{id}", 1)],
        }));
        corpus.AddRange(Enumerable.Range(14, 20).Select(id => Article(id, tags: [id % 3], entities: []) with { Terms = [new($"own{id}", $"own{id}", 1)] }));
        index.Load(corpus);
        var query = Query(limit: 10, int.MaxValue, accept: _ => true, halfLifeDays: null) with { MaxCandidates = 4, MaxScored = 4 };

        Assert.Equal([13, 12, 11, 10], index.Query(source, query).Select(h => h.ArticleId));
        var hit = index.Query(source, query)[0];
        Assert.Equal(hit.Score, hit.Shared.Sum(c => c.Weight), 12); // capped, the scores and reasons are still exact

        // A new article that weighs the word more enters the list; a deleted one leaves it, and the next article with the
        // word takes the free place even though it weighs it least.
        var strong = Article(40, tags: [], entities: []) with { Terms = [new("harbour", "harbour", 9), new("own40", "own40", 1)] };
        index.Apply([(null, strong), (corpus[12], null)]);
        Assert.Equal([40, 12, 11, 10], index.Query(source, query with { MaxScored = 10 }).Select(h => h.ArticleId));
        index.Apply([(corpus[11], null)]);
        var weak = Article(41, tags: [], entities: []) with { Terms = [new("harbour", "harbour", 0.5f), new("own41", "own41", 1)] };
        index.Apply([(null, weak)]);
        Assert.Equal([40, 11, 10, 41], index.Query(source, query with { MaxScored = 10 }).Select(h => h.ArticleId));
    }

    [Fact]
    public void KeptWinners_AreUsedUntilAWriteCouldChangeThem_AndThenFoundAfresh()
    {
        // The source has tags 1-3; 2 shares two of them, 3-5 one each; fillers with tag 9 give the tags their weights.
        var source = Article(1, tags: [1, 2, 3], entities: []);
        List<ArticleFacts> corpus = [source, Article(2, tags: [1, 2], entities: []), Article(3, tags: [1], entities: []),
            Article(4, tags: [2], entities: []), Article(5, tags: [3], entities: [])];
        corpus.AddRange(Enumerable.Range(20, 20).Select(id => Article(id, tags: [9], entities: [])));
        var index = new RelatedIndex(KindWeight);
        index.Load(corpus);
        HashSet<int> hidden = [];
        List<int> asked = [];
        var query = Query(limit: 2, int.MaxValue, accept: id => { asked.Add(id); return !hidden.Contains(id); }, halfLifeDays: null);
        var keep = query with { Keep = new RelatedKeep("readers", Start, null, TimeSpan.FromDays(1)) };

        List<int> Kept(out List<int> askedAbout)
        {
            asked = [];
            var ids = index.Query(source, keep).Select(h => h.ArticleId).ToList();
            askedAbout = [.. asked];
            Assert.Equal(index.Query(source, query).Select(h => h.ArticleId), ids); // always what a fresh query finds
            return ids;
        }

        var first = Kept(out _);
        Assert.Equal(2, first[0]);

        // A write that cannot enter (a filler, which shares nothing, edited): only the kept two and it are asked about. A
        // walk never reaches the filler; checking what was written since does.
        index.Apply([(corpus[5], corpus[5] with { Headline = "edited" })]);
        Assert.Equal(first, Kept(out var checkedOnly));
        Assert.Equal([.. first, corpus[5].Id], checkedOnly);

        // One with all three tags enters; hidden, it leaves; a winner edited to share nothing leaves.
        var same = Article(50, tags: [1, 2, 3], entities: []);
        index.Apply([(null, same)]);
        Assert.Equal(50, Kept(out _)[0]);
        hidden.Add(50);
        Assert.DoesNotContain(50, Kept(out _));
        index.Apply([(corpus[1], corpus[1] with { TagIds = [9] })]);
        Assert.DoesNotContain(2, Kept(out _));

        // More writes than the index remembers (the filler edited again and again): the list is walked afresh, which never
        // asks about the filler, rather than checked against the writes it still remembers.
        Kept(out _);
        var filler = corpus[6];
        for (var edit = 0; edit <= RelatedIndex.MaxChangesChecked; edit++)
        {
            var edited = filler with { Headline = $"edit {edit}" };
            index.Apply([(filler, edited)]);
            filler = edited;
        }

        Kept(out var afterMany);
        Assert.DoesNotContain(filler.Id, afterMany);
    }

    [Fact]
    public void AKeptListsAnswer_IsGivenAgainUntilTheIndexChanges_ThenComputedAfresh()
    {
        var weights = new Dictionary<int, double> { [1] = 1.0 };
        var index = new RelatedIndex((kind, id) => kind == FeatureKind.Tag ? 1.0 : weights.GetValueOrDefault(id, 1.0));
        ArticleFacts[] articles =
        [
            Article(1, tags: [1], entities: [1]), Article(2, tags: [1], entities: [1]), Article(3, tags: [2], entities: [1]),
            Article(4, tags: [2], entities: [3]), Article(5, tags: [3], entities: [3]),
        ];
        index.Load(articles);
        var query = Query(limit: 5, int.MaxValue, accept: _ => true, halfLifeDays: null);
        var keep = query with { Keep = new RelatedKeep("readers", Start, null, TimeSpan.FromDays(1)) };
        static List<(int, double)> Scores(List<RelatedHit> hits) => [.. hits.Select(h => (h.ArticleId, Math.Round(h.Score, 9)))];

        var first = index.Query(articles[0], keep);
        Assert.Equal([2, 3], first.Select(h => h.ArticleId));
        Assert.Same(first[1], index.Query(articles[0], keep)[1]); // nothing changed: the answer given again, not computed

        // A kind's weight changes (an entity's type): the entity-only result scores differently, as a fresh query finds.
        weights[1] = 3.0;
        index.Reweigh(FeatureKind.Entity, [1]);
        var reweighed = index.Query(articles[0], keep);
        Assert.NotEqual(Scores(first), Scores(reweighed));
        Assert.Equal(Scores(index.Query(articles[0], query)), Scores(reweighed));

        // A write that changes no winner but the corpus's weights: again as a fresh query finds.
        index.Apply([(articles[4], articles[4] with { EntityIds = [1] })]);
        var written = index.Query(articles[0], keep);
        Assert.NotEqual(Scores(reweighed), Scores(written));
        Assert.Equal(Scores(index.Query(articles[0], query)), Scores(written));
    }

    [Fact]
    public void KeyTerms_AreValues_SoIndexesThatInternedOtherWordsFirst_AnswerAlike()
    {
        var random = new Random(11);
        var corpus = Enumerable.Range(1, 150).Select(id => RandomArticle(random, id)).ToList();
        var first = new RelatedIndex(KindWeight);
        first.Load(corpus);

        // Another process: it saw other words first, and got the articles one write at a time, newest first.
        var second = new RelatedIndex(KindWeight);
        second.Load([new ArticleFacts(999, ArticleStatus.Published, Start, "news", "en", true, null, [], [], [],
            Terms: [.. Enumerable.Range(0, 500).Select(i => new KeyTerm($"other{i}", $"other{i}", 1)), new("w3", "w3", 1)])]);
        second.Apply([(new ArticleFacts(999, ArticleStatus.Published, Start, "news", "en", true, null, [], [], []), null)]);
        foreach (var article in Enumerable.Reverse(corpus))
        {
            second.Apply([(null, article)]);
        }

        foreach (var source in corpus.Take(40))
        {
            var query = Query(limit: 8, int.MaxValue, accept: _ => true, halfLifeDays: 30);
            var (a, b) = (first.Query(source, query), second.Query(source, query));
            Assert.Equal(a.Select(h => h.ArticleId), b.Select(h => h.ArticleId));
            foreach (var (x, y) in a.Zip(b))
            {
                Assert.Equal(x.Score, y.Score, 6); // weights lag by up to the tolerance in the one built write by write
                Assert.Equal(x.Shared.Select(c => (c.Kind, c.Id, c.Key, c.Display)).Order(), y.Shared.Select(c => (c.Kind, c.Id, c.Key, c.Display)).Order());
            }

            // Reasons name a shared word as the source writes it.
            Assert.All(a.SelectMany(h => h.Shared).Where(c => c.Kind == FeatureKind.Term),
                c => Assert.Equal(source.Terms!.Single(t => t.Key == c.Key).Display, c.Display));
        }
    }

    private static double KindWeight(FeatureKind kind, int id) => kind == FeatureKind.Tag ? 1.0 : (id % 3) switch { 0 => 0.8, 1 => 1.2, _ => 1.5 };

    private static RelatedQuery Query(int limit, int walkLimit, Func<int, bool> accept, double? halfLifeDays) => new(
        Limit: limit,
        Accept: accept,
        HalfLife: halfLifeDays is { } days ? TimeSpan.FromDays(days) : null,
        RecencyFloor: 0.3,
        MinSimilarity: 0.05,
        NearDuplicate: 0.98,
        NearDuplicateWindow: TimeSpan.FromHours(48),
        WalkLimit: _ => walkLimit);

    /// <summary>
    /// Every other article, scored from the index's weights alone; only those sharing a walked feature (a tag or entity on
    /// no more than the walk limit, or a key term: every term list keeps all its articles here) can be found.
    /// </summary>
    private static List<RelatedHit> BruteForce(RelatedIndex index, IEnumerable<ArticleFacts> corpus, ArticleFacts source, RelatedQuery query)
    {
        var walkLimit = query.WalkLimit(index.ArticleCount);
        var sourceVector = Vector(index, source);
        var sourceNorm = Math.Sqrt(sourceVector.Values.Sum(v => v * v));
        List<(RelatedHit Hit, DateTime? PublishedAt)> scored = [];
        foreach (var candidate in corpus.Where(c => c.Id != source.Id && query.Accept(c.Id)))
        {
            var vector = Vector(index, candidate);
            var shared = vector.Keys.Where(sourceVector.ContainsKey).ToList();
            if (!shared.Any(f => (f.Kind == FeatureKind.Term || index.Frequency(f.Kind, f.Id) <= walkLimit) && sourceVector[f] > 0))
            {
                continue;
            }

            var norms = sourceNorm * Math.Sqrt(vector.Values.Sum(v => v * v));
            var similarity = shared.Sum(f => sourceVector[f] * vector[f]) / norms;
            double? apart = candidate.PublishedAt is { } to && source.PublishedAt is { } from ? Math.Abs((to - from).TotalDays) : null;
            var recency = query.HalfLife is not { } halfLife || apart is null ? 1 : Math.Max(query.RecencyFloor, Math.Pow(2, -apart.Value / halfLife.TotalDays));
            if (similarity < query.MinSimilarity || (similarity >= query.NearDuplicate && apart <= query.NearDuplicateWindow.TotalDays))
            {
                continue;
            }

            var contributions = shared.Select(f => new Contribution(f.Kind, f.Id, sourceVector[f] * vector[f] / norms * recency, f.Key)).ToList();
            scored.Add((new RelatedHit(candidate.Id, similarity * recency, similarity, recency, contributions), candidate.PublishedAt));
        }

        return [.. scored.OrderByDescending(s => s.Hit.Score).ThenByDescending(s => s.PublishedAt).ThenByDescending(s => s.Hit.ArticleId).Take(query.Limit).Select(s => s.Hit)];
    }

    private static Dictionary<(FeatureKind Kind, int Id, string? Key), double> Vector(RelatedIndex index, ArticleFacts article) =>
        article.TagIds.Select(id => ((FeatureKind.Tag, id, (string?)null), index.Weight(FeatureKind.Tag, id)))
            .Concat(article.EntityIds.Select((id, i) => ((FeatureKind.Entity, id, (string?)null), index.Weight(FeatureKind.Entity, id) * article.SalienceAt(i))))
            .Concat((article.Terms ?? []).Select(t => ((FeatureKind.Term, 0, (string?)t.Key), index.TermWeight(t.Key) * t.Weight)))
            .ToDictionary(p => p.Item1, p => p.Item2);

    /// <summary>
    /// Skewed picks, so some features are on many articles and most on few; some articles undated, some exact copies in
    /// time; key terms (words as "w" and a number, each with a weight) on most.
    /// </summary>
    private static ArticleFacts RandomArticle(Random random, int id, bool terms = true)
    {
        int[] Pick(int of, int count) => [.. Enumerable.Range(0, count).Select(_ => (int)(of * Math.Pow(random.NextDouble(), 2.5))).Distinct()];
        var entities = Pick(Entities, random.Next(0, 6));
        DateTime? published = random.Next(10) == 0 ? null : Start.AddHours(random.Next(0, 24 * 400) / (random.Next(4) == 0 ? 24 : 1));
        var words = terms && random.Next(5) != 0 ? Pick(Words, random.Next(1, 12)) : [];
        return new ArticleFacts(
            id, ArticleStatus.Published, published, "news", "en", true, null, Pick(Tags, random.Next(1, 5)), [],
            entities, random.Next(3) == 0 ? null : [.. entities.Select(_ => (float)Math.Round(0.1 + 0.9 * random.NextDouble(), 2))],
            Terms: words.Length == 0 ? null : [.. words.Select(w => new KeyTerm($"w{w}", $"W{w}", 1 + (float)Math.Round(2 * random.NextDouble(), 2)))]);
    }

    private static ArticleFacts Article(int id, int[] tags, int[] entities) =>
        new(id, ArticleStatus.Published, Start.AddDays(10 * id), "news", "en", true, null, tags, [], entities);
}
