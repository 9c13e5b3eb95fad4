using System.Globalization;

namespace ContentApi.Benchmarks.Corpus;

/// <summary>
/// What to generate. Reference counts not given on the command line keep the default newsroom's
/// proportions (one byline per 500 articles, one tag per 50, one entity per 5), clamped to the
/// defaults above and to floors that still let an article draw 3 distinct bylines, 8 tags and 15 entities.
/// </summary>
internal sealed record CorpusOptions(int Articles, int Seed, string Out, int Bylines, int Tags, int Entities)
{
    public const int DefaultArticles = 100_000;
    public const int DefaultSeed = 42;
    public const string DefaultOut = "corpus.ndjson";

    public const string Usage = """
        Usage: corpus [--articles N] [--seed N] [--out PATH] [--bylines N] [--tags N] [--entities N]

          --articles N   articles to write (default 100000)
          --seed N       random seed; the same seed and counts give byte-identical output (default 42)
          --out PATH     NDJSON file to (over)write (default corpus.ndjson)
          --bylines N    default: articles/500 clamped to 5..200
          --tags N       default: articles/50 clamped to 20..2000
          --entities N   default: articles/5 clamped to 30..20000
        """;

    public static int ScaledBylines(int articles) => Math.Clamp(articles / 500, 5, 200);

    public static int ScaledTags(int articles) => Math.Clamp(articles / 50, 20, 2_000);

    public static int ScaledEntities(int articles) => Math.Clamp(articles / 5, 30, 20_000);

    /// <summary>Parses "--name value" pairs; returns null and an error message on anything it does not understand.</summary>
    public static CorpusOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        int? articles = null, seed = null, bylines = null, tags = null, entities = null;
        string? output = null;
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value.";
                return null;
            }

            var value = args[i + 1];
            switch (name)
            {
                case "--out":
                    output = value;
                    continue;
                case "--seed":
                    seed = ParseInt(name, value, int.MinValue, ref error);
                    break;
                case "--articles":
                    articles = ParseInt(name, value, 0, ref error);
                    break;
                case "--bylines":
                    bylines = ParseInt(name, value, 1, ref error);
                    break;
                case "--tags":
                    tags = ParseInt(name, value, 1, ref error);
                    break;
                case "--entities":
                    entities = ParseInt(name, value, 1, ref error);
                    break;
                default:
                    error = $"Unknown option '{name}'.";
                    return null;
            }

            if (error is not null)
            {
                return null;
            }
        }

        var count = articles ?? DefaultArticles;
        return new CorpusOptions(
            count,
            seed ?? DefaultSeed,
            output ?? DefaultOut,
            bylines ?? ScaledBylines(count),
            tags ?? ScaledTags(count),
            entities ?? ScaledEntities(count));
    }

    private static int? ParseInt(string name, string value, int minimum, ref string? error)
    {
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= minimum)
        {
            return number;
        }

        error = $"{name} must be a whole number of at least {minimum.ToString(CultureInfo.InvariantCulture)}, not '{value}'.";
        return null;
    }
}
