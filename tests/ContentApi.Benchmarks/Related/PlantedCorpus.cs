using ContentApi.Articles;
using ContentApi.Benchmarks.Corpus;
using ContentApi.Persistence;

namespace ContentApi.Benchmarks.Related;

/// <summary>
/// A synthetic catalog with planted ground truth for the related-articles evaluation: news events, each
/// covered by a few stories, among unrelated filler. What makes stories of one event related, and what
/// confuses a naive ranking:
/// <list type="bullet">
/// <item>Each event has 2-4 characteristic rare entities (any type), 1-2 rare tags, often an event-type
/// entity, a place (a city: Zipf-popular among places), a topic tag (one of 30 fairly common tags) and
/// 1-2 recurring actors of that topic (common people and organisations who appear in many events of the
/// topic). Each story carries a noisy subset of these (at least one rare one), plus 1-4 noise tags and
/// 1-6 noise entities drawn with Zipf popularity.</item>
/// <item>Over-common features: a generic "news" tag on ~80% of all articles, a "country" tag on ~50%.</item>
/// <item>Filler articles (the rest) have 3-8 Zipf tags and 2-15 Zipf entities, and sometimes a topic tag,
/// one of its recurring actors and a city: sharing those with an event story does not make them related.</item>
/// <item>Stories of an event are published within days of it (15% are follow-ups 1-17 weeks later); events
/// and filler are spread over five years.</item>
/// </list>
/// Ids are assigned in publication order. Relevant to a story: the other stories of its event.
/// </summary>
internal sealed class PlantedCorpus
{
    public const int NewsTag = 1;
    public const int CountryTag = 2;
    private const int Tags = 2_000;
    private const int Entities = 20_000;
    private const int Topics = 30;

    private PlantedCorpus(ArticleFacts[] articles, int[] eventOf, List<int>[] stories, Dictionary<int, ReferenceName> entities)
    {
        Articles = articles;
        EventOf = eventOf;
        StoriesOf = stories;
        EntityNames = entities;
    }

    /// <summary>Index i holds the article with id i + 1.</summary>
    public IReadOnlyList<ArticleFacts> Articles { get; }

    /// <summary>By article id: its event, or -1 for filler.</summary>
    public int[] EventOf { get; }

    /// <summary>By event: the ids of its stories.</summary>
    public List<int>[] StoriesOf { get; }

    public IReadOnlyDictionary<int, ReferenceName> EntityNames { get; }

    private sealed record Event(DateTime At, int Topic, int City, int? EventEntity, int[] Rare, int[] RareTags, int[] Actors, int Size);

    private sealed record Draft(DateTime At, int Event, List<int> Tags, List<int> Entities);

    public static PlantedCorpus Generate(int articles, int events, int seed)
    {
        var random = new Random(seed);
        var names = new Dictionary<int, ReferenceName>(Entities);
        for (var id = 1; id <= Entities; id++)
        {
            names[id] = new ReferenceName($"e-{id}", $"Entity {id}", SyntheticFacts.RandomEntityType(random));
        }

        // Noise: tags 3..Tags and all entities by Zipf popularity (ranks shuffled over ids).
        var tagPicker = new ZipfPicker(Tags - 2, 1.0, random);
        var entityPicker = new ZipfPicker(Entities, 1.0, random);
        int TagOfRank(int rank) => tagPicker.ItemOfRank(rank) + 3;
        int EntityOfRank(int rank) => entityPicker.ItemOfRank(rank) + 1;
        var topicTags = Enumerable.Range(5, Topics).Select(TagOfRank).ToArray();
        var entitiesByRank = Enumerable.Range(0, Entities).Select(EntityOfRank).ToArray();
        var places = entitiesByRank.Where(e => names[e].Kind == EntityType.Place).ToArray();
        var cityPicker = new ZipfPicker(places.Length, 1.0, null);
        var rareEntities = entitiesByRank[2_000..];
        var eventEntities = entitiesByRank[500..].Where(e => names[e].Kind == EntityType.Event).ToArray();
        var actorPool = entitiesByRank[20..1_000].Where(e => names[e].Kind is EntityType.Person or EntityType.Organisation).ToArray();
        var actors = Enumerable.Range(0, Topics).Select(_ => Enumerable.Range(0, 6).Select(_ => actorPool[random.Next(actorPool.Length)]).Distinct().ToArray()).ToArray();

        var span = SyntheticFacts.Span.Ticks;
        var plan = new List<Event>(events);
        var storyCount = 0;
        for (var e = 0; e < events && storyCount < articles; e++)
        {
            var topic = random.Next(Topics);
            var size = Math.Min(random.Next(2, 13), articles - storyCount);
            if (size < 2)
            {
                break;
            }

            plan.Add(new Event(
                At: SyntheticFacts.Start.AddTicks((long)(random.NextDouble() * span)),
                Topic: topic,
                City: places[cityPicker.Next(random)],
                EventEntity: random.NextDouble() < 0.5 ? eventEntities[random.Next(eventEntities.Length)] : null,
                Rare: [.. Enumerable.Range(0, random.Next(2, 5)).Select(_ => rareEntities[random.Next(rareEntities.Length)]).Distinct()],
                RareTags: [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => TagOfRank(random.Next(200, Tags - 2))).Distinct()],
                Actors: [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => actors[topic][random.Next(actors[topic].Length)]).Distinct()],
                Size: size));
            storyCount += size;
        }

        List<int> noise = [];
        var drafts = new List<Draft>(articles);
        for (var e = 0; e < plan.Count; e++)
        {
            var ev = plan[e];
            for (var s = 0; s < ev.Size; s++)
            {
                var days = random.NextDouble() < 0.85 ? -Math.Log(1 - random.NextDouble()) * 1.5 : 7 + random.NextDouble() * 112;
                List<int> tags = [], entities = [];
                AddEach(random, tags, ev.RareTags, 0.6);
                AddEach(random, entities, ev.Rare, 0.6);
                if (ev.EventEntity is { } eventEntity)
                {
                    AddEach(random, entities, [eventEntity], 0.7);
                }

                if (tags.Count == 0 && entities.Count == 0)
                {
                    entities.Add(ev.Rare[random.Next(ev.Rare.Length)]);
                }

                AddEach(random, tags, [topicTags[ev.Topic]], 0.8);
                AddEach(random, entities, [ev.City], 0.7);
                AddEach(random, entities, ev.Actors, 0.7);
                AddCommon(random, tags);
                tagPicker.PickDistinct(random, random.Next(1, 5), noise);
                tags.AddRange(noise.Select(t => t + 3));
                entityPicker.PickDistinct(random, random.Next(1, 7), noise);
                entities.AddRange(noise.Select(x => x + 1));
                drafts.Add(new Draft(ev.At.AddDays(days), e, tags, entities));
            }
        }

        while (drafts.Count < articles)
        {
            List<int> tags = [], entities = [];
            tagPicker.PickDistinct(random, random.Next(3, 9), noise);
            tags.AddRange(noise.Select(t => t + 3));
            entityPicker.PickDistinct(random, random.Next(2, 16), noise);
            entities.AddRange(noise.Select(x => x + 1));
            AddCommon(random, tags);
            if (random.NextDouble() < 0.3)
            {
                var topic = random.Next(Topics);
                tags.Add(topicTags[topic]);
                AddEach(random, entities, [actors[topic][random.Next(actors[topic].Length)]], 0.5);
            }

            AddEach(random, entities, [places[cityPicker.Next(random)]], 0.5);
            drafts.Add(new Draft(SyntheticFacts.Start.AddTicks((long)(random.NextDouble() * span)), -1, tags, entities));
        }

        // Publication order gives the ids; ties (none expected) by generation order.
        var ordered = drafts.Select((d, i) => (d, i)).OrderBy(x => x.d.At).ThenBy(x => x.i).Select(x => x.d).ToArray();
        var facts = new ArticleFacts[ordered.Length];
        var eventOf = new int[ordered.Length + 1];
        eventOf[0] = -1;
        var stories = plan.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            var d = ordered[i];
            var id = i + 1;
            facts[i] = new ArticleFacts(id, ArticleStatus.Published, d.At, "news", "en", false, null, [.. d.Tags.Distinct()], [1], [.. d.Entities.Distinct()]);
            eventOf[id] = d.Event;
            if (d.Event >= 0)
            {
                stories[d.Event].Add(id);
            }
        }

        return new PlantedCorpus(facts, eventOf, stories, names);
    }

    private static void AddEach(Random random, List<int> into, IEnumerable<int> items, double probability)
    {
        foreach (var item in items)
        {
            if (random.NextDouble() < probability)
            {
                into.Add(item);
            }
        }
    }

    private static void AddCommon(Random random, List<int> tags)
    {
        AddEach(random, tags, [NewsTag], 0.8);
        AddEach(random, tags, [CountryTag], 0.5);
    }
}
