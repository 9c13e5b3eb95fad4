using System.Text;

namespace ContentApi.Benchmarks.Corpus;

internal sealed class GermanPhrasebook : Phrasebook
{
    private static readonly (string Text, bool Plural)[] Groups =
    [
        ("die Regierung", false), ("die Behörden", true), ("Analysten", true), ("die Opposition", false), ("das Unternehmen", false),
        ("die Gewerkschaften", true), ("der Minister", false), ("Forscher", true), ("Anwohner", true), ("die Kommission", false),
        ("Investoren", true), ("die Aufsichtsbehörde", false), ("der Vorstand", false), ("Kritiker", true), ("Experten", true),
        ("die Polizei", false), ("der Bürgermeister", false), ("Ökonomen", true),
    ];

    private static readonly (string Present, string PresentPlural, string Past, string PastPlural, string Participle)[] Verbs =
    [
        ("billigt", "billigen", "billigte", "billigten", "gebilligt"), ("kritisiert", "kritisieren", "kritisierte", "kritisierten", "kritisiert"),
        ("verkündet", "verkünden", "verkündete", "verkündeten", "verkündet"), ("verschiebt", "verschieben", "verschob", "verschoben", "verschoben"),
        ("startet", "starten", "startete", "starteten", "gestartet"), ("verteidigt", "verteidigen", "verteidigte", "verteidigten", "verteidigt"),
        ("verlängert", "verlängern", "verlängerte", "verlängerten", "verlängert"), ("unterstützt", "unterstützen", "unterstützte", "unterstützten", "unterstützt"),
        ("unterzeichnet", "unterzeichnen", "unterzeichnete", "unterzeichneten", "unterzeichnet"), ("prüft", "prüfen", "prüfte", "prüften", "geprüft"),
        ("veröffentlicht", "veröffentlichen", "veröffentlichte", "veröffentlichten", "veröffentlicht"), ("stoppt", "stoppen", "stoppte", "stoppten", "gestoppt"),
        ("fordert", "fordern", "forderte", "forderten", "gefordert"), ("finanziert", "finanzieren", "finanzierte", "finanzierten", "finanziert"),
        ("bestätigt", "bestätigen", "bestätigte", "bestätigten", "bestätigt"), ("präsentiert", "präsentieren", "präsentierte", "präsentierten", "präsentiert"),
        ("begrüßt", "begrüßen", "begrüßte", "begrüßten", "begrüßt"), ("blockiert", "blockieren", "blockierte", "blockierten", "blockiert"),
    ];

    /// <summary>Nominative noun phrases; the accusative swaps a leading "der" for "den".</summary>
    private static readonly (string Text, bool Plural)[] Things =
    [
        ("der Haushaltsentwurf", false), ("die Rentenreform", false), ("das Handelsabkommen", false), ("der Bericht", false),
        ("die neue Strategie", false), ("das Gesetz", false), ("der Vertrag", false), ("die Sanktionen", true), ("das Konjunkturpaket", false),
        ("die Fusion", false), ("der Plan", false), ("die Untersuchung", false), ("der Zeitplan", false), ("die Preiserhöhung", false),
        ("das Investitionsprogramm", false), ("die Verhandlungen", true), ("das Referendum", false), ("die Energiepolitik", false),
        ("der Neubau des Stadions", false), ("die Klimaziele", true), ("der Tarifvertrag", false), ("die Steuerreform", false),
    ];

    private static readonly (string Singular, string Plural)[] Reporting =
        [("erklärte", "erklärten"), ("warnte", "warnten"), ("betonte", "betonten"), ("sagte", "sagten"), ("räumte ein", "räumten ein")];

    private static readonly string[] Times =
        ["am Montag", "am Dienstag", "am Mittwoch", "am Donnerstag", "am Freitag", "am Samstag", "am Sonntag", "in der vergangenen Woche", "in diesem Jahr", "im kommenden Monat"];

    private static readonly string[] Circumstances =
        ["nach monatelangen Verhandlungen", "trotz heftiger Kritik", "überraschend", "mit sofortiger Wirkung", "nach langer Prüfung", "unter wachsendem Druck"];

    private static readonly string[] Openers = ["Allerdings", "Unterdessen", "Zugleich", "Dennoch", "Bereits zuvor", "Inzwischen"];

    private static readonly string[] Descriptors =
        ["Sprecher der Regierung", "Finanzminister", "Vorsitzender des Ausschusses", "Ökonom", "Direktor des Instituts", "Anwalt", "Forscher", "Gewerkschaftschef"];

    private static readonly string[] Adjectives = ["notwendig", "unzureichend", "historisch", "verfrüht", "riskant", "überfällig"];

    private static readonly string[] Subheadings = ["Wie es weitergeht", "Erste Reaktionen", "Offene Fragen", "Die Zahlen", "Ein langer Weg", "Der Hintergrund"];

    public override string Language => "de";

    public override string Headline(Random random, ArticleCast cast, int section)
    {
        var verb = Pick(random, Verbs);
        var thing = Pick(random, Things);
        if (cast.Count == 0)
        {
            var group = Pick(random, Groups);
            return Capitalised($"{group.Text} {(group.Plural ? verb.PresentPlural : verb.Present)} {Accusative(thing.Text)}");
        }

        var lead = cast[0];
        return lead.Kind switch
        {
            EntityKind.Person or EntityKind.Organisation when cast.Count > 1 && cast[1].Kind is EntityKind.Person && random.Next(4) == 0 =>
                $"{lead.Name} und {cast[1].Name} {verb.PresentPlural} {Accusative(thing.Text)}",
            EntityKind.Person or EntityKind.Organisation => $"{lead.Name} {verb.Present} {Accusative(thing.Text)}",
            EntityKind.Other => $"„{lead.Name}“: {Capitalised(Bare(thing.Text))} {verb.Participle}",
            _ => $"{lead.Name}: {Capitalised(Bare(thing.Text))} {verb.Participle}",
        };
    }

    public override string Standfirst(Random random, ArticleCast cast, int section)
    {
        var text = new StringBuilder();
        Sentence(random, cast, section, text, lead: true);
        text.Append(' ');
        Sentence(random, cast, section, text, lead: true);
        return text.ToString();
    }

    public override void Sentence(Random random, ArticleCast cast, int section, StringBuilder text, bool lead)
    {
        var start = text.Length;
        var roll = lead ? 0 : random.Next(100);
        var thing = Pick(random, Things);
        var verb = Pick(random, Verbs);
        if (roll < 35)
        {
            var s = NextSubject(random, cast, lead);
            text.Append(s.Text).Append(' ').Append(s.Plural ? verb.PastPlural : verb.Past).Append(' ').Append(s.Object ?? Accusative(thing.Text))
                .Append(s.Where).Append(' ').Append(random.Next(2) == 0 ? Pick(random, Times) : Pick(random, Circumstances)).Append('.');
        }
        else if (roll < 45)
        {
            var s = NextSubject(random, cast, false);
            text.Append(Pick(random, Openers)).Append(' ').Append(s.Plural ? verb.PastPlural : verb.Past).Append(' ').Append(s.Text.TrimEnd(','))
                .Append(' ').Append(s.Object ?? Accusative(thing.Text)).Append(s.Where).Append('.');
        }
        else if (roll < 57)
        {
            var s = NextSubject(random, cast, false);
            var reporting = Pick(random, Reporting);
            text.Append(s.Text).Append(' ').Append(s.Plural ? reporting.Plural : reporting.Singular).Append(", ").Append(thing.Text)
                .Append(thing.Plural ? " seien " : " sei ").Append(Pick(random, Adjectives)).Append('.');
        }
        else if (roll < 70)
        {
            text.Append('„').Append(random.Next(3) switch
            {
                0 => $"Wir haben {Accusative(thing.Text)} {verb.Participle}, und das war richtig",
                1 => "Das ist ein historischer Moment für uns alle",
                _ => "Niemand hat damit gerechnet",
            }).Append("“, sagte ");
            var person = cast.NextPerson();
            if (person < 0)
            {
                text.Append("ein Sprecher.");
            }
            else
            {
                var first = cast.FirstMention(person);
                text.Append(first ? cast[person].Name : cast.Mention(person, random));
                text.Append(first ? ", " + Describe(cast[person]) + "." : ".");
            }
        }
        else if (roll < 78)
        {
            text.Append(random.Next(3) switch
            {
                0 => $"Die Kosten werden auf {Number(5 + random.Next(995))} Millionen Euro über {Number(2 + random.Next(9))} Jahre geschätzt.",
                1 => $"Rund {Number(1 + random.Next(80))}.000 Menschen protestierten {Pick(random, Times)} gegen {Accusative(thing.Text)}.",
                _ => $"Laut einer Umfrage unterstützen nur {Number(12 + random.Next(60))} Prozent der Befragten {Accusative(thing.Text)}.",
            });
        }
        else if (roll < 88)
        {
            var s = NextSubject(random, cast, false);
            text.Append(thing.Text).Append(thing.Plural ? " wurden " : " wurde ").Append(Pick(random, Times)).Append(s.Where).Append(' ')
                .Append(verb.Participle).Append(", wie ").Append(s.Text.TrimEnd(',')).Append(s.Plural ? " mitteilten." : " mitteilte.");
        }
        else if (roll < 94)
        {
            text.Append("Die Gespräche über ").Append(Accusative(thing.Text)).Append(" sollen ").Append(Pick(random, Times)).Append(" fortgesetzt werden.");
        }
        else
        {
            var s = NextSubject(random, cast, false);
            var place = cast.NextPlace();
            text.Append(s.Text).Append(' ').Append(s.Plural ? verb.PastPlural : verb.Past).Append(' ').Append(s.Object ?? Accusative(thing.Text))
                .Append(" in ").Append(place < 0 ? "der Hauptstadt" : cast.Mention(place, random)).Append(' ').Append(Pick(random, Times)).Append('.');
        }

        CapitaliseFrom(text, start);
    }

    public override string Subheading(Random random, ArticleCast cast, int section) => Pick(random, Subheadings);

    public override string AltText(Random random, ArticleCast cast)
    {
        var place = cast.NextPlace();
        var where = place < 0 ? "der Hauptstadt" : cast[place].Name;
        return random.Next(3) switch
        {
            0 => $"Demonstranten vor einem Regierungsgebäude in {where}.",
            1 => $"Delegierte treffen zu Gesprächen in {where} ein.",
            _ => $"Blick auf {where} in der Abenddämmerung.",
        };
    }

    private static string Accusative(string nominative) =>
        nominative.StartsWith("der ", StringComparison.Ordinal) ? "den " + nominative[4..] : nominative;

    private static string Bare(string nominative) => nominative[(nominative.IndexOf(' ', StringComparison.Ordinal) + 1)..];

    private static string Describe(EntityRecord person) => Descriptors[person.Trait % Descriptors.Length];

    private readonly record struct Subject(string Text, bool Plural, string Where, string? Object);

    private static Subject NextSubject(Random random, ArticleCast cast, bool lead)
    {
        var index = lead || random.Next(100) < 45 ? cast.NextIndex() : -1;
        var group = Pick(random, Groups);
        if (index < 0)
        {
            return new(group.Text, group.Plural, "", null);
        }

        var entity = cast[index];
        return entity.Kind switch
        {
            EntityKind.Person when cast.FirstMention(index) => new($"{entity.Name}, {Describe(entity)},", false, "", null),
            EntityKind.Person or EntityKind.Organisation => new(cast.Mention(index, random), false, "", null),
            EntityKind.Place => new(group.Text, group.Plural, " in " + cast.Mention(index, random), null),
            EntityKind.Event => new(group.Text, group.Plural, " beim " + cast.Mention(index, random), null),
            _ => new(group.Text, group.Plural, "", $"das Vorhaben „{cast.Mention(index, random)}“"),
        };
    }
}
