using System.Buffers;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.ReadModel;
using Microsoft.Extensions.Options;

namespace ContentApi.Related;

public static class RelatedEndpoints
{
    public static RouteGroupBuilder MapRelated(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/articles").WithTags("Related");
        group.MapGet("/{idOrSlug}/related", GetRelated).WithName("GetRelatedArticles")
            .WithSummary("Related articles: the editor's pins, then others ranked by shared tags, entities and key terms, each with why")
            .WithDescription("Rare shared tags, entities and words count more than common ones (IDF), scores are cosine similarities scaled by "
                + "recency, and each result lists the shared tags, entities and key terms (as the article writes them) whose weights add up "
                + "to its score; explain=false leaves the reasons out. Returns fewer than limit rather than weakly related articles. "
                + "A former slug answers 308 with the current address.")
            .Produces(StatusCodes.Status308PermanentRedirect).ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        routes.MapGet("/entities/{idOrSlug:entity}/related-entities", GetRelatedEntities).WithTags("Related").WithName("GetRelatedEntities")
            .WithSummary("The entities most often mentioned with this one, for \"also in this story\" panels")
            .WithDescription($"Scored by cosine similarity of the entities' article sets, over the newest {MaxArticlesPerEntity} articles "
                + "with this entity that the caller may see.")
            .ProducesProblem(StatusCodes.Status404NotFound).ForReaders();
        return group;
    }

    /// <summary>How many of an entity's articles related-entities reads (the newest): a bound on its cost.</summary>
    private const int MaxArticlesPerEntity = 5_000;

    private static Results<JsonAnswer<RelatedEntityList>, ProblemHttpResult> GetRelatedEntities(
        string idOrSlug, [AsParameters] RelatedEntitiesQuery query, ArticleVisibility visibility, HttpContext http, ContentReadModel model, ArticleJson json)
    {
        var visible = visibility.ForFacts();
        var sources = http.AnswerSources();
        var bytes = model.Read(view =>
        {
            if (view.Entities.Find(idOrSlug) is not { } entity)
            {
                return (PooledBuffer?)null;
            }

            sources.ValidUntil = view.NextReachChange;
            sources.Keys.Add(SurrogateKeys.Of(FeatureKind.Entity, entity.Id));
            sources.Keys.Add(SurrogateKeys.ArticlesWith(FeatureKind.Entity, entity.Id));
            var related = view.Related.RelatedEntities(entity.Id, articleId => view.Find(articleId) is { } facts && visible(facts), query.Limit, MaxArticlesPerEntity);
            var output = new PooledBuffer(4096);
            using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = json.Options.Encoder, SkipValidation = true });
            writer.WriteStartObject();
            writer.WriteStartArray(Names.Items);
            foreach (var (entityId, together, score) in related)
            {
                if (view.Entities.Find(entityId) is not { } other)
                {
                    continue;
                }

                sources.Keys.Add(SurrogateKeys.Of(FeatureKind.Entity, entityId));
                sources.Keys.Add(SurrogateKeys.ArticlesWith(FeatureKind.Entity, entityId));
                writer.WriteStartObject();
                writer.WritePropertyName(Names.Entity);
                writer.WriteRawValue(other.Json, skipInputValidation: true);
                writer.WriteNumber(Names.Articles, together);
                WriteSixDecimals(writer, Names.Score, score);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            return output;
        });
        return bytes is null ? Problems.NotFound("Entity", idOrSlug) : new JsonAnswer<RelatedEntityList>(bytes);
    }

    private static Results<JsonAnswer<RelatedList>, RedirectHttpResult, ProblemHttpResult> GetRelated(
        string idOrSlug, [AsParameters] RelatedQueryParameters query, ArticleVisibility visibility, HttpContext http, ContentReadModel model, ArticleJson json,
        IOptions<RelatedOptions> options, TimeProvider clock)
    {
        var visible = visibility.ForFacts();
        var sources = http.AnswerSources();
        var (bytes, moved) = model.Read(view =>
        {
            if (view.Resolve(idOrSlug) is not ({ } source, var wasMoved) || !visible(source))
            {
                return (null, null);
            }

            if (wasMoved)
            {
                return ((PooledBuffer?)null, source.Slug);
            }

            sources.ValidUntil = view.NextReachChange;
            var output = new PooledBuffer(32 * 1024); // five results with reasons are 14-17 KB: room for them without regrowing
            var written = Write(output, source, query, visibility, view, json, options.Value, sources.Keys);
            sources.Check = CheckOf(source, written, query, visibility.Reach, model, options.Value, clock);
            return (output, (string?)null);
        });
        return moved is not null ? TypedResults.Redirect($"/v1/articles/{moved}/related{http.Request.QueryString}", permanent: true, preserveMethod: true)
            : bytes is null ? Problems.NotFound(ArticleChanges.Kind, idOrSlug)
            : new JsonAnswer<RelatedList>(bytes);
    }

    /// <summary>
    /// How a kept related list (or an article page with its box) tells whether it still holds after a write to an
    /// article with one of the source's tags, entities or key terms: ranked again (cheap while the related index's kept
    /// winners hold), it is the same list, to the six decimals written. Most such writes change nothing: an edit of one
    /// article's words named some 870 of a thousand kept lists at 100,000 articles, while the written article rarely
    /// beats any list's last result.
    /// </summary>
    public static AnswerCheck CheckOf(
        ArticleFacts source, (RelatedRanking Ranking, IReadOnlySet<string> FoundThrough) written, RelatedQueryParameters query, ArticleReach reach,
        ContentReadModel model, RelatedOptions options, TimeProvider clock)
    {
        var ranking = written.Ranking;
        return new AnswerCheck(
            written.FoundThrough,
            () => model.Read(view => ReferenceEquals(view.Find(source.Id), source)
                && Rank(source, query, ArticleVisibility.For(reach, clock.UtcNow()), view, options).WritesAs(ranking, query.Explain)),
            ranking.Size);
    }

    /// <summary>The keys of the sets of articles a related list is found in: those with one of the source's tags, entities or key terms.</summary>
    private static HashSet<string> FoundThrough(ArticleFacts source)
    {
        var keys = new HashSet<string>(source.TagIds.Length + source.EntityIds.Length + (source.Terms?.Count ?? 0), StringComparer.Ordinal);
        foreach (var tag in source.TagIds)
        {
            keys.Add(SurrogateKeys.ArticlesWith(FeatureKind.Tag, tag));
        }

        foreach (var entity in source.EntityIds)
        {
            keys.Add(SurrogateKeys.ArticlesWith(FeatureKind.Entity, entity));
        }

        SurrogateKeys.AddTerms(keys, source.Terms);
        return keys;
    }

    /// <summary>
    /// Writes the related list of a visible article as JSON (a RelatedList), noting the surrogate keys of what it shows and
    /// of what may enter it: GET /related, and the article's page with include=related. Returns what it wrote, and the
    /// keys of what may enter it (for <see cref="CheckOf"/>).
    /// </summary>
    public static (RelatedRanking Ranking, IReadOnlySet<string> FoundThrough) Write(
        IBufferWriter<byte> output, ArticleFacts source, RelatedQueryParameters query, ArticleVisibility visibility, ContentReadModel.View view,
        ArticleJson json, RelatedOptions options, ISet<string> keys)
    {
        keys.Add(SurrogateKeys.Article(source.Id));
        foreach (var pin in source.PinIds)
        {
            keys.Add(SurrogateKeys.Article(pin));
        }

        var foundThrough = FoundThrough(source);
        keys.UnionWith(foundThrough);
        var (pins, hits) = Rank(source, query, visibility, view, options);
        var shape = ItemShape.Of(query.IncludeList, null);
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = json.Options.Encoder, SkipValidation = true });
        using var item = new PooledBuffer(4096);
        writer.WriteStartObject();
        writer.WriteStartArray(Names.Items);
        foreach (var (articleId, hit) in pins.Select(p => (p, (RelatedHit?)null)).Concat(hits.Select(h => (h.ArticleId, (RelatedHit?)h))))
        {
            if (view.Find(articleId) is not { } facts || view.TeaserOf(articleId) is not { } teaser)
            {
                continue;
            }

            item.Clear();
            json.Item(item, facts, teaser, view, shape, snippet: null, keys);
            writer.WriteStartObject();
            writer.WritePropertyName(Names.Article);
            writer.WriteRawValue(item.WrittenSpan, skipInputValidation: true);
            writer.WriteBoolean(Names.Pinned, hit is null);
            if (hit is null)
            {
                writer.WriteNull(Names.Score);
                writer.WriteNull(Names.Similarity);
                writer.WriteNull(Names.Recency);
                writer.WriteStartArray(Names.Reasons);
                writer.WriteEndArray();
            }
            else
            {
                WriteSixDecimals(writer, Names.Score, hit.Score);
                WriteSixDecimals(writer, Names.Similarity, hit.Similarity);
                WriteSixDecimals(writer, Names.Recency, hit.Recency);
                writer.WriteStartArray(Names.Reasons);
                foreach (var contribution in query.Explain ? hit.Shared : [])
                {
                    var reason = Reason(contribution, view, keys);
                    writer.WriteStartObject();
                    writer.WriteString(Names.Kind, Names.OfKind(reason.Kind));
                    writer.WriteString(Names.Value, reason.Value);
                    writer.WriteString(Names.Name, reason.Name);
                    WriteSixDecimals(writer, Names.Weight, reason.Weight);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return (new RelatedRanking(pins, hits), foundThrough);
    }

    /// <summary>The pins the caller may see, then the articles ranked for the rest of the limit.</summary>
    private static RelatedRanking Rank(
        ArticleFacts source, RelatedQueryParameters query, ArticleVisibility visibility, ContentReadModel.View view, RelatedOptions options)
    {
        var id = source.Id;
        var excluded = query.ExcludeList.Select(key => view.Resolve(key) is ({ } article, false) ? article.Id : 0).ToHashSet();
        int? tagId = query.Tag is null ? null : view.Tags.Ids([query.Tag]).Ids.DefaultIfEmpty(0).First();
        var since = query.Since is { } from ? Times.ToUtc(from) : (DateTime?)null;
        var visible = visibility.ForFacts();
        bool Accept(int articleId) =>
            articleId != id && !excluded.Contains(articleId) && view.Find(articleId) is { } facts && visible(facts)
            && (query.Section is null || facts.Section == query.Section)
            && (since is null || facts.PublishedAt >= since)
            && (tagId is null || facts.TagIds.Contains(tagId.Value));

        var pins = source.PinIds.Where(Accept).Take(query.Limit).ToList();
        List<RelatedHit> hits = [];
        if (pins.Count < query.Limit)
        {
            var halfLife = query.HalfLifeDays ?? options.HalfLifeDays;
            var diversity = Math.Clamp(query.Diversity ?? options.Diversity, 0, 1);
            var wanted = query.Limit - pins.Count;
            var limit = diversity > 0 ? wanted * Math.Max(1, options.DiversityPool) : wanted;
            var (candidates, scored) = options.CapsFor(limit);
            var filtered = excluded.Count > 0 || query.Section is not null || since is not null || query.Tag is not null;
            var keep = filtered || options.KeptListMinutes == 0 ? null : new RelatedKeep(
                $"{visibility.Reach}|{string.Join(',', pins)}", visibility.Now, view.NextReachChange, TimeSpan.FromMinutes(options.KeptListMinutes));
            hits = view.Related.Query(source, new RelatedQuery(
                Limit: limit,
                Accept: articleId => !pins.Contains(articleId) && Accept(articleId),
                HalfLife: halfLife > 0 ? TimeSpan.FromDays(halfLife) : null,
                RecencyFloor: options.RecencyFloor,
                MinSimilarity: options.MinSimilarity,
                NearDuplicate: options.NearDuplicateSimilarity,
                NearDuplicateWindow: TimeSpan.FromHours(options.NearDuplicateHours),
                WalkLimit: options.WalkLimit,
                Evidence: options.Evidence,
                MaxCandidates: candidates,
                MaxScored: scored,
                Keep: keep));
            if (diversity > 0)
            {
                hits = view.Related.Diversify(hits, wanted, diversity, options.Evidence);
            }
        }

        return new RelatedRanking(pins, hits);
    }

    /// <summary>
    /// The property names of related lists (of articles and of entities), and the kinds of reasons, encoded once: a list of five has some hundred
    /// reasons of four properties each, and checking and transcoding every name again cost about 4% of the CPU of an answer.
    /// </summary>
    private static class Names
    {
        public static readonly JsonEncodedText Items = JsonEncodedText.Encode("items"), Article = JsonEncodedText.Encode("article"),
            Pinned = JsonEncodedText.Encode("pinned"), Score = JsonEncodedText.Encode("score"), Similarity = JsonEncodedText.Encode("similarity"),
            Recency = JsonEncodedText.Encode("recency"), Reasons = JsonEncodedText.Encode("reasons"), Kind = JsonEncodedText.Encode("kind"),
            Value = JsonEncodedText.Encode("value"), Name = JsonEncodedText.Encode("name"), Weight = JsonEncodedText.Encode("weight"),
            Entity = JsonEncodedText.Encode("entity"), Articles = JsonEncodedText.Encode("articles");

        /// <summary>Every kind <see cref="Reason"/> gives: tag, term, or an entity's type.</summary>
        private static readonly Dictionary<string, JsonEncodedText> Kinds =
            new[] { "tag", "term" }.Concat(EntityKinds).ToDictionary(kind => kind, kind => JsonEncodedText.Encode(kind));

        public static JsonEncodedText OfKind(string kind) => Kinds[kind];
    }

    /// <summary>Entity types as reasons name them, in lower case, by the type's number.</summary>
    private static readonly string[] EntityKinds = [.. Enum.GetValues<EntityType>().Select(type => type.ToString().ToLowerInvariant())];

    /// <summary>
    /// A number rounded to six decimals, written as its shortest form (0.19, 1, 0.000123): the text Math.Round(value, 6)
    /// gives, without formatting a double for the shortest round trip, which was a twentieth of a related answer's cost.
    /// </summary>
    internal static void WriteSixDecimals(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        var micros = MicrosOf(value);
        Span<byte> text = stackalloc byte[32];
        var at = 0;
        if (value < 0 && micros != 0)
        {
            text[at++] = (byte)'-';
        }

        System.Buffers.Text.Utf8Formatter.TryFormat(micros / 1_000_000, text[at..], out var written);
        at += written;
        var fraction = (int)(micros % 1_000_000);
        if (fraction != 0)
        {
            text[at++] = (byte)'.';
            for (var unit = 100_000; fraction != 0; unit /= 10)
            {
                text[at++] = (byte)('0' + fraction / unit);
                fraction %= unit;
            }
        }

        writer.WritePropertyName(name);
        writer.WriteRawValue(text[..at], skipInputValidation: true);
    }

    /// <summary>The millionths of a number's size, as <see cref="WriteSixDecimals"/> writes them (the sign aside).</summary>
    internal static long MicrosOf(double value) => (long)Math.Round(Math.Abs(value) * 1_000_000, MidpointRounding.ToEven);

    private static string Key(int articleId) => articleId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static RelatedReason Reason(Contribution contribution, ContentReadModel.View view, ISet<string> keys)
    {
        if (contribution.Kind == FeatureKind.Term)
        {
            return new RelatedReason("term", contribution.Key ?? "", contribution.Display ?? "", Math.Round(contribution.Weight, 6));
        }

        var kind = contribution.Kind == FeatureKind.Tag ? FeatureKind.Tag : FeatureKind.Entity;
        var name = view.References(kind).Find(contribution.Id);
        keys.Add(SurrogateKeys.Of(kind, contribution.Id));
        var label = kind == FeatureKind.Tag ? "tag" : EntityKinds[(int)(name?.Kind ?? EntityType.Other)];
        return new RelatedReason(label, name?.Slug ?? Key(contribution.Id), name?.Name ?? "", Math.Round(contribution.Weight, 6));
    }
}

/// <summary>What a related list shows, in order: the pinned articles the caller may see, then the ranked ones.</summary>
public sealed record RelatedRanking(List<int> Pins, List<RelatedHit> Hits)
{
    /// <summary>About how many bytes it holds: a result with its reasons is some twenty small records.</summary>
    public int Size => 64 + (4 * Pins.Count) + Hits.Sum(hit => 96 + (64 * hit.Shared.Count));

    /// <summary>
    /// Whether this list would be written as <paramref name="other"/> was: the same articles in the same order, with the
    /// same scores, and (when explained) the same reasons, to the six decimals written. What an article or a reason's tag
    /// or entity shows is not compared: their own keys retire the answer when that changes.
    /// </summary>
    public bool WritesAs(RelatedRanking other, bool explain)
    {
        if (!Pins.SequenceEqual(other.Pins) || Hits.Count != other.Hits.Count)
        {
            return false;
        }

        for (var at = 0; at < Hits.Count; at++)
        {
            var (hit, was) = (Hits[at], other.Hits[at]);
            if (hit.ArticleId != was.ArticleId || !Same(hit.Score, was.Score) || !Same(hit.Similarity, was.Similarity) || !Same(hit.Recency, was.Recency))
            {
                return false;
            }

            if (explain && !hit.Shared.SequenceEqual(was.Shared, SameReason.Instance))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the two are written the same (a minus sign only before a number that is not written as 0).</summary>
    private static bool Same(double a, double b) =>
        RelatedEndpoints.MicrosOf(a) is var micros && micros == RelatedEndpoints.MicrosOf(b) && (micros == 0 || (a < 0) == (b < 0));

    private sealed class SameReason : IEqualityComparer<Contribution>
    {
        public static readonly SameReason Instance = new();

        public bool Equals(Contribution? x, Contribution? y) =>
            x is not null && y is not null && x.Kind == y.Kind && x.Id == y.Id
            && string.Equals(x.Key, y.Key, StringComparison.Ordinal) && string.Equals(x.Display, y.Display, StringComparison.Ordinal)
            && Same(Math.Round(x.Weight, 6), Math.Round(y.Weight, 6));

        public int GetHashCode(Contribution obj) => HashCode.Combine(obj.Kind, obj.Id);
    }
}
