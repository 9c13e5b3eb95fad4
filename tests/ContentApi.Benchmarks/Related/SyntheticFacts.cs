using ContentApi.Articles;
using ContentApi.Benchmarks.Corpus;
using ContentApi.Persistence;
using ContentApi.Related;

namespace ContentApi.Benchmarks.Related;

/// <summary>
/// A deterministic synthetic catalog for the related-articles index, without a database: N published
/// articles (ids 1..N, in publication order over five years), each with 3-8 tags out of ~2,000 and 2-15
/// entities out of ~20,000, both drawn with Zipf popularity (s = 1) by <see cref="ZipfPicker"/>, so a few
/// tags and entities are on a large share of the corpus and most are rare. Entities get a type
/// (person, organisation, place, event, other) so kind weights apply as in the service.
/// <para>
/// Text: each article is <see cref="Tokens"/> content words (stop words already gone) drawn from a Zipf vocabulary of
/// <see cref="Vocabulary"/> words (s = 1: a few thousand common words carry most tokens, a long tail of rare ones), plus
/// words of its story: the corpus has one story per 20 articles, each with 8 topic words from the rarer part of the
/// vocabulary, and an article repeats 3-6 of its story's words a few times. The first 10 tokens are its headline. Its key
/// terms are chosen as the service chooses them (<see cref="KeyTermPolicy"/>'s rule: weight 1 + ln(headline 2 + body 1
/// counts) × (ln((1 + N) / (1 + df)) + 1), df over the key terms chosen so far, none on more than MaxTermShare of the
/// articles, the top KeyTerms), written here over word ids rather than strings so a million articles take seconds.
/// </para>
/// </summary>
internal sealed class SyntheticFacts
{
    public const int DefaultSeed = 20_240_601;
    public const int DefaultTags = 2_000;
    public const int DefaultEntities = 20_000;

    public static readonly DateTime Start = new(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly TimeSpan Span = TimeSpan.FromDays(5 * 365);

    private static readonly string[] Sections = ["news", "politics", "business", "sport", "culture", "science", "opinion"];

    private SyntheticFacts(ArticleFacts[] articles, Dictionary<int, ReferenceName> entities)
    {
        Articles = articles;
        Entities = entities;
    }

    /// <summary>Index i holds the article with id i + 1.</summary>
    public IReadOnlyList<ArticleFacts> Articles { get; }

    /// <summary>Entities by id with their type, as the read model's entity fragments have them (the service's kind weights read it).</summary>
    public IReadOnlyDictionary<int, ReferenceName> Entities { get; }

    public const int Vocabulary = 200_000, Tokens = 220, StoryWords = 8, ArticlesPerStory = 20, HeadlineTokens = 10;

    public static SyntheticFacts Generate(int articles, int seed = DefaultSeed, int tags = DefaultTags, int entities = DefaultEntities, RelatedOptions? text = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(articles, 1);
        var random = new Random(seed);
        var tagPicker = new ZipfPicker(tags, 1.0, random);
        var entityPicker = new ZipfPicker(entities, 1.0, random);
        var names = new Dictionary<int, ReferenceName>(entities);
        for (var id = 1; id <= entities; id++)
        {
            names[id] = new ReferenceName($"e-{id}", $"Entity {id}", RandomEntityType(random));
        }

        var facts = new ArticleFacts[articles];
        List<int> tagList = [], entityList = [];
        var words = text is null ? null : new TextDrafts(articles, random, text);
        var spanTicks = Span.Ticks;
        for (var i = 0; i < articles; i++)
        {
            tagPicker.PickDistinct(random, random.Next(3, 9), tagList);
            entityPicker.PickDistinct(random, random.Next(2, 16), entityList);
            var published = Start.AddTicks((long)((i + random.NextDouble()) / articles * spanTicks));
            facts[i] = new ArticleFacts(
                Id: i + 1,
                Status: ArticleStatus.Published,
                PublishedAt: published,
                Section: Sections[random.Next(Sections.Length)],
                Language: "en",
                SyndicationAllowed: false,
                SyndicationExpiresAt: null,
                TagIds: [.. tagList.Select(t => t + 1)],
                BylineIds: [random.Next(1, 501)],
                EntityIds: [.. entityList.Select(e => e + 1)]);
            if (words is not null)
            {
                facts[i] = facts[i] with { Terms = words.Next(random) };
            }
        }

        return new SyntheticFacts(facts, names);
    }

    /// <summary>Distinct article ids picked by a seeded shuffle: the same sources for the same seed.</summary>
    public int[] SampleIds(int count, int seed)
    {
        var ids = Enumerable.Range(1, Articles.Count).ToArray();
        new Random(seed).Shuffle(ids);
        return ids[..Math.Min(count, ids.Length)];
    }

    /// <summary>People 40%, organisations 25%, places 20%, events 5%, other 10%.</summary>
    public static EntityType RandomEntityType(Random random) => random.NextDouble() switch
    {
        < 0.40 => EntityType.Person,
        < 0.65 => EntityType.Organisation,
        < 0.85 => EntityType.Place,
        < 0.90 => EntityType.Event,
        _ => EntityType.Other,
    };
}

/// <summary>Synthetic article text, word by word, and its key terms (see <see cref="SyntheticFacts"/>).</summary>
internal sealed class TextDrafts(int articles, Random random, RelatedOptions options)
{
    private readonly ZipfPicker _words = new(SyntheticFacts.Vocabulary, 1.0, random);
    private readonly int[][] _stories = [.. Enumerable.Range(0, articles / SyntheticFacts.ArticlesPerStory + 1)
        .Select(_ => Enumerable.Range(0, SyntheticFacts.StoryWords).Select(_ => 2_000 + random.Next(SyntheticFacts.Vocabulary - 2_000)).ToArray())];

    private readonly int[] _keyTermCount = new int[SyntheticFacts.Vocabulary];
    private readonly Dictionary<int, float> _counts = [];
    private int _chosen;

    /// <summary>One string per word of the vocabulary, made when first used: articles share them, as the read model's facts do.</summary>
    private readonly string[] _names = new string[SyntheticFacts.Vocabulary];

    /// <summary>The next article's key terms: words as "w" and their rank, which are their keys and display forms alike.</summary>
    public KeyTermList Next(Random random)
    {
        _counts.Clear();
        var story = _stories[random.Next(_stories.Length)];
        for (var t = 0; t < SyntheticFacts.Tokens; t++)
        {
            var word = _words.ItemOfRank(_words.Next(random));
            _counts[word] = _counts.GetValueOrDefault(word) + (t < SyntheticFacts.HeadlineTokens ? TextTerms.HeadlineWeight : TextTerms.BodyWeight);
        }

        foreach (var word in story.Take(random.Next(3, 7)))
        {
            _counts[word] = _counts.GetValueOrDefault(word) + random.Next(1, 4) + (random.Next(3) == 0 ? TextTerms.HeadlineWeight : 0);
        }

        var cap = _chosen >= options.MinArticlesForTermShare ? options.MaxTermShare * _chosen : double.PositiveInfinity;
        var chosen = _counts
            .Where(c => _keyTermCount[c.Key] <= cap)
            .Select(c => (Word: c.Key, Weight: 1 + MathF.Log(c.Value), Df: _keyTermCount[c.Key]))
            .OrderByDescending(c => c.Weight * (Math.Log((1.0 + _chosen) / (1.0 + c.Df)) + 1)).ThenBy(c => c.Word)
            .Take(options.KeyTerms)
            .OrderBy(c => c.Word)
            .ToArray();
        foreach (var (word, _, _) in chosen)
        {
            _keyTermCount[word]++;
        }

        _chosen++;
        return [.. chosen.Select(c => new KeyTerm(_names[c.Word] ??= $"w{c.Word}", _names[c.Word], c.Weight))];
    }
}

/// <summary>The index and RelatedQuery the service builds (ContentReadModel, RelatedEndpoints.Write) from RelatedOptions, minus pins and filters.</summary>
internal static class ServiceQuery
{
    /// <summary>An empty index weighing kinds as the service does: tags, and entities by their type.</summary>
    public static RelatedIndex Index(RelatedOptions options, IReadOnlyDictionary<int, ReferenceName> entities) =>
        new((kind, featureId) => options.WeightOf(kind == FeatureKind.Tag ? null : entities.GetValueOrDefault(featureId)?.Kind), options.TermListLength);

    /// <param name="accept">Which candidates may come back; every one when null (no filters, all published).</param>
    public static RelatedQuery From(RelatedOptions options, int limit, Func<int, bool>? accept = null) => new(
        Limit: limit,
        Accept: accept ?? (static _ => true),
        HalfLife: options.HalfLifeDays > 0 ? TimeSpan.FromDays(options.HalfLifeDays) : null,
        RecencyFloor: options.RecencyFloor,
        MinSimilarity: options.MinSimilarity,
        NearDuplicate: options.NearDuplicateSimilarity,
        NearDuplicateWindow: TimeSpan.FromHours(options.NearDuplicateHours),
        WalkLimit: options.WalkLimit,
        Evidence: options.Evidence,
        MaxCandidates: options.CapsFor(limit).Candidates,
        MaxScored: options.CapsFor(limit).Scored);
}
