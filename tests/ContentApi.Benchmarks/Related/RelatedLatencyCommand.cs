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
                               [--common-share 0.02] [--common-minimum 1000] [--key-terms 80] [--list-length 256] [--candidates 2000] [--scored 200] [--exact 0]
          --articles  corpus sizes, comma-separated (k and m suffixes allowed: 10k,100k,1m)
          --queries   timed queries per size, over as many distinct source articles (seeded)
          --warmup    untimed queries first (JIT tiering, pooled arrays)
          --limit     related articles asked for, as ?limit= (service default 5)
          --seed      generator seed; the same seed gives the same corpus and sources
          --no-text   tags and entities only (no key terms)
          --common-share, --common-minimum
                      RelatedOptions.CommonFeatureShare and CommonFeatureMinimum (walk limit = max(minimum, share × N))
          --key-terms, --list-length
                      RelatedOptions.KeyTerms and TermListLength
          --candidates, --scored
                      RelatedOptions.MaxCandidates and MaxScored, comma-separated ("all": no cap): one row each, same index
          --exact     for this many of the sources, also query an index keeping every article per term, without caps,
                      and report the share of its results each row also returns
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
        int[]? candidateCaps = null, scoredCaps = null;
        var exact = 0;
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
                        sizes = [.. Counts(value)];
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
                    case "--key-terms":
                        options.KeyTerms = ParseCount(value);
                        break;
                    case "--list-length":
                        options.TermListLength = ParseCount(value);
                        break;
                    case "--candidates":
                        candidateCaps = Counts(value);
                        break;
                    case "--scored":
                        scoredCaps = Counts(value);
                        break;
                    case "--exact":
                        exact = value == "0" ? 0 : ParseCount(value);
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
            $"term lists of {options.TermListLength}; " +
            $"walk limit max({options.CommonFeatureMinimum}, {options.CommonFeatureShare} × N); load average {LoadAverage()}.");
        Console.WriteLine();
        Console.WriteLine("| N | candidates | scored | median µs | p95 µs | p99 µs | max µs | mean µs | thread CPU µs (median / p99) | postings walked, tags+entities / terms (mean) | results (mean) | top results as without caps: same articles / score sum (queries) | alloc KB/query | GCs g0/g1/g2 |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var n in sizes)
        {
            Measure(n, queries, warmup, limit, seed, options, !noText, candidateCaps ?? [options.MaxCandidates], scoredCaps ?? [options.MaxScored], exact);
        }

        Console.WriteLine();
        Console.WriteLine("| N | walk limit | generate s | build s | build CPU s (all threads) | index MB | facts MB | Apply 1 edit ms (median / p99) | Apply 1 new article ms (median / p99) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Builds.ForEach(Console.WriteLine);

        Console.WriteLine();
        Console.WriteLine($"Load average after: {LoadAverage()} (other processes on the machine inflate the tail).");

        return 0;
    }

    private static int[] Counts(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v == "all" ? int.MaxValue : ParseCount(v))];

    private static int ParseCount(string text)
    {
        var multiplier = text[^1] switch { 'k' or 'K' => 1_000, 'm' or 'M' => 1_000_000, _ => 1 };
        var digits = multiplier == 1 ? text : text[..^1];
        var value = int.Parse(digits.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture) * multiplier;
        return value > 0 ? value : throw new ArgumentException($"{text}: expected a positive count.");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static void Measure(int n, int queries, int warmup, int limit, int seed, RelatedOptions options, bool text, int[] candidateCaps, int[] scoredCaps, int exact)
    {
        var clock = Stopwatch.StartNew();
        var beforeFacts = GC.GetTotalMemory(true);
        var corpus = SyntheticFacts.Generate(n, seed, text: text ? options : null);
        var generateSeconds = clock.Elapsed.TotalSeconds;
        var beforeIndex = GC.GetTotalMemory(true);
        var factsBytes = beforeIndex - beforeFacts;

        var index = ServiceQuery.Index(options, corpus.Entities);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        index.Load(corpus.Articles);
        var buildSeconds = clock.Elapsed.TotalSeconds;
        var buildCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var indexBytes = GC.GetTotalMemory(true) - beforeIndex;
        var sources = corpus.SampleIds(queries, seed + 1).Select(id => corpus.Articles[id - 1]).ToArray();
        var (tagsAndEntities, terms) = Postings(corpus, index, options, sources);

        // The same queries without the caps, over an index that keeps every article of every term: what the caps and the
        // term lists' length miss, as the share of its top results each setting also returns.
        List<(int[] Ids, double Score)>? expected = null;
        if (exact > 0)
        {
            var full = ServiceQuery.Index(new RelatedOptions { TermListLength = int.MaxValue }, corpus.Entities);
            full.Load(corpus.Articles);
            var uncapped = ServiceQuery.From(options, limit) with { MaxCandidates = int.MaxValue, MaxScored = int.MaxValue };
            expected = [.. sources.Take(exact).Select(s => full.Query(s, uncapped)).Select(hits => (hits.Select(h => h.ArticleId).ToArray(), hits.Sum(h => h.Score)))];
        }

        foreach (var candidateCap in candidateCaps)
        {
            foreach (var scoredCap in scoredCaps)
            {
                (options.MaxCandidates, options.MaxScored) = (candidateCap, scoredCap);
                var query = ServiceQuery.From(options, limit);
                for (var i = 0; i < warmup; i++)
                {
                    index.Query(sources[i % sources.Length], query);
                }

                var micros = new double[queries];
                var cpuMicros = new double[queries];
                var results = 0L;
                var gcs = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var (agreement, scoreShare) = (new List<double>(), new List<double>());
                for (var i = 0; i < queries; i++)
                {
                    var cpu = ThreadCpuTime.Now();
                    var started = Stopwatch.GetTimestamp();
                    var hits = index.Query(sources[i % sources.Length], query);
                    micros[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                    cpuMicros[i] = (ThreadCpuTime.Now() - cpu) / 1000.0;
                    results += hits.Count;
                    if (expected is not null && i < expected.Count && expected[i].Ids.Length > 0)
                    {
                        agreement.Add((double)hits.Count(h => expected[i].Ids.Contains(h.ArticleId)) / expected[i].Ids.Length);
                        scoreShare.Add(hits.Sum(h => h.Score) / expected[i].Score);
                    }
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                var collections = $"{GC.CollectionCount(0) - gcs[0]}/{GC.CollectionCount(1) - gcs[1]}/{GC.CollectionCount(2) - gcs[2]}";
                Array.Sort(micros);
                Array.Sort(cpuMicros);
                var cpuColumn = ThreadCpuTime.Available ? $"{Percentile(cpuMicros, 50):F0} / {Percentile(cpuMicros, 99):F0}" : "n/a";
                var agreementColumn = agreement.Count == 0 ? "-" : $"{agreement.Average():P1} / {scoreShare.Average():P1} ({agreement.Count})";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {n:N0} | {Cap(candidateCap)} | {Cap(scoredCap)} | {Percentile(micros, 50):F0} | {Percentile(micros, 95):F0} | {Percentile(micros, 99):F0} " +
                    $"| {micros[^1]:F0} | {micros.Average():F0} | {cpuColumn} | {tagsAndEntities:N0} / {terms:N0} | {(double)results / queries:F2} " +
                    $"| {agreementColumn} | {allocated / 1024.0 / queries:F0} | {collections} |"));
            }
        }

        // One article saved again unchanged (what ContentReadModel.Apply passes after an edit): Apply rebuilds the
        // posting blocks it is in for its tags and entities, and takes it out of and back into its terms' lists. Then new
        // articles (a copy of a source under the next id), as every create is.
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
        Builds.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {n:N0} | {options.WalkLimit(n):N0} | {generateSeconds:F1} | {buildSeconds:F2} | {buildCpuSeconds:F2} | {indexBytes / 1048576.0:F0} | {factsBytes / 1048576.0:F0} " +
            $"| {Percentile(applies, 50):F3} / {Percentile(applies, 99):F3} | {Percentile(creates, 50):F3} / {Percentile(creates, 99):F3} |"));
        GC.KeepAlive(index);
    }

    private static readonly List<string> Builds = [];

    private static string Cap(int cap) => cap == int.MaxValue ? "all" : cap.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Mean postings a query walks: of tags and entities on no more than the walk limit, and of its terms' lists.</summary>
    private static (double TagsAndEntities, double Terms) Postings(SyntheticFacts corpus, RelatedIndex index, RelatedOptions options, ArticleFacts[] sources)
    {
        var postings = new FeaturePostings(corpus.Articles);
        var walkLimit = options.WalkLimit(index.ArticleCount);
        var frequencies = (IDocumentFrequencies)index;
        long walked = 0, terms = 0;
        foreach (var source in sources)
        {
            foreach (var key in postings.FeaturesOf[source.Id]!)
            {
                // As the index: too common to walk, or on every article (IDF 0, so weight 0).
                var df = postings.Frequency(key);
                walked += df > walkLimit || df >= index.ArticleCount ? 0 : df;
            }

            foreach (var term in source.Terms ?? [])
            {
                terms += Math.Min(frequencies.Frequency(term.Key), options.TermListLength);
            }
        }

        return ((double)walked / sources.Length, (double)terms / sources.Length);
    }

    /// <summary>Nearest rank on sorted values.</summary>
    public static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
