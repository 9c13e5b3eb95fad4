using System.Diagnostics;
using System.Globalization;
using ContentApi.Articles;
using ContentApi.Related;

namespace ContentApi.Benchmarks.Related;

/// <summary>
/// <c>evaluate-related</c>: offline ranking quality of <see cref="RelatedIndex"/> on a <see cref="PlantedCorpus"/>,
/// where the stories of one event are the relevant answers for each other. For a seeded sample of event
/// stories it scores, by NDCG@10 and precision@5 (binary relevance; a missing result counts as not relevant):
/// the index with the service's defaults; two baselines over every article sharing at least one tag or
/// entity with the source (raw shared-feature count, Jaccard of the feature sets), and the index's own
/// formula computed exhaustively over the same candidates (no walk limit, every candidate scored), which
/// separates what the scoring gets wrong from what the index's shortcuts lose. Then a small grid over recency
/// half-life, place weight and minimum similarity, to tune the defaults by.
/// </summary>
internal static class RelatedEvaluation
{
    public const string Usage = """
        Usage: evaluate-related [--articles 50000] [--events 2500] [--sources 2000] [--seed 7] [--no-grid]
          --articles  corpus size (events' stories plus unrelated filler)
          --events    planted events, 2-12 stories each
          --sources   event stories to query for (seeded sample)
          --seed      the same seed gives the same corpus, sample and figures
          --no-grid   skip the settings grid
        """;

    private const int K = 10;

    public static int Run(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(Usage);
            return 0;
        }

        int articles = 50_000, events = 2_500, sourceCount = 2_000, seed = 7;
        var grid = true;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == "--no-grid")
                {
                    grid = false;
                    continue;
                }

                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
                var number = int.Parse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                switch (args[i++])
                {
                    case "--articles":
                        articles = number;
                        break;
                    case "--events":
                        events = number;
                        break;
                    case "--sources":
                        sourceCount = number;
                        break;
                    case "--seed":
                        seed = number;
                        break;
                    default:
                        throw new ArgumentException($"Unknown option {args[i - 1]}.");
                }
            }

            if (articles < 10 || events < 1 || sourceCount < 1)
            {
                throw new ArgumentException("Counts must be positive (at least 10 articles).");
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Command: dotnet run -c Release --project tests/ContentApi.Benchmarks -- evaluate-related {string.Join(' ', args)}".TrimEnd());
        Console.WriteLine($"Settings: --articles {articles} --events {events} --sources {sourceCount} --seed {seed}{(grid ? "" : " --no-grid")}");
#if DEBUG
        Console.WriteLine("WARNING: Debug build; run with -c Release.");
#endif

        var corpus = PlantedCorpus.Generate(articles, events, seed);
        var evaluator = new Evaluator(corpus, sourceCount, seed);
        evaluator.Describe();

        var defaults = new RelatedOptions();
        Console.WriteLine();
        Console.WriteLine($"## Ranking quality ({evaluator.SourceCount} source stories; mean ± standard error)");
        Console.WriteLine();
        Console.WriteLine(Metrics.Header);
        var indexed = evaluator.IndexRankings(defaults, out _);
        var exhaustive = evaluator.ExhaustiveRankings(defaults);
        Console.WriteLine(evaluator.Score(indexed).Row("RelatedIndex, service defaults"));
        Console.WriteLine(evaluator.Score(exhaustive).Row("Same formula over every candidate (no walk limit)"));
        Console.WriteLine(evaluator.SharedCount().Row("Baseline: shared-feature count"));
        Console.WriteLine(evaluator.Jaccard().Row("Baseline: Jaccard of feature sets"));
        Console.WriteLine(evaluator.Ideal().Row("Ideal (every relevant first)"));
        Console.WriteLine();
        Console.WriteLine("Baselines rank every article sharing at least one tag or entity (the generic tags included), ties newest first, " +
            "no threshold and no recency. The index and the exhaustive run use RelatedOptions' defaults: kind weights tag 1, person 1.2, " +
            "organisation 1.2, place 0.8, event 1.5; half-life 180 days, floor 0.3; MinSimilarity 0.1; near-duplicates 0.98 within 48 h; " +
            $"walk limit max({defaults.CommonFeatureMinimum}, {defaults.CommonFeatureShare:P1} of N) = {defaults.WalkLimit(corpus.Articles.Count)}.");

        WalkLimits(evaluator, exhaustive, corpus.Articles.Count);
        if (grid)
        {
            RunGrid(evaluator);
        }

        Console.WriteLine();
        Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F0} s.");
        return 0;
    }

    /// <summary>What walking fewer postings (a lower RelatedQuery.WalkLimit) costs in quality and saves in time.</summary>
    private static void WalkLimits(Evaluator evaluator, int[][] exhaustive, int n)
    {
        var defaults = new RelatedOptions();
        var limit = defaults.WalkLimit(n);
        Console.WriteLine();
        Console.WriteLine("## Walk limit (RelatedIndex, other settings at their defaults)");
        Console.WriteLine();
        Console.WriteLine("| walk limit (articles) | share of N | NDCG@10 | P@5 | top 5 shared with exhaustive | mean µs/query (rough) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var fraction in new[] { 1.0, 0.5, 0.25, 0.1, 0.05, 0.025 })
        {
            var walk = Math.Max(1, (int)(limit * fraction));
            var rankings = evaluator.IndexRankings(defaults, out var micros, _ => walk);
            var m = evaluator.Score(rankings);
            Console.WriteLine($"| {walk:N0}{(fraction == 1 ? " (default)" : "")} | {(double)walk / n:P2} | {m.Ndcg:F4} | {m.Precision:F4} " +
                $"| {Evaluator.Overlap(rankings, exhaustive):P1} | {micros:F0} |");
        }

        Console.WriteLine();
        Console.WriteLine("The limit is configuration: RelatedOptions.CommonFeatureShare × N, at least CommonFeatureMinimum.");
    }

    private static void RunGrid(Evaluator evaluator)
    {
        Console.WriteLine();
        Console.WriteLine("## Grid (RelatedIndex; other settings at their defaults), best NDCG@10 first");
        Console.WriteLine();
        Console.WriteLine("| half-life days | place weight | MinSimilarity | NDCG@10 | P@5 | Recall@10 | results (mean) | no results |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        var rows = new List<(double HalfLife, double Place, double MinSimilarity, Metrics Metrics)>();
        foreach (var halfLife in new[] { 30.0, 180.0, 0.0 })
        {
            foreach (var place in new[] { 0.5, 0.8, 1.0 })
            {
                foreach (var minSimilarity in new[] { 0.05, 0.1, 0.2 })
                {
                    var options = new RelatedOptions { HalfLifeDays = halfLife, PlaceWeight = place, MinSimilarity = minSimilarity };
                    rows.Add((halfLife, place, minSimilarity, evaluator.Index(options)));
                }
            }
        }

        var defaults = new RelatedOptions();
        foreach (var (halfLife, place, minSimilarity, m) in rows.OrderByDescending(r => r.Metrics.Ndcg).ThenByDescending(r => r.Metrics.Precision))
        {
            var isDefault = halfLife == defaults.HalfLifeDays && place == defaults.PlaceWeight && minSimilarity == defaults.MinSimilarity;
            Console.WriteLine($"| {(halfLife == 0 ? "off" : halfLife.ToString("F0", CultureInfo.InvariantCulture))} | {place:F1} | {minSimilarity:F2} " +
                $"| {m.Ndcg:F4} | {m.Precision:F4} | {m.Recall:F4} | {m.Results:F2} | {m.Empty:P1} |{(isDefault ? " ← defaults" : "")}");
        }

        var best = rows.MaxBy(r => r.Metrics.Ndcg);
        var bestPrecision = rows.MaxBy(r => r.Metrics.Precision);
        Console.WriteLine();
        Console.WriteLine($"Best NDCG@10: HalfLifeDays={best.HalfLife}, PlaceWeight={best.Place}, MinSimilarity={best.MinSimilarity} " +
            $"(NDCG@10 {best.Metrics.Ndcg:F4} ± {best.Metrics.NdcgError:F4}, P@5 {best.Metrics.Precision:F4}).");
        Console.WriteLine($"Best P@5: HalfLifeDays={bestPrecision.HalfLife}, PlaceWeight={bestPrecision.Place}, MinSimilarity={bestPrecision.MinSimilarity} " +
            $"(NDCG@10 {bestPrecision.Metrics.Ndcg:F4}, P@5 {bestPrecision.Metrics.Precision:F4} ± {bestPrecision.Metrics.PrecisionError:F4}).");
        Console.WriteLine("Differences under about two standard errors are noise; the corpus is synthetic, so read the grid for direction, not exact values.");
    }

    /// <summary>Mean metrics over the sources, with standard errors of the two headline ones.</summary>
    private sealed record Metrics(double Ndcg, double NdcgError, double Precision, double PrecisionError, double Recall, double Results, double Empty)
    {
        public const string Header = "| ranking | NDCG@10 | P@5 | Recall@10 | results (mean of 10) | no results |\n|---|---:|---:|---:|---:|---:|";

        public string Row(string name) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Ndcg:F4} ± {NdcgError:F4} | {Precision:F4} ± {PrecisionError:F4} | {Recall:F4} | {Results:F2} | {Empty:P1} |");
    }

    private sealed class Evaluator
    {
        private readonly PlantedCorpus _corpus;
        private readonly FeaturePostings _postings;
        private readonly ArticleFacts[] _sources;
        /// <summary>Indexes by kind weights (a different weighting of kinds changes every article's vector length).</summary>
        private readonly Dictionary<(double, double, double, double, double, double), RelatedIndex> _indexes = [];

        // Scratch, by article id: a stamp of the last source that touched it, and the shared count or dot product.
        private readonly int[] _stamp;
        private readonly double[] _accumulated;
        private readonly List<int> _touched = [];
        private int _query;

        public Evaluator(PlantedCorpus corpus, int sourceCount, int seed)
        {
            _corpus = corpus;
            _postings = new FeaturePostings(corpus.Articles);
            var eventStories = corpus.Articles.Where(a => corpus.EventOf[a.Id] >= 0).Select(a => a.Id).ToArray();
            new Random(seed + 1).Shuffle(eventStories);
            _sources = [.. eventStories.Take(sourceCount).Select(id => corpus.Articles[id - 1])];
            _stamp = new int[_postings.MaxArticleId + 1];
            _accumulated = new double[_postings.MaxArticleId + 1];
        }

        public int SourceCount => _sources.Length;

        public void Describe()
        {
            var n = _corpus.Articles.Count;
            var stories = _corpus.StoriesOf.Sum(s => s.Count);
            Console.WriteLine($"Corpus: {n:N0} articles: {_corpus.StoriesOf.Length:N0} events with {stories:N0} stories " +
                $"({(double)stories / _corpus.StoriesOf.Length:F1} per event), {n - stories:N0} filler; " +
                $"'news' tag on {(double)_postings.Frequency(PlantedCorpus.NewsTag) / n:P0}, 'country' tag on {(double)_postings.Frequency(PlantedCorpus.CountryTag) / n:P0}; " +
                $"{_postings.FeatureCountOf.Where((_, id) => id > 0).Average():F1} features per article.");
            Console.WriteLine($"Sources: {_sources.Length:N0} event stories, {_sources.Average(s => Relevant(s).Count):F1} relevant (same-event) articles each on average; " +
                $"mean candidates (sharing ≥1 feature): {_sources.Average(s => Candidates(s).Count):N0}.");
        }

        public Metrics Index(RelatedOptions options) => Score(IndexRankings(options, out _));

        /// <summary>The index's top K per source, and the mean wall time of a query (a rough figure: see related-latency).</summary>
        public int[][] IndexRankings(RelatedOptions options, out double meanMicroseconds, Func<int, int>? walkLimit = null)
        {
            var index = IndexFor(options);
            var query = ServiceQuery.From(options, K);
            if (walkLimit is not null)
            {
                query = query with { WalkLimit = walkLimit };
            }

            var started = Stopwatch.GetTimestamp();
            var rankings = Rank(source => [.. index.Query(source, query).Select(h => h.ArticleId)]);
            meanMicroseconds = Stopwatch.GetElapsedTime(started).TotalMicroseconds / _sources.Length;
            return rankings;
        }

        private RelatedIndex IndexFor(RelatedOptions options)
        {
            var key = (options.TagEvidence, options.PersonWeight, options.OrganisationWeight, options.PlaceWeight, options.EventWeight, options.OtherEntityWeight);
            if (!_indexes.TryGetValue(key, out var index))
            {
                _indexes[key] = index = ServiceQuery.Index(options, _corpus.EntityNames);
                index.Load(_corpus.Articles);
            }

            return index;
        }

        public Metrics SharedCount() => Score(source =>
        {
            var candidates = Candidates(source);
            return Top(candidates, id => _accumulated[id]);
        });

        public Metrics Jaccard() => Score(source =>
        {
            var candidates = Candidates(source);
            var size = _postings.FeatureCountOf[source.Id];
            return Top(candidates, id => _accumulated[id] / (size + _postings.FeatureCountOf[id] - _accumulated[id]));
        });

        public Metrics Ideal() => Score(source => [.. Relevant(source).OrderByDescending(id => id).Take(K)]);

        /// <summary>RelatedIndex's score (IDF × kind weight cosine, times recency; MinSimilarity; near-duplicates) over all candidates.</summary>
        public Metrics Exhaustive(RelatedOptions options) => Score(ExhaustiveRankings(options));

        public int[][] ExhaustiveRankings(RelatedOptions options)
        {
            var n = (double)_corpus.Articles.Count;
            var weight = new double[_postings.Keys];
            for (var key = 0; key < weight.Length; key++)
            {
                var (kind, id) = _postings.Feature(key);
                var df = _postings.Frequency(key);
                weight[key] = df == 0 ? 0 : Math.Log(n / df) * options.WeightOf(kind == FeatureKind.Tag ? null : _corpus.EntityNames.GetValueOrDefault(id)?.Kind);
            }

            var norm = _postings.FeaturesOf.Select(f => f is null ? 0 : Math.Sqrt(f.Sum(key => weight[key] * weight[key]))).ToArray();
            var halfLife = options.HalfLifeDays > 0 ? TimeSpan.FromDays(options.HalfLifeDays) : (TimeSpan?)null;
            var window = TimeSpan.FromHours(options.NearDuplicateHours);
            return Rank(source =>
            {
                _query++;
                _touched.Clear();
                foreach (var key in _postings.FeaturesOf[source.Id]!)
                {
                    var squared = weight[key] * weight[key];
                    foreach (var id in _postings.Of(key))
                    {
                        if (id == source.Id)
                        {
                            continue;
                        }

                        if (_stamp[id] != _query)
                        {
                            (_stamp[id], _accumulated[id]) = (_query, 0);
                            _touched.Add(id);
                        }

                        _accumulated[id] += squared;
                    }
                }

                var from = source.PublishedAt!.Value;
                var scored = new List<int>();
                var score = new Dictionary<int, double>();
                foreach (var id in _touched)
                {
                    var to = _postings.Published[id]!.Value;
                    var similarity = norm[source.Id] * norm[id] == 0 ? 0 : _accumulated[id] / (norm[source.Id] * norm[id]);
                    if (similarity < options.MinSimilarity || (similarity >= options.NearDuplicateSimilarity && (to - from).Duration() <= window))
                    {
                        continue;
                    }

                    var recency = halfLife is { } h ? Math.Max(options.RecencyFloor, Math.Pow(2, -(to - from).Duration() / h)) : 1;
                    scored.Add(id);
                    score[id] = similarity * recency;
                }

                return Top(scored, id => score[id]);
            });
        }

        private HashSet<int> Relevant(ArticleFacts source) => [.. _corpus.StoriesOf[_corpus.EventOf[source.Id]].Where(id => id != source.Id)];

        /// <summary>Every other article sharing a tag or entity with the source; how many it shares in _accumulated.</summary>
        private List<int> Candidates(ArticleFacts source)
        {
            _query++;
            _touched.Clear();
            foreach (var key in _postings.FeaturesOf[source.Id]!)
            {
                foreach (var id in _postings.Of(key))
                {
                    if (id == source.Id)
                    {
                        continue;
                    }

                    if (_stamp[id] != _query)
                    {
                        (_stamp[id], _accumulated[id]) = (_query, 0);
                        _touched.Add(id);
                    }

                    _accumulated[id]++;
                }
            }

            return _touched;
        }

        /// <summary>The best K by score, ties to the newer (ids are in publication order, so the higher id).</summary>
        private static int[] Top(List<int> candidates, Func<int, double> score)
        {
            var best = new List<(double Score, int Id)>(K + 1);
            foreach (var id in candidates)
            {
                var s = score(id);
                if (best.Count == K && Compare((s, id), best[^1]) >= 0)
                {
                    continue;
                }

                var at = best.FindIndex(b => Compare((s, id), b) < 0);
                best.Insert(at < 0 ? best.Count : at, (s, id));
                if (best.Count > K)
                {
                    best.RemoveAt(K);
                }
            }

            return [.. best.Select(b => b.Id)];
        }

        /// <summary>Negative when a ranks before b.</summary>
        private static int Compare((double Score, int Id) a, (double Score, int Id) b) =>
            a.Score != b.Score ? b.Score.CompareTo(a.Score) : b.Id.CompareTo(a.Id);

        public int[][] Rank(Func<ArticleFacts, int[]> rank) => [.. _sources.Select(rank)];

        /// <summary>Mean share of the first five of one ranking that are among the first five of the other.</summary>
        public static double Overlap(int[][] a, int[][] b) =>
            a.Zip(b).Average(p => p.First.Take(5).Intersect(p.Second.Take(5)).Count() / 5.0);

        public Metrics Score(Func<ArticleFacts, int[]> rank) => Score(Rank(rank));

        public Metrics Score(int[][] rankings)
        {
            var ndcg = new double[_sources.Length];
            var precision = new double[_sources.Length];
            double recall = 0, results = 0, empty = 0;
            for (var i = 0; i < _sources.Length; i++)
            {
                var source = _sources[i];
                var relevant = Relevant(source);
                var ranked = rankings[i];
                double dcg = 0, ideal = 0;
                var found = 0;
                for (var r = 0; r < Math.Min(K, ranked.Length); r++)
                {
                    if (relevant.Contains(ranked[r]))
                    {
                        dcg += 1 / Math.Log2(r + 2);
                        found++;
                        if (r < 5)
                        {
                            precision[i] += 1.0 / 5;
                        }
                    }
                }

                for (var r = 0; r < Math.Min(K, relevant.Count); r++)
                {
                    ideal += 1 / Math.Log2(r + 2);
                }

                ndcg[i] = ideal == 0 ? 0 : dcg / ideal;
                recall += relevant.Count == 0 ? 0 : (double)found / Math.Min(K, relevant.Count);
                results += Math.Min(K, ranked.Length);
                empty += ranked.Length == 0 ? 1 : 0;
            }

            var count = _sources.Length;
            return new Metrics(ndcg.Average(), StandardError(ndcg), precision.Average(), StandardError(precision),
                recall / count, results / count, empty / count);
        }

        private static double StandardError(double[] values)
        {
            if (values.Length < 2)
            {
                return 0;
            }

            var mean = values.Average();
            return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
        }
    }
}
