using System.Diagnostics;
using System.Globalization;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Related;

namespace ContentApi.Benchmarks.Related;

/// <summary>
/// <c>tune-reuters</c>: the Reuters evaluation in process, for tuning: parses the import file, analyses every story as
/// the service does (<see cref="TextTerms"/>, the entity matcher and the editor's picks as <see cref="ArticleEntityLinks"/>
/// stores them), chooses key terms in import batches of 250 against the key terms chosen so far (as an import into a
/// running service does), loads a <see cref="RelatedIndex"/> and scores the 600 queries over a grid of settings. Figures
/// should match <c>evaluate-reuters</c>, which goes through HTTP with the defaults and is the one to report.
/// </summary>
internal static class ReutersTuning
{
    private const int Batch = 250;

    public static int Run(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var folder = ReutersCorpus.Find(args.SkipWhile(a => a != "--data").Skip(1).FirstOrDefault());
        var clock = Stopwatch.StartNew();
        var corpus = ReutersCorpus.Load(folder);
        var entityIds = corpus.EntityTypes.Keys.Select((slug, i) => (slug, i + 1)).ToDictionary(p => p.slug, p => p.Item2, StringComparer.Ordinal);
        var names = ReadEntityNames(folder);
        var matcher = EntityMatcher.Build(entityIds.Select(e => (e.Value, names[e.Key], (IReadOnlyList<string>)[])));
        var analysed = corpus.Stories.AsParallel().AsOrdered().Select(s =>
        {
            var text = ArticleBodyRenderer.Render(s.Body).Text;
            var terms = TextTerms.Of(s.Headline, s.Standfirst, text, "en");
            var (mentions, _) = matcher.Analyse(s.Headline, s.Standfirst, text);
            var links = new List<ArticleEntity>();
            ArticleEntityLinks.Apply(links, [.. s.Entities.Select(e => entityIds[e])], new HashSet<int>(), mentions);
            return (Terms: terms, Entities: links.OrderBy(l => l.Position).Select(l => (l.EntityId, (float)l.Salience)).ToArray());
        }).ToList();
        Console.WriteLine($"Analysed {corpus.Stories.Count} stories in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"{analysed.Average(a => a.Terms.Count):F0} distinct terms and {analysed.Average(a => a.Entities.Length):F1} entities per story.");

        var defaults = new RelatedOptions();
        double[] List(string name, double value) =>
            args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } list
                ? [.. list.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))]
                : [value];
        Console.WriteLine("| key terms | max share | list length | tags | entities | terms | half-life | floor | min sim | candidates | scored | NDCG@10 | P@5 | NDCG@10 − first row (paired) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double[]? first = null;
        var indexes =
            from keyTerms in List("--key-terms", defaults.KeyTerms)
            from share in List("--max-share", defaults.MaxTermShare)
            from listLength in List("--list-length", defaults.TermListLength)
            select new RelatedOptions { KeyTerms = (int)keyTerms, MaxTermShare = share, TermListLength = (int)listLength };
        foreach (var built in indexes)
        {
            var (index, facts) = Build(corpus, analysed, built, entityIds);
            var queries =
                from entities in List("--entity", defaults.EntityEvidence)
                from minSimilarity in List("--min-similarity", defaults.MinSimilarity)
                from halfLife in List("--half-life", defaults.HalfLifeDays).Prepend(0).Distinct()
                from floor in List("--floor", defaults.RecencyFloor)
                from candidates in List("--candidates", defaults.MaxCandidates)
                from scored in List("--scored", defaults.MaxScored)
                select new RelatedOptions
                {
                    KeyTerms = built.KeyTerms, MaxTermShare = built.MaxTermShare, TermListLength = built.TermListLength, EntityEvidence = entities,
                    HalfLifeDays = halfLife, RecencyFloor = floor, MinSimilarity = minSimilarity, MaxCandidates = (int)candidates, MaxScored = (int)scored,
                };
            foreach (var tuned in queries)
            {
                var rankings = Rank(corpus, index, facts, tuned);
                var (ndcg, ndcgError, precision, precisionError) = corpus.Score(rankings);
                var perQuery = corpus.PerQuery(rankings).Ndcg;
                var (change, changeError) = ReutersCorpus.Paired(perQuery, first ??= perQuery);
                Console.WriteLine($"| {tuned.KeyTerms} | {tuned.MaxTermShare} | {tuned.TermListLength} | {tuned.TagEvidence} | {tuned.EntityEvidence} | {tuned.TermEvidence} " +
                    $"| {(tuned.HalfLifeDays == 0 ? "off" : tuned.HalfLifeDays)} | {tuned.RecencyFloor} | {tuned.MinSimilarity} | {tuned.MaxCandidates} | {tuned.MaxScored} " +
                    $"| {ndcg:F4} ± {ndcgError:F4} | {precision:F4} ± {precisionError:F4} | {change:+0.0000;-0.0000;0.0000} ± {changeError:F4} |");
            }
        }

        Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F0} s.");
        return 0;
    }

    private static Dictionary<string, string> ReadEntityNames(string folder) =>
        File.ReadLines(Path.Combine(folder, "articles.ndjson"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("record").GetString() == "entity")
            .ToDictionary(r => r.GetProperty("slug").GetString()!, r => r.GetProperty("name").GetString()!, StringComparer.Ordinal);

    /// <summary>Key terms chosen batch by batch against the key terms so far, then one index over all the stories (as after a restart).</summary>
    private static (RelatedIndex Index, ArticleFacts[] Facts) Build(
        ReutersCorpus corpus, List<(List<KeyTerm> Terms, (int EntityId, float Salience)[] Entities)> analysed, RelatedOptions options,
        Dictionary<string, int> entityIds)
    {
        var types = entityIds.ToDictionary(e => e.Value, e => new ReferenceName(e.Key, e.Key, Enum.Parse<EntityType>(corpus.EntityTypes[e.Key], ignoreCase: true)));
        var index = ServiceQuery.Index(options, types);
        var policy = options.KeyTermPolicy;
        var facts = new ArticleFacts[corpus.Stories.Count];
        for (var start = 0; start < facts.Length; start += Batch)
        {
            var end = Math.Min(facts.Length, start + Batch);
            var batch = new List<(ArticleFacts?, ArticleFacts?)>();
            for (var i = start; i < end; i++)
            {
                var chosen = policy.Select(analysed[i].Terms, index);
                var story = corpus.Stories[i];
                facts[i] = new ArticleFacts(
                    i + 1, ArticleStatus.Published, story.PublishedAt, "Wire", "en", false, null, [], [1],
                    [.. analysed[i].Entities.Select(e => e.EntityId)], [.. analysed[i].Entities.Select(e => e.Salience)], null, [.. chosen]);
                batch.Add((null, facts[i]));
            }

            index.Apply(batch);
        }

        index.Load(facts);
        return (index, facts);
    }

    private static List<IReadOnlyList<string>> Rank(ReutersCorpus corpus, RelatedIndex index, ArticleFacts[] facts, RelatedOptions options)
    {
        var bySlug = corpus.Stories.Select((s, i) => (s.Slug, i)).ToDictionary(p => p.Slug, p => p.i, StringComparer.Ordinal);
        var query = ServiceQuery.From(options, 10);
        return [.. corpus.Queries.Select(q => (IReadOnlyList<string>)[.. index.Query(facts[bySlug[q]], query).Select(h => corpus.Stories[h.ArticleId - 1].Slug)])];
    }
}
