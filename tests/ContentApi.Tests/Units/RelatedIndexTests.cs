using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Related;

namespace ContentApi.Tests.Units;

/// <summary>
/// The index's fast path (walked postings, bounds, kept weights and lengths) against a brute-force scoring of
/// every article with the index's own weights, on random corpora changed by random writes.
/// </summary>
public sealed class RelatedIndexTests
{
    private const int Tags = 30, Entities = 60;
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
                    Assert.Equal(want.Shared.Select(c => (c.Kind, c.Id)).Order(), got.Shared.Select(c => (c.Kind, c.Id)).Order());
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

    /// <summary>Every other article, scored from the index's weights alone; only those sharing a walked feature can be found.</summary>
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
            if (!shared.Any(f => index.Frequency(f.Kind, f.Id) <= walkLimit && sourceVector[f] > 0))
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

            var contributions = shared.Select(f => new Contribution(f.Kind, f.Id, sourceVector[f] * vector[f] / norms * recency)).ToList();
            scored.Add((new RelatedHit(candidate.Id, similarity * recency, similarity, recency, contributions), candidate.PublishedAt));
        }

        return [.. scored.OrderByDescending(s => s.Hit.Score).ThenByDescending(s => s.PublishedAt).ThenByDescending(s => s.Hit.ArticleId).Take(query.Limit).Select(s => s.Hit)];
    }

    private static Dictionary<(FeatureKind Kind, int Id), double> Vector(RelatedIndex index, ArticleFacts article) =>
        article.TagIds.Select(id => ((FeatureKind.Tag, id), index.Weight(FeatureKind.Tag, id)))
            .Concat(article.EntityIds.Select((id, i) => ((FeatureKind.Entity, id), index.Weight(FeatureKind.Entity, id) * article.SalienceAt(i))))
            .ToDictionary(p => p.Item1, p => p.Item2);

    /// <summary>Skewed picks, so some features are on many articles and most on few; some articles undated, some exact copies in time.</summary>
    private static ArticleFacts RandomArticle(Random random, int id)
    {
        int[] Pick(int of, int count) => [.. Enumerable.Range(0, count).Select(_ => (int)(of * Math.Pow(random.NextDouble(), 2.5))).Distinct()];
        var entities = Pick(Entities, random.Next(0, 6));
        DateTime? published = random.Next(10) == 0 ? null : Start.AddHours(random.Next(0, 24 * 400) / (random.Next(4) == 0 ? 24 : 1));
        return new ArticleFacts(
            id, ArticleStatus.Published, published, "news", "en", true, null, Pick(Tags, random.Next(1, 5)), [],
            entities, random.Next(3) == 0 ? null : [.. entities.Select(_ => (float)Math.Round(0.1 + 0.9 * random.NextDouble(), 2))]);
    }

    private static ArticleFacts Article(int id, int[] tags, int[] entities) =>
        new(id, ArticleStatus.Published, Start.AddDays(10 * id), "news", "en", true, null, tags, [], entities);
}
