using System.Globalization;
using System.Text.Json;

namespace ContentApi.Benchmarks.Related;

/// <summary>
/// The shared Reuters-21578 training split (../shared/data/reuters-train, see its README): the stories as the import
/// file has them, their TOPICS labels (the ground truth, never loaded into the service) and the 600 queries, with the
/// README's metric: gain = Jaccard of the topic sets, NDCG@10 against the ten best gains in the whole collection, P@5 =
/// share of the first five sharing a topic; an empty list scores 0.
/// </summary>
internal sealed class ReutersCorpus
{
    public const string DefaultFolder = "../shared/data/reuters-train";
    private const int K = 10;

    private ReutersCorpus(List<Story> stories, Dictionary<string, string[]> topics, List<string> queries, Dictionary<string, string> entityTypes)
    {
        Stories = stories;
        Topics = topics;
        Queries = queries;
        EntityTypes = entityTypes;
        var bySlug = stories.Select((s, i) => (s.Slug, i)).ToDictionary(p => p.Slug, p => p.i);
        _ideal = [.. queries.Select(q => IdealDcg(q, bySlug))];
    }

    public sealed record Story(string Slug, string Headline, string? Standfirst, string Body, DateTime PublishedAt, string[] Entities);

    private readonly double[] _ideal;

    public List<Story> Stories { get; }

    public Dictionary<string, string[]> Topics { get; }

    public List<string> Queries { get; }

    /// <summary>Entity slug to its type (place, person, organisation).</summary>
    public Dictionary<string, string> EntityTypes { get; }

    /// <summary>The folder given, or the shared one found from the current folder or its parents.</summary>
    public static string Find(string? folder)
    {
        if (folder is not null)
        {
            return folder;
        }

        for (var at = new DirectoryInfo(Directory.GetCurrentDirectory()); at is not null; at = at.Parent)
        {
            var candidate = Path.Combine(at.FullName, "shared", "data", "reuters-train");
            if (File.Exists(Path.Combine(candidate, "articles.ndjson")))
            {
                return candidate;
            }
        }

        return DefaultFolder;
    }

    public static ReutersCorpus Load(string folder)
    {
        var stories = new List<Story>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(folder, "articles.ndjson")))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            switch (root.GetProperty("record").GetString())
            {
                case "entity":
                    types[root.GetProperty("slug").GetString()!] = root.GetProperty("type").GetString()!;
                    break;
                case "article":
                    stories.Add(new Story(
                        root.GetProperty("slug").GetString()!,
                        root.GetProperty("headline").GetString()!,
                        root.TryGetProperty("standfirst", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null,
                        root.GetProperty("body").GetString()!,
                        DateTime.Parse(root.GetProperty("publishAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                        root.TryGetProperty("entities", out var e) && e.ValueKind == JsonValueKind.Array ? [.. e.EnumerateArray().Select(x => x.GetString()!)] : []));
                    break;
            }
        }

        var topics = File.ReadLines(Path.Combine(folder, "topics.tsv")).Skip(1).Select(l => l.Split('\t'))
            .ToDictionary(p => p[0], p => p[1].Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        var queries = File.ReadLines(Path.Combine(folder, "queries.txt")).Where(l => l.Length > 0).ToList();
        return new ReutersCorpus(stories, topics, queries, types);
    }

    public double Gain(string query, string candidate)
    {
        if (!Topics.TryGetValue(query, out var a) || !Topics.TryGetValue(candidate, out var b))
        {
            return 0;
        }

        var shared = a.Intersect(b).Count();
        return shared == 0 ? 0 : (double)shared / (a.Length + b.Length - shared);
    }

    /// <summary>Mean NDCG@10 and P@5 of the rankings (related slugs per query, in the queries' order), with standard errors.</summary>
    public (double Ndcg, double NdcgError, double Precision, double PrecisionError) Score(IReadOnlyList<IReadOnlyList<string>> rankings)
    {
        var (ndcg, precision) = PerQuery(rankings);
        return (ndcg.Average(), StandardError(ndcg), precision.Average(), StandardError(precision));
    }

    /// <summary>The mean of the per-query differences (a - b) and its standard error: what a change of settings does, the queries held fixed.</summary>
    public static (double Mean, double Error) Paired(double[] a, double[] b)
    {
        var differences = a.Zip(b, (x, y) => x - y).ToArray();
        return (differences.Average(), StandardError(differences));
    }

    /// <summary>NDCG@10 and P@5 of each query.</summary>
    public (double[] Ndcg, double[] Precision) PerQuery(IReadOnlyList<IReadOnlyList<string>> rankings)
    {
        var ndcg = new double[Queries.Count];
        var precision = new double[Queries.Count];
        for (var q = 0; q < Queries.Count; q++)
        {
            var query = Queries[q];
            var ranked = rankings[q].Where(s => s != query).Take(K).ToList();
            var dcg = ranked.Select((s, r) => Gain(query, s) / Math.Log2(r + 2)).Sum();
            ndcg[q] = _ideal[q] == 0 ? 0 : dcg / _ideal[q];
            precision[q] = ranked.Take(5).Count(s => Gain(query, s) > 0) / 5.0;
        }

        return (ndcg, precision);
    }

    private double IdealDcg(string query, Dictionary<string, int> bySlug) =>
        Stories.Where(s => s.Slug != query).Select(s => Gain(query, s.Slug)).OrderDescending().Take(K).Select((g, r) => g / Math.Log2(r + 2)).Sum();

    private static double StandardError(double[] values)
    {
        var mean = values.Average();
        return values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
    }
}
