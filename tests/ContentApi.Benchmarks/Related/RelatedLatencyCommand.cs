using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using ContentApi.Articles;
using ContentApi.Related;

namespace ContentApi.Benchmarks.Related;

/// <summary>
/// <c>related-latency</c>: builds a <see cref="RelatedIndex"/> over <see cref="SyntheticFacts"/> for each
/// corpus size, then times single queries with the service's defaults (one Stopwatch reading per query)
/// and prints the per-query median, p95 and p99, with build time and the index's managed memory.
/// BenchmarkDotNet's percentiles are over iterations (each the mean of many queries); these are over queries.
/// </summary>
internal static class RelatedLatencyCommand
{
    public const string Usage = """
        Usage: related-latency [--articles 10000,100000,1000000] [--queries 5000] [--warmup 2000] [--limit 5] [--seed 20240601] [--no-text]
                               [--common-share 0.02] [--common-minimum 1000]
          --articles  corpus sizes, comma-separated (k and m suffixes allowed: 10k,100k,1m)
          --queries   timed queries per size, over as many distinct source articles (seeded)
          --warmup    untimed queries first (JIT tiering, pooled arrays)
          --limit     related articles asked for, as ?limit= (service default 5)
          --seed      generator seed; the same seed gives the same corpus and sources
          --no-text   tags and entities only (no key terms)
          --common-share, --common-minimum
                      RelatedOptions.CommonFeatureShare and CommonFeatureMinimum (walk limit = max(minimum, share × N))
        """;

    public static int Run(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var sizes = new List<int> { 10_000, 100_000, 1_000_000 };
        int queries = 5_000, warmup = 2_000, limit = 5, seed = SyntheticFacts.DefaultSeed;
        var options = new RelatedOptions();
        var noText = args.Contains("--no-text");
        args = [.. args.Where(a => a != "--no-text")];
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i++])
                {
                    case "--articles":
                        sizes = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseCount)];
                        break;
                    case "--queries":
                        queries = ParseCount(value);
                        break;
                    case "--warmup":
                        warmup = value == "0" ? 0 : ParseCount(value);
                        break;
                    case "--limit":
                        limit = ParseCount(value);
                        break;
                    case "--seed":
                        seed = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "--common-share":
                        options.CommonFeatureShare = double.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "--common-minimum":
                        options.CommonFeatureMinimum = ParseCount(value);
                        break;
                    default:
                        throw new ArgumentException($"Unknown option {args[i - 1]}.");
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
#if DEBUG
        Console.WriteLine("WARNING: Debug build; run with -c Release for figures worth quoting.");
#endif
        Console.WriteLine($"related-latency {string.Join(' ', args)}");
        Console.WriteLine($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC; {queries} timed queries after {warmup} warm-up, limit {limit}, seed {seed}; " +
            $"service defaults (RelatedOptions), Accept always true; {(noText ? "no text" : $"synthetic text, {options.KeyTerms} key terms per article")}; " +
            $"walk limit max({options.CommonFeatureMinimum}, {options.CommonFeatureShare} × N); load average {LoadAverage()}.");
        Console.WriteLine();
        Console.WriteLine("| N | walk limit | generate s | build s | index MB | facts MB | median µs | p95 µs | p99 µs | max µs | mean µs | tag+entity candidates (mean / p99) | tag+entity postings walked (mean) | tags+entities skipped (mean) | results (mean) | alloc KB/query | GCs g0/g1/g2 | Apply 1 edit ms (median / p99) | Apply 1 new article ms (median / p99) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var n in sizes)
        {
            Console.WriteLine(Measure(n, queries, warmup, limit, seed, options, !noText));
        }

        Console.WriteLine();
        Console.WriteLine($"Load average after: {LoadAverage()} (other processes on the machine inflate the tail).");

        return 0;
    }

    private static int ParseCount(string text)
    {
        var multiplier = text[^1] switch { 'k' or 'K' => 1_000, 'm' or 'M' => 1_000_000, _ => 1 };
        var digits = multiplier == 1 ? text : text[..^1];
        var value = int.Parse(digits.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture) * multiplier;
        return value > 0 ? value : throw new ArgumentException($"{text}: expected a positive count.");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Measure(int n, int queries, int warmup, int limit, int seed, RelatedOptions options, bool text)
    {
        var clock = Stopwatch.StartNew();
        var beforeFacts = GC.GetTotalMemory(true);
        var corpus = SyntheticFacts.Generate(n, seed, text: text ? options : null);
        var generateSeconds = clock.Elapsed.TotalSeconds;
        var beforeIndex = GC.GetTotalMemory(true);
        var factsBytes = beforeIndex - beforeFacts;

        var index = ServiceQuery.Index(options, corpus.Entities);
        clock.Restart();
        index.Load(corpus.Articles);
        var buildSeconds = clock.Elapsed.TotalSeconds;
        var indexBytes = GC.GetTotalMemory(true) - beforeIndex;

        var query = ServiceQuery.From(options, limit);
        var sources = corpus.SampleIds(queries, seed + 1).Select(id => corpus.Articles[id - 1]).ToArray();
        for (var i = 0; i < warmup; i++)
        {
            index.Query(sources[i % sources.Length], query);
        }

        var micros = new double[queries];
        var results = 0L;
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < queries; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var hits = index.Query(sources[i % sources.Length], query);
            micros[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            results += hits.Count;
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var gcs = $"{GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}";
        GC.KeepAlive(index);

        // The work behind the times, counted outside them over the benchmark's own postings.
        var (candidates, walked, skipped) = Work(corpus, index, options, sources);

        // One article saved again unchanged (what ArticleCatalog.RefreshAsync passes after an edit): Apply rebuilds the
        // posting blocks it is in, for each of its features, common ones included. Then new articles (a copy of a source
        // under the next id), as every create is: appended to the last block of each of their features' postings.
        var applies = new double[Math.Min(201, sources.Length)];
        var creates = new double[applies.Length];
        var nextId = corpus.Articles.Count + 1;
        for (var i = 0; i < applies.Length; i++)
        {
            var article = sources[i];
            var started = Stopwatch.GetTimestamp();
            index.Apply([(article, article with { })]);
            applies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            started = Stopwatch.GetTimestamp();
            index.Apply([(null, article with { Id = nextId++ })]);
            creates[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(applies);
        Array.Sort(creates);
        Array.Sort(candidates);
        Array.Sort(micros);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {n:N0} | {options.WalkLimit(n):N0} | {generateSeconds:F1} | {buildSeconds:F2} | {indexBytes / 1048576.0:F0} | {factsBytes / 1048576.0:F0} " +
            $"| {Percentile(micros, 50):F0} | {Percentile(micros, 95):F0} | {Percentile(micros, 99):F0} | {micros[^1]:F0} | {micros.Average():F0} " +
            $"| {candidates.Average():N0} / {Percentile(candidates, 99):N0} | {walked:N0} | {skipped:F1} | {(double)results / queries:F2} " +
            $"| {allocated / 1024.0 / queries:F0} | {gcs} | {Percentile(applies, 50):F3} / {Percentile(applies, 99):F3} | {Percentile(creates, 50):F3} / {Percentile(creates, 99):F3} |");
    }

    /// <summary>Per source: distinct candidates reached through walked postings; mean postings walked and features too common to walk.</summary>
    private static (double[] Candidates, double Walked, double Skipped) Work(SyntheticFacts corpus, RelatedIndex index, RelatedOptions options, ArticleFacts[] sources)
    {
        var postings = new FeaturePostings(corpus.Articles);
        var walkLimit = options.WalkLimit(index.ArticleCount);
        var stamp = new int[postings.MaxArticleId + 1];
        var candidates = new double[sources.Length];
        long walked = 0, skipped = 0;
        for (var q = 0; q < sources.Length; q++)
        {
            var source = sources[q];
            var count = 0;
            foreach (var key in postings.FeaturesOf[source.Id]!)
            {
                // As the index: too common to walk, or on every article (IDF 0, so weight 0).
                var df = postings.Frequency(key);
                if (df > walkLimit || df >= index.ArticleCount)
                {
                    skipped++;
                    continue;
                }

                walked += df;
                foreach (var id in postings.Of(key))
                {
                    if (id != source.Id && stamp[id] != q + 1)
                    {
                        stamp[id] = q + 1;
                        count++;
                    }
                }
            }

            candidates[q] = count;
        }

        return (candidates, (double)walked / sources.Length, (double)skipped / sources.Length);
    }

    /// <summary>Nearest rank on sorted values.</summary>
    public static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
