using System.Globalization;
using System.Text;

namespace ContentApi.Benchmarks.Corpus;

/// <summary>The entities one article is about, in the order the text brings them in, and which it has named yet.</summary>
internal sealed class ArticleCast
{
    private readonly List<EntityRecord> _entities = [];
    private readonly List<bool> _named = [];
    private int _next, _nextPerson, _nextPlace;

    public int Count => _entities.Count;

    public EntityRecord this[int index] => _entities[index];

    public void Reset(IEnumerable<EntityRecord> entities)
    {
        _entities.Clear();
        _entities.AddRange(entities);
        _named.Clear();
        _named.AddRange(_entities.Select(_ => false));
        _next = _nextPerson = _nextPlace = 0;
    }

    /// <summary>The next entity round the list (so the first sentences bring in the first entities), or -1.</summary>
    public int NextIndex() => _entities.Count == 0 ? -1 : _next++ % _entities.Count;

    /// <summary>Marks an entity as named; true the first time, when the text should use its full name.</summary>
    public bool FirstMention(int index)
    {
        var first = !_named[index];
        _named[index] = true;
        return first;
    }

    /// <summary>The full name the first time, later sometimes the short name (surname, acronym).</summary>
    public string Mention(int index, Random random)
    {
        var entity = _entities[index];
        return FirstMention(index) || entity.ShortName is null || random.Next(100) < 40 ? entity.Name : entity.ShortName;
    }

    public int NextPerson() => NextOfKind(EntityKind.Person, ref _nextPerson);

    public int NextPlace() => NextOfKind(EntityKind.Place, ref _nextPlace);

    private int NextOfKind(EntityKind kind, ref int cursor)
    {
        for (var step = 0; step < _entities.Count; step++)
        {
            var index = cursor++ % _entities.Count;
            if (_entities[index].Kind == kind)
            {
                return index;
            }
        }

        return -1;
    }
}

/// <summary>
/// Newsroom prose in one language: sentences built from templates and word lists, with the article's
/// entities as subjects, places, events and objects, so entity extraction and search find real mentions.
/// Grammar is approximate (it is benchmark text, not journalism), the vocabulary is real.
/// </summary>
internal abstract class Phrasebook
{
    public static readonly Phrasebook English = new EnglishPhrasebook();
    public static readonly Phrasebook French = new FrenchPhrasebook();
    public static readonly Phrasebook German = new GermanPhrasebook();

    public abstract string Language { get; }

    public abstract string Headline(Random random, ArticleCast cast, int section);

    public abstract string Standfirst(Random random, ArticleCast cast, int section);

    /// <summary>Appends one sentence; with <paramref name="lead"/> its subject is the next entity of the article.</summary>
    public abstract void Sentence(Random random, ArticleCast cast, int section, StringBuilder text, bool lead);

    public abstract string Subheading(Random random, ArticleCast cast, int section);

    public abstract string AltText(Random random, ArticleCast cast);

    protected static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    protected static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    protected static string Capitalised(string text) =>
        text.Length == 0 || char.IsUpper(text[0]) ? text : char.ToUpperInvariant(text[0]) + text[1..];

    protected static void CapitaliseFrom(StringBuilder text, int start)
    {
        if (start < text.Length)
        {
            text[start] = char.ToUpperInvariant(text[start]);
        }
    }

    protected static string Year(Random random) => Number(1990 + random.Next(30));
}

internal sealed class EnglishPhrasebook : Phrasebook
{
    private static readonly (string Text, bool Plural)[] Groups =
    [
        ("officials", true), ("the government", false), ("analysts", true), ("campaigners", true), ("ministers", true),
        ("researchers", true), ("local residents", true), ("opposition leaders", true), ("investors", true), ("the regulator", false),
        ("union leaders", true), ("a parliamentary committee", false), ("health officials", true), ("police", true), ("the board", false),
        ("critics", true), ("supporters", true), ("economists", true), ("diplomats", true), ("the mayor", false),
        ("lawyers", true), ("environmental groups", true), ("business leaders", true), ("aid agencies", true), ("the central bank", false),
        ("organisers", true), ("teachers", true), ("doctors", true), ("senior executives", true), ("the party leadership", false),
    ];

    private static readonly string[] Reporting =
        ["said", "warned", "argued", "insisted", "suggested", "claimed", "noted", "acknowledged", "predicted", "told reporters", "conceded", "stressed"];

    private static readonly (string Base, string Present, string Past)[] Verbs =
    [
        ("approve", "approves", "approved"), ("reject", "rejects", "rejected"), ("back", "backs", "backed"), ("block", "blocks", "blocked"),
        ("announce", "announces", "announced"), ("propose", "proposes", "proposed"), ("criticise", "criticises", "criticised"),
        ("delay", "delays", "delayed"), ("expand", "expands", "expanded"), ("review", "reviews", "reviewed"), ("launch", "launches", "launched"),
        ("defend", "defends", "defended"), ("cut", "cuts", "cut"), ("raise", "raises", "raised"), ("unveil", "unveils", "unveiled"),
        ("scrap", "scraps", "scrapped"), ("extend", "extends", "extended"), ("challenge", "challenges", "challenged"),
        ("welcome", "welcomes", "welcomed"), ("question", "questions", "questioned"), ("win", "wins", "won"), ("lose", "loses", "lost"),
        ("sign", "signs", "signed"), ("investigate", "investigates", "investigated"), ("fund", "funds", "funded"),
        ("support", "supports", "supported"), ("oppose", "opposes", "opposed"), ("suspend", "suspends", "suspended"),
        ("renew", "renews", "renewed"), ("publish", "publishes", "published"), ("confirm", "confirms", "confirmed"),
        ("reverse", "reverses", "reversed"), ("overhaul", "overhauls", "overhauled"), ("endorse", "endorses", "endorsed"),
        ("postpone", "postpones", "postponed"), ("secure", "secures", "secured"), ("build", "builds", "built"), ("sell", "sells", "sold"),
        ("finalise", "finalises", "finalised"), ("revive", "revives", "revived"), ("abandon", "abandons", "abandoned"),
    ];

    private static readonly string[] Adjectives =
    [
        "new", "controversial", "long-awaited", "ambitious", "costly", "modest", "sweeping", "temporary", "revised", "joint",
        "regional", "national", "emergency", "multi-year", "record", "landmark", "fragile", "preliminary", "draft", "unexpected",
    ];

    private static readonly string[] Nouns =
    [
        "plan", "proposal", "budget", "report", "deal", "agreement", "investigation", "strategy", "policy", "reform", "programme",
        "project", "review", "ruling", "contract", "target", "inquiry", "settlement", "initiative", "package", "framework", "bill",
        "study", "partnership", "bid", "merger", "tariff", "subsidy", "forecast", "decision",
    ];

    private static readonly string[][] SectionNouns =
    [
        ["ceasefire", "peace talks", "sanctions", "election", "border crossing", "aid convoy", "summit", "embassy", "refugee camp", "coalition"],
        ["shares", "earnings", "interest rates", "inflation", "supply chain", "takeover", "dividend", "bond market", "pension fund", "profit warning"],
        ["telescope", "vaccine trial", "genome", "climate model", "experiment", "dataset", "fossil", "satellite", "particle detector", "clinical trial"],
        ["match", "season", "transfer", "league title", "championship", "squad", "stadium", "final", "injury", "contract extension"],
        ["vote", "coalition", "manifesto", "referendum", "cabinet reshuffle", "parliament", "campaign", "spending review", "constitution", "by-election"],
        ["exhibition", "festival", "album", "novel", "film", "theatre production", "museum", "award", "gallery", "tour"],
        ["app", "chip", "data centre", "software update", "platform", "algorithm", "startup", "smartphone", "cyber attack", "AI model"],
        ["argument", "debate", "consensus", "promise", "compromise", "question", "crisis", "choice", "record", "legacy"],
    ];

    private static readonly string[] Times =
    [
        "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday", "last week",
        "earlier this month", "this year", "late on Thursday", "over the weekend", "next month", "within weeks",
    ];

    private static readonly string[] Circumstances =
    [
        "after months of negotiations", "despite strong opposition", "amid growing concern", "ahead of next year's budget",
        "in a surprise move", "following a lengthy review", "under mounting pressure", "by a narrow margin", "with immediate effect",
        "at a hastily arranged news conference", "after a week of protests", "in the face of legal challenges",
    ];

    private static readonly string[] Openers =
        ["However", "Meanwhile", "In a statement", "Earlier", "By contrast", "At the same time", "Separately", "In response", "For now", "Even so", "Privately", "Last year"];

    private static readonly string[] Descriptors =
    [
        "the finance minister", "a senior official", "the chief executive", "a spokesperson", "the committee chair", "a leading economist",
        "who heads the inquiry", "the party's leader", "a former adviser", "the team's captain", "a senior researcher", "the festival director",
    ];

    private static readonly string[] QuoteAdjectives = ["difficult", "historic", "decisive", "worrying", "welcome", "long overdue"];

    private static readonly string[] Currencies = ["euros", "dollars", "pounds"];

    private static readonly string[] Subheadings =
        ["What happens next", "Why it matters", "A long road", "Mixed reaction", "The numbers", "Questions remain", "How we got here", "What critics say"];

    public override string Language => "en";

    public override string Headline(Random random, ArticleCast cast, int section)
    {
        var verb = Pick(random, Verbs);
        var thing = random.Next(2) == 0 ? $"{Pick(random, Adjectives)} {Noun(random, section)}" : Noun(random, section);
        var tail = random.Next(3) == 0 ? " " + Pick(random, Circumstances) : "";
        if (cast.Count == 0)
        {
            var group = Pick(random, Groups);
            return Capitalised($"{group.Text} {(group.Plural ? verb.Base : verb.Present)} {thing}{tail}");
        }

        var lead = cast[0];
        if (lead.Kind is EntityKind.Person or EntityKind.Organisation)
        {
            return cast.Count > 1 && cast[1].Kind is EntityKind.Person or EntityKind.Organisation && random.Next(4) == 0
                ? $"{lead.Name} and {cast[1].Name} {verb.Base} {thing}{tail}"
                : $"{lead.Name} {verb.Present} {thing}{tail}";
        }

        return lead.Kind == EntityKind.Other
            ? Capitalised($"{Pick(random, Groups).Text} {verb.Past} the {lead.Name}{tail}")
            : $"{lead.Name}: {thing} {verb.Past}{tail}";
    }

    public override string Standfirst(Random random, ArticleCast cast, int section)
    {
        var first = Clause(random, cast, 0, section);
        var second = cast.Count > 1 ? Clause(random, cast, 1, section) : $"{Pick(random, Groups).Text} {Pick(random, Verbs).Past} {Phrase(random, section)}";
        var text = Capitalised($"{first} {Pick(random, Circumstances)}, as {second}.");
        return random.Next(2) == 0
            ? text
            : $"{text} {Capitalised(Pick(random, Groups).Text)} {Pick(random, Reporting)} that {Phrase(random, section)} could be {Pick(random, Verbs).Past} {Pick(random, Times)}.";
    }

    public override void Sentence(Random random, ArticleCast cast, int section, StringBuilder text, bool lead)
    {
        var start = text.Length;
        var roll = lead ? 0 : random.Next(100);
        if (roll < 30)
        {
            var s = NextSubject(random, cast, lead);
            text.Append(s.Text).Append(' ').Append(Pick(random, Verbs).Past).Append(' ').Append(s.Object ?? Phrase(random, section))
                .Append(s.Where).Append(' ').Append(random.Next(2) == 0 ? Pick(random, Times) : Pick(random, Circumstances)).Append('.');
        }
        else if (roll < 40)
        {
            var s = NextSubject(random, cast, false);
            text.Append(Pick(random, Openers)).Append(", ").Append(s.Text).Append(' ').Append(Pick(random, Verbs).Past).Append(' ')
                .Append(s.Object ?? Phrase(random, section)).Append(s.Where).Append('.');
        }
        else if (roll < 52)
        {
            var s = NextSubject(random, cast, false);
            text.Append(s.Text).Append(' ').Append(Pick(random, Reporting)).Append(" that ").Append(s.Object ?? Phrase(random, section))
                .Append(" could be ").Append(Pick(random, Verbs).Past).Append(s.Where).Append(' ').Append(Pick(random, Times)).Append('.');
        }
        else if (roll < 64)
        {
            Quote(random, cast, section, text);
        }
        else if (roll < 72)
        {
            Figures(random, cast, section, text);
        }
        else if (roll < 82)
        {
            var thing = Phrase(random, section);
            var s = NextSubject(random, cast, false);
            text.Append(thing).Append(IsPlural(thing) ? " were " : " was ").Append(Pick(random, Verbs).Past).Append(s.Where).Append(' ')
                .Append(Pick(random, Times)).Append(", ").Append(s.Text).Append(' ').Append(Pick(random, Reporting)).Append('.');
        }
        else if (roll < 90)
        {
            text.Append(random.Next(2) == 0 ? "It was not immediately clear whether " : "Few expected that ")
                .Append(Phrase(random, section)).Append(" would be ").Append(Pick(random, Verbs).Past).Append(' ').Append(Pick(random, Circumstances)).Append('.');
        }
        else
        {
            var s = NextSubject(random, cast, false);
            var place = cast.NextPlace();
            text.Append(s.Text).Append(' ').Append(Pick(random, Verbs).Past).Append(' ').Append(s.Object ?? Phrase(random, section))
                .Append(" in ").Append(place < 0 ? "the capital" : cast.Mention(place, random)).Append(' ').Append(Pick(random, Times)).Append('.');
        }

        CapitaliseFrom(text, start);
    }

    public override string Subheading(Random random, ArticleCast cast, int section)
    {
        var roll = random.Next(3);
        var place = roll == 1 ? cast.NextPlace() : -1;
        return roll == 0 ? Capitalised($"{Pick(random, Adjectives)} {Noun(random, section)}")
            : place >= 0 ? $"Reaction in {cast[place].Name}"
            : Pick(random, Subheadings);
    }

    public override string AltText(Random random, ArticleCast cast)
    {
        var place = cast.NextPlace();
        var where = place < 0 ? "the capital" : cast[place].Name;
        var person = cast.NextPerson();
        return random.Next(4) switch
        {
            0 when person >= 0 => $"{cast[person].Name} speaks at a news conference in {where}.",
            1 => $"Protesters hold banners outside a government building in {where}.",
            2 => $"Delegates arrive for talks in {where}.",
            _ => $"A general view of {where} at dusk.",
        };
    }

    private static string Describe(EntityRecord person) => Descriptors[person.Trait % Descriptors.Length];

    private readonly record struct Subject(string Text, string Where, string? Object);

    private static Subject NextSubject(Random random, ArticleCast cast, bool lead)
    {
        var index = lead || random.Next(100) < 45 ? cast.NextIndex() : -1;
        var group = Pick(random, Groups).Text;
        if (index < 0)
        {
            return new(group, "", null);
        }

        var entity = cast[index];
        return entity.Kind switch
        {
            EntityKind.Person when cast.FirstMention(index) => new($"{entity.Name}, {Describe(entity)},", "", null),
            EntityKind.Person or EntityKind.Organisation => new(cast.Mention(index, random), "", null),
            EntityKind.Place => new(group, " in " + cast.Mention(index, random), null),
            EntityKind.Event => new(group, " at the " + cast.Mention(index, random), null),
            _ => new(group, "", "the " + cast.Mention(index, random)),
        };
    }

    /// <summary>A clause about the article's <paramref name="index"/>th entity by its full name, for the standfirst.</summary>
    private static string Clause(Random random, ArticleCast cast, int index, int section)
    {
        if (index >= cast.Count)
        {
            return $"{Pick(random, Groups).Text} {Pick(random, Verbs).Past} {Phrase(random, section)}";
        }

        var entity = cast[index];
        var verb = Pick(random, Verbs).Past;
        return entity.Kind switch
        {
            EntityKind.Person or EntityKind.Organisation => $"{entity.Name} {verb} {Phrase(random, section)}",
            EntityKind.Place => $"{Pick(random, Groups).Text} in {entity.Name} {verb} {Phrase(random, section)}",
            EntityKind.Event => $"{Pick(random, Groups).Text} at the {entity.Name} {verb} {Phrase(random, section)}",
            _ => $"{Pick(random, Groups).Text} {verb} the {entity.Name}",
        };
    }

    private static void Quote(Random random, ArticleCast cast, int section, StringBuilder text)
    {
        var verb = Pick(random, Verbs);
        var thing = Phrase(random, section);
        text.Append('"').Append(random.Next(6) switch
        {
            0 => $"We have {verb.Past} {thing} and we will not {Pick(random, Verbs).Base} it again",
            1 => $"This is a {Pick(random, QuoteAdjectives)} moment for everyone involved",
            2 => $"Nobody expected {thing} to be {verb.Past} so quickly",
            3 => $"We need to {verb.Base} {thing} before it is too late",
            4 => "It is not perfect, but it is a start",
            _ => $"People want to know what {thing} means for them",
        }).Append(",\" ");
        var person = cast.NextPerson();
        if (person < 0)
        {
            text.Append(random.Next(2) == 0 ? "said one official." : "a spokesperson said.");
        }
        else if (cast.FirstMention(person))
        {
            text.Append("said ").Append(cast[person].Name).Append(", ").Append(Describe(cast[person])).Append('.');
        }
        else
        {
            text.Append("said ").Append(cast.Mention(person, random)).Append('.');
        }
    }

    private static void Figures(Random random, ArticleCast cast, int section, StringBuilder text)
    {
        switch (random.Next(4))
        {
            case 0:
                text.Append("The ").Append(Noun(random, section)).Append(" is expected to cost ").Append(Number(5 + random.Next(995)))
                    .Append(" million ").Append(Pick(random, Currencies)).Append(" over ").Append(Number(2 + random.Next(9))).Append(" years.");
                break;
            case 1:
                text.Append("About ").Append(Number(1 + random.Next(80))).Append(",000 people took part in protests against ")
                    .Append(Phrase(random, section)).Append(' ').Append(Pick(random, Times)).Append('.');
                break;
            case 2:
                text.Append("Support for ").Append(Phrase(random, section)).Append(" fell to ").Append(Number(12 + random.Next(60)))
                    .Append(" per cent, according to a poll published ").Append(Pick(random, Times)).Append('.');
                break;
            default:
                var s = NextSubject(random, cast, false);
                text.Append(s.Text).Append(' ').Append(Pick(random, Reporting)).Append(" that the ").Append(Noun(random, section))
                    .Append(" would affect about ").Append(Number(1 + random.Next(900))).Append(",000 households").Append(s.Where).Append('.');
                break;
        }
    }

    private static string Noun(Random random, int section) =>
        random.Next(100) < 60 ? Pick(random, SectionNouns[section]) : Pick(random, Nouns);

    /// <summary>"the revised budget", "a landmark ruling", "an emergency package", "the shares".</summary>
    private static string Phrase(Random random, int section)
    {
        var noun = Noun(random, section);
        var words = random.Next(2) == 0 ? $"{Pick(random, Adjectives)} {noun}" : noun;
        if (IsPlural(noun) || random.Next(100) < 70)
        {
            return "the " + words;
        }

        return (words[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an " : "a ") + words;
    }

    private static bool IsPlural(string phrase) =>
        phrase.EndsWith('s') && !phrase.EndsWith("ss", StringComparison.Ordinal) && !phrase.EndsWith("us", StringComparison.Ordinal);
}
