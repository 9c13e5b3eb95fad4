using System.Globalization;
using Bogus;

namespace ContentApi.Benchmarks.Corpus;

/// <summary>
/// Makes the bylines, tags and entities. Names come from Bogus locale data (people from two dozen
/// Latin-script locales, so slugs meet accents and "ß"); topic, series and format vocabulary is ours.
/// Each kind has its own seeded stream; names are unique per kind (case-insensitively), slugs per kind.
/// </summary>
internal sealed class NewsroomBuilder(int seed)
{
    public const string Site = "https://www.meridianledger.example";
    public const string Publication = "The Meridian Ledger";

    public static readonly string[] Sections = ["World", "Business", "Science", "Sport", "Politics", "Culture", "Technology", "Opinion"];

    /// <summary>Locales for people's names, with weights: mostly English-speaking, then European, then the rest.</summary>
    private static readonly (string Locale, int Weight)[] NameLocales =
    [
        ("en", 26), ("en_GB", 10), ("en_IND", 5), ("en_NG", 4), ("en_ZA", 3), ("en_IE", 3), ("en_AU", 3), ("en_CA", 2),
        ("fr", 7), ("de", 7), ("es", 5), ("es_MX", 3), ("it", 4), ("nl", 3), ("pl", 3), ("pt_BR", 4), ("sv", 2),
        ("tr", 2), ("vi", 1), ("cz", 1), ("ro", 1), ("fi", 1), ("nb_NO", 1), ("id_ID", 1), ("hr", 1),
    ];

    private static readonly string[] CompanyLocales = ["en", "en", "en", "en_GB", "de", "fr", "es", "it", "nl", "pt_BR"];

    internal static readonly string[] Topics =
    [
        "energy", "housing", "pensions", "trade", "health", "education", "policing", "migration", "elections", "climate",
        "banking", "artificial intelligence", "cybersecurity", "transport", "farming", "water", "space", "oil", "gas", "mining",
        "football", "tennis", "cricket", "rugby", "cycling", "athletics", "film", "music", "theatre", "books",
        "art", "fashion", "food", "travel", "tax", "inflation", "jobs", "wages", "semiconductors", "social media",
        "privacy", "courts", "prisons", "defence", "diplomacy", "foreign aid", "refugees", "human rights", "religion", "genetics",
        "vaccines", "cancer research", "mental health", "ageing", "childcare", "universities", "schools", "wildlife", "oceans", "forests",
        "weather", "earthquakes", "floods", "wildfires", "renewables", "nuclear power", "electric vehicles", "aviation", "shipping", "rail",
        "retail", "property", "markets", "startups", "cryptocurrencies", "insurance", "media", "advertising", "video games", "public finances",
        "local government", "corruption", "terrorism", "arms control", "fisheries", "tourism", "biodiversity", "air pollution", "plastics", "drought",
    ];

    private static readonly string[] TopicQualifiers =
    [
        "global", "European", "US", "Asian", "African", "Latin American", "Middle East", "Nordic", "rural", "urban",
        "public", "private", "local", "national", "youth", "women's", "regional", "coastal", "Arctic", "Pacific",
    ];

    private static readonly string[] TopicSuffixes = ["policy", "reform", "crisis", "industry", "funding", "regulation", "investment", "strikes", "research", "law"];

    private static readonly string[] SeriesPatterns =
    [
        "The {0} Files", "Inside {1}", "{0} Watch", "The Long Road to {0}", "{2} in Transition", "After the {0}", "The {0} Diaries", "Voices of {2}",
        "Counting the Cost of {1}", "The New {0} Economy", "{2} Decides", "Beyond {1}",
    ];

    private static readonly (string Name, string Description)[] Formats =
    [
        ("Analysis", "Interpretation and context from Ledger correspondents."),
        ("Explainer", "Background pieces that set out what is known about a story and why it matters."),
        ("Interview", "Conversations with the people shaping the news."),
        ("Live", "Rolling coverage of breaking stories."),
        ("Review", "Critics on new books, films, music and performances."),
        ("Obituary", "Lives remembered."),
        ("Podcast", "Episodes of Ledger podcasts and their transcripts."),
        ("Long read", "In-depth features that take their time."),
        ("Q&A", "Short questions, straight answers."),
        ("Fact check", "Claims tested against the evidence."),
        ("Photo essay", "Stories told mainly in pictures."),
        ("Comment", "Opinion from Ledger writers and guest contributors."),
        ("Investigation", "Original reporting that took months to stand up."),
        ("Profile", "Portraits of people in the news."),
        ("Data", "Stories built from numbers, with the charts to match."),
        ("Letters", "Readers respond."),
        ("Editorial", "The view of the Ledger's editorial board."),
        ("Briefing", "The essentials of a developing story."),
        ("Video", "Reporting on film."),
        ("Timeline", "How a story unfolded, date by date."),
    ];

    private static readonly string[] OtherTags =
    ["Editor's picks", "Newsletter", "Corrections", "Weekend", "Puzzles", "Sponsored", "Reader stories", "Archive", "Audio", "Most read"];

    private static readonly string[] OrgKinds =
    ["Company", "Non-profit organisation", "Government agency", "Trade body", "Research institute", "Political party", "Football club", "Bank", "Charity", "University"];

    private static readonly string[] OrgInstitutions = ["Ministry of Finance", "Ministry of Health", "Ministry of Defence", "Central Bank", "Competition Authority", "Electoral Commission", "Supreme Court", "Football Association", "Space Agency", "Audit Office"];

    private static readonly string[] OrgNouns = ["Climate", "Health", "Transparency", "Energy", "Water", "Education", "Digital Rights", "Peace", "Ocean", "Food"];

    private static readonly string[] OrgForms = ["Foundation", "Institute", "Alliance", "Trust", "Council", "Network", "Forum", "Initiative"];

    private static readonly string[] EventKinds = ["Climate Summit", "Film Festival", "Trade Fair", "Marathon", "Peace Conference", "Book Fair", "Grand Prix", "Investment Forum", "Jazz Festival", "Security Conference", "Games", "Biennale"];

    private static readonly string[] OtherForms = ["Act", "Bill", "Accord", "Programme", "Report", "Initiative", "Treaty", "Directive"];

    private static readonly string[] Regions = ["Europe", "West Africa", "East Africa", "South-East Asia", "South America", "the Middle East", "Central Asia", "the Caribbean", "Oceania", "North America"];

    private static readonly string[] PersonDescriptions =
    [
        "Politician who has held several cabinet posts.", "Chief executive of {0}.", "Economist and author.", "Professional footballer.",
        "Researcher at {0}.", "Film director and screenwriter.", "Trade union leader.", "Human rights lawyer.", "Diplomat and former ambassador.",
        "Opposition leader.", "Mayor of {1}.", "Novelist.", "Tennis player.", "Central banker.", "Investigative journalist.", "Climate scientist.",
    ];

    public Newsroom Build(int bylines, int tags, int entities) =>
        new(MakeBylines(bylines), MakeTags(tags), MakeEntities(entities));

    private static Dictionary<string, Faker> Fakers(Random random, IEnumerable<string> locales)
    {
        var fakers = new Dictionary<string, Faker>(StringComparer.Ordinal);
        foreach (var locale in locales.Distinct())
        {
            fakers[locale] = new Faker(locale) { Random = new Randomizer(random.Next()) };
        }

        return fakers;
    }

    private static string PickLocale(Random random)
    {
        var total = NameLocales.Sum(l => l.Weight);
        var roll = random.Next(total);
        foreach (var (locale, weight) in NameLocales)
        {
            if ((roll -= weight) < 0)
            {
                return locale;
            }
        }

        return "en";
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Capitalised(string text) =>
        text.Length == 0 || char.IsUpper(text[0]) ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Fit(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd();

    /// <summary>Tries a name maker until it gives a name not used yet; the fallback numbers it.</summary>
    private static string UniqueName(HashSet<string> used, Func<string> make, int index)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            // Some Bogus locales can give an empty first or last name: a blank name is not a name.
            var name = Fit(make(), 120).Trim();
            if (name.Any(char.IsLetter) && used.Add(name))
            {
                return name;
            }
        }

        var numbered = "Name " + (index + 1).ToString(CultureInfo.InvariantCulture);
        used.Add(numbered);
        return numbered;
    }

    private List<BylineRecord> MakeBylines(int count)
    {
        var random = Seeds.For(seed, Seeds.Bylines);
        var fakers = Fakers(random, NameLocales.Select(l => l.Locale).Concat(CompanyLocales));
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var slugs = new SlugRegistry();
        var bylines = new List<BylineRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var faker = fakers[PickLocale(random)];
            var first = "";
            var name = UniqueName(names, () => $"{first = faker.Name.FirstName()} {faker.Name.LastName()}", i);
            var slug = slugs.Claim(name);
            var section = Sections[random.Next(Sections.Length - 1)]; // not Opinion: its writers are columnists
            var place = fakers["en"].Address.Country();
            var role = random.Next(12) switch
            {
                0 or 1 or 2 => $"{section} correspondent",
                3 or 4 => $"{section} editor",
                5 => $"Senior {section.ToLowerInvariant()} reporter",
                6 => $"{place} correspondent",
                7 => $"Chief {section} correspondent",
                8 => "Data journalist",
                9 => "Photographer",
                10 => "Columnist",
                _ => "Investigations reporter",
            };
            var company = fakers[Pick(random, CompanyLocales)].Company.CompanyName();
            var years = 2 + random.Next(15);
            var bio = random.Next(3) == 0
                ? $"I write about {Pick(random, Topics)}, {Pick(random, Topics)} and {Pick(random, Topics)} for {Publication}. " +
                  $"Before that I spent {years} years at {company}."
                : $"{name} covers {Pick(random, Topics)} and {Pick(random, Topics)} for {Publication} from {fakers["en"].Address.City()}. " +
                  $"Before joining the Ledger, {first} worked at {company} for {years} years.";
            var handle = slug.Replace("-", "", StringComparison.Ordinal);
            handle = handle[..Math.Min(handle.Length, 15)];
            var links = new List<BylineLink> { new("website", $"{Site}/authors/{slug}") };
            if (random.Next(100) < 50)
            {
                links.Add(new("x", $"https://x.example/{handle}"));
            }

            if (random.Next(100) < 40)
            {
                links.Add(new("bluesky", $"https://bsky.app/profile/{handle}.meridianledger.example"));
            }

            if (random.Next(100) < 20)
            {
                links.Add(new("mastodon", $"https://mastodon.example/@{handle}"));
            }

            if (random.Next(100) < 30)
            {
                links.Add(new("linkedin", $"https://www.linkedin.example/in/{slug}"));
            }

            if (random.Next(100) < 10)
            {
                links.Add(new("other", $"https://newsletters.meridianledger.example/{slug}"));
            }

            bylines.Add(new BylineRecord(slug, name, role, Fit(bio, 2000), $"https://images.example.com/bylines/{slug}.jpg", links));
        }

        return bylines;
    }

    private List<TagRecord> MakeTags(int count)
    {
        var random = Seeds.For(seed, Seeds.Tags);
        var en = Fakers(random, ["en"])["en"];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var slugs = new SlugRegistry();
        var tags = new List<TagRecord>(count);
        var formatsLeft = new Queue<(string Name, string Description)>(Formats);
        var othersLeft = new Queue<string>(OtherTags);
        for (var i = 0; i < count; i++)
        {
            // 60% topic, 25% place, 8% series, 2% format, 5% other; formats and others run out and become topics.
            var roll = random.Next(100);
            string name, type;
            string? description;
            if (roll is >= 93 and < 95 && formatsLeft.TryDequeue(out var format) && names.Add(format.Name))
            {
                (name, type, description) = (format.Name, "format", format.Description);
            }
            else if (roll >= 95 && othersLeft.TryDequeue(out var other) && names.Add(other))
            {
                (name, type, description) = (other, "other", random.Next(2) == 0 ? null : $"{other} from {Publication}.");
            }
            else if (roll is >= 60 and < 85)
            {
                name = UniqueName(names, () => random.Next(3) == 0 ? en.Address.Country() : en.Address.City(), i);
                (type, description) = ("place", random.Next(2) == 0 ? null : $"News from {name}.");
            }
            else if (roll is >= 85 and < 93)
            {
                name = UniqueName(names, () => string.Format(CultureInfo.InvariantCulture, Pick(random, SeriesPatterns),
                    Capitalised(Pick(random, Topics)), Pick(random, Topics), en.Address.Country()), i);
                (type, description) = ("series", $"Our continuing series on {Pick(random, Topics)} and {Pick(random, Topics)}.");
            }
            else
            {
                name = UniqueName(names, () => random.Next(4) switch
                {
                    0 => Capitalised(Pick(random, Topics)),
                    1 => Capitalised($"{Pick(random, Topics)} {Pick(random, TopicSuffixes)}"),
                    _ => Capitalised($"{Pick(random, TopicQualifiers)} {Pick(random, Topics)}"),
                }, i);
                // "Pacific fisheries" keeps its capital in running text; "Energy policy" does not.
                var lower = char.IsUpper(name[0]) && TopicQualifiers.Any(q => char.IsUpper(q[0]) && name.StartsWith(q + " ", StringComparison.Ordinal))
                    ? name
                    : char.ToLowerInvariant(name[0]) + name[1..];
                type = "topic";
                description = random.Next(4) switch
                {
                    0 => null,
                    1 => $"News and analysis on {lower}.",
                    2 => $"Coverage of {lower}, from policy to the people it affects.",
                    _ => $"Reporting on {lower} from Ledger correspondents around the world.",
                };
            }

            tags.Add(new TagRecord(slugs.Claim(name), name, description, type));
        }

        return tags;
    }

    private List<EntityRecord> MakeEntities(int count)
    {
        var random = Seeds.For(seed, Seeds.Entities);
        var fakers = Fakers(random, NameLocales.Select(l => l.Locale).Concat(CompanyLocales));
        var en = fakers["en"];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var slugs = new SlugRegistry();
        var entities = new List<EntityRecord>(count);
        var aliases = new List<string>();
        for (var i = 0; i < count; i++)
        {
            aliases.Clear();
            var year = 2015 + random.Next(12);
            var roll = random.Next(100);
            EntityKind kind;
            string name;
            string? shortName = null, description;
            if (roll < 45)
            {
                kind = EntityKind.Person;
                var faker = fakers[PickLocale(random)];
                string first = "", last = "";
                name = UniqueName(names, () => $"{first = faker.Name.FirstName()} {last = faker.Name.LastName()}", i);
                shortName = last;
                if (random.Next(100) < 70)
                {
                    aliases.Add(last);
                }

                if (random.Next(100) < 25)
                {
                    aliases.Add($"{first[0]}. {last}");
                }

                description = string.Format(CultureInfo.InvariantCulture, Pick(random, PersonDescriptions),
                    fakers[Pick(random, CompanyLocales)].Company.CompanyName(), en.Address.City());
            }
            else if (roll < 70)
            {
                kind = EntityKind.Organisation;
                var orgKind = random.Next(OrgKinds.Length);
                name = UniqueName(names, () => random.Next(10) switch
                {
                    < 5 => fakers[Pick(random, CompanyLocales)].Company.CompanyName(),
                    5 => $"{en.Address.Country()} {Pick(random, OrgInstitutions)}",
                    6 => $"{Pick(random, OrgNouns)} {Pick(random, OrgForms)}",
                    7 => $"{en.Address.City()} {(random.Next(2) == 0 ? "FC" : "United")}",
                    8 => $"University of {en.Address.City()}",
                    _ => $"{en.Name.LastName()} {Pick(random, OrgForms)}",
                }, i);
                var acronym = Acronym(name);
                if (acronym is not null && random.Next(100) < 70)
                {
                    aliases.Add(acronym);
                    shortName = acronym;
                }

                description = random.Next(5) == 0 ? null : $"{OrgKinds[orgKind]} based in {en.Address.City()}.";
            }
            else if (roll < 88)
            {
                kind = EntityKind.Place;
                var country = random.Next(5) == 0;
                // There are only ~250 countries: once they are taken, further tries become cities.
                var tries = 0;
                name = UniqueName(names, () => country && tries++ < 10 ? en.Address.Country() : fakers[PickLocale(random)].Address.City(), i);
                country = tries <= 10 && country;
                if (country && random.Next(100) < 30)
                {
                    aliases.Add($"Republic of {name}");
                }

                description = random.Next(5) == 0 ? null
                    : country ? $"Country in {Pick(random, Regions)}." : $"City in {en.Address.Country()}.";
            }
            else if (roll < 94)
            {
                kind = EntityKind.Event;
                var eventKind = Pick(random, EventKinds);
                name = UniqueName(names, () => $"{en.Address.City()} {eventKind} {year.ToString(CultureInfo.InvariantCulture)}", i);
                if (random.Next(100) < 40)
                {
                    aliases.Add(string.Create(CultureInfo.InvariantCulture, $"{year} {eventKind}"));
                }

                description = random.Next(4) == 0 ? null : $"{eventKind} held in {name[..name.IndexOf(eventKind, StringComparison.Ordinal)].Trim()}.";
            }
            else
            {
                kind = EntityKind.Other;
                var form = Pick(random, OtherForms);
                name = UniqueName(names, () => random.Next(4) switch
                {
                    0 => $"{en.Address.Country()} {form}",
                    1 => $"{en.Address.City()} {form}",
                    2 => $"{en.Name.LastName()} {form}",
                    _ => string.Create(CultureInfo.InvariantCulture, $"{Capitalised(Pick(random, Topics))} {form} {year}"),
                }, i);
                description = random.Next(3) == 0 ? null : form switch
                {
                    "Act" or "Bill" or "Directive" => $"Legislation introduced in {year.ToString(CultureInfo.InvariantCulture)}.",
                    "Accord" or "Treaty" => $"Agreement signed in {year.ToString(CultureInfo.InvariantCulture)}.",
                    _ => $"{form} launched in {year.ToString(CultureInfo.InvariantCulture)}.",
                };
            }

            entities.Add(new EntityRecord(slugs.Claim(name), name, kind, CleanAliases(name, aliases), description, shortName, random.Next()));
        }

        return entities;
    }

    /// <summary>"Kub, Hegmann and Schulist" gives "KHS"; null when there are fewer than two capitalised words.</summary>
    private static string? Acronym(string name)
    {
        var letters = name.Split([' ', '-', ','], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => char.IsUpper(w[0]) && w.Length > 1)
            .Select(w => char.ToUpperInvariant(w[0]))
            .ToArray();
        return letters.Length is >= 2 and <= 6 ? new string(letters) : null;
    }

    /// <summary>What the service requires: distinct case-insensitively, never the name, at most 120 characters.</summary>
    private static string[] CleanAliases(string name, List<string> aliases) =>
        [.. aliases.Select(a => Fit(a, 120))
            .Where(a => a.Length > 0 && !string.Equals(a, name, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
}
