using System.Text;

namespace ContentApi.Benchmarks.Corpus;

internal sealed class FrenchPhrasebook : Phrasebook
{
    private static readonly (string Text, bool Plural)[] Groups =
    [
        ("le gouvernement", false), ("les autorités", true), ("les analystes", true), ("l'opposition", false), ("l'entreprise", false),
        ("les syndicats", true), ("le ministre", false), ("les chercheurs", true), ("les habitants", true), ("la commission", false),
        ("les investisseurs", true), ("le régulateur", false), ("les élus locaux", true), ("la direction", false), ("les experts", true),
        ("la police", false), ("le maire", false), ("les économistes", true),
    ];

    private static readonly (string Present, string PresentPlural, string Participle)[] Verbs =
    [
        ("approuve", "approuvent", "approuvé"), ("rejette", "rejettent", "rejeté"), ("annonce", "annoncent", "annoncé"),
        ("critique", "critiquent", "critiqué"), ("propose", "proposent", "proposé"), ("reporte", "reportent", "reporté"),
        ("lance", "lancent", "lancé"), ("défend", "défendent", "défendu"), ("prolonge", "prolongent", "prolongé"),
        ("suspend", "suspendent", "suspendu"), ("soutient", "soutiennent", "soutenu"), ("signe", "signent", "signé"),
        ("examine", "examinent", "examiné"), ("publie", "publient", "publié"), ("conteste", "contestent", "contesté"),
        ("finance", "financent", "financé"), ("dévoile", "dévoilent", "dévoilé"), ("confirme", "confirment", "confirmé"),
    ];

    private static readonly (string Text, bool Plural)[] Things =
    [
        ("le projet de loi", false), ("la réforme des retraites", false), ("le nouveau budget", false), ("l'accord commercial", false),
        ("le plan de relance", false), ("la stratégie nationale", false), ("le rapport annuel", false), ("l'enquête parlementaire", false),
        ("le contrat", false), ("la proposition", false), ("le programme d'investissement", false), ("la décision", false), ("le traité", false),
        ("les sanctions", true), ("la fusion", false), ("le sommet", false), ("le calendrier", false), ("la hausse des tarifs", false),
        ("le projet d'infrastructure", false), ("la campagne", false), ("le financement", false), ("les négociations", true),
        ("le référendum", false), ("la politique énergétique", false), ("le nouveau stade", false), ("la saison", false),
    ];

    private static readonly string[] Reporting = ["déclaré", "affirmé", "averti", "estimé", "souligné", "reconnu", "assuré"];

    private static readonly string[] Times =
        ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "la semaine dernière", "cette année", "en fin de journée", "le mois prochain"];

    private static readonly string[] Circumstances =
        ["après des mois de négociations", "malgré une forte opposition", "dans un climat de tension", "à la surprise générale", "sous la pression de l'opinion", "à une courte majorité"];

    private static readonly string[] Openers = ["Cependant", "Par ailleurs", "Dans un communiqué", "En revanche", "Entre-temps", "De son côté"];

    private static readonly string[] Descriptors =
        ["porte-parole du gouvernement", "ministre des finances", "président de la commission", "économiste", "directeur de l'institut", "avocat", "chercheur", "responsable syndical"];

    private static readonly string[] Adjectives = ["nécessaire", "indispensable", "fragile", "historique", "inacceptable", "crédible", "possible", "probable", "difficile"];

    private static readonly string[] Subheadings = ["Et maintenant ?", "Premières réactions", "Des questions en suspens", "Les chiffres", "Un long chemin", "Le contexte"];

    public override string Language => "fr";

    public override string Headline(Random random, ArticleCast cast, int section)
    {
        var verb = Pick(random, Verbs);
        var thing = Pick(random, Things).Text;
        if (cast.Count == 0)
        {
            var group = Pick(random, Groups);
            return Capitalised($"{group.Text} {(group.Plural ? verb.PresentPlural : verb.Present)} {thing}");
        }

        var lead = cast[0];
        return lead.Kind switch
        {
            EntityKind.Person or EntityKind.Organisation when cast.Count > 1 && cast[1].Kind is EntityKind.Person && random.Next(4) == 0 =>
                $"{lead.Name} et {cast[1].Name} {verb.PresentPlural} {thing}",
            EntityKind.Person or EntityKind.Organisation => $"{lead.Name} {verb.Present} {thing}",
            EntityKind.Other => $"{Capitalised(thing)} : « {lead.Name} » {verb.Participle}",
            _ => $"{lead.Name} : {thing} {verb.Participle}",
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
        if (roll < 35)
        {
            var s = NextSubject(random, cast, lead);
            text.Append(s.Text).Append(s.Plural ? " ont " : " a ").Append(Pick(random, Verbs).Participle).Append(' ').Append(s.Object ?? thing.Text)
                .Append(s.Where).Append(' ').Append(random.Next(2) == 0 ? Pick(random, Times) : Pick(random, Circumstances)).Append('.');
        }
        else if (roll < 45)
        {
            var s = NextSubject(random, cast, false);
            text.Append(Pick(random, Openers)).Append(", ").Append(s.Text).Append(s.Plural ? " ont " : " a ").Append(Pick(random, Verbs).Participle)
                .Append(' ').Append(s.Object ?? thing.Text).Append(s.Where).Append('.');
        }
        else if (roll < 57)
        {
            var s = NextSubject(random, cast, false);
            text.Append(s.Text).Append(s.Plural ? " ont " : " a ").Append(Pick(random, Reporting)).Append(" que ").Append(thing.Text)
                .Append(thing.Plural ? " étaient " : " était ").Append(Pick(random, Adjectives)).Append(thing.Plural ? "s" : "").Append(s.Where).Append('.');
        }
        else if (roll < 70)
        {
            text.Append("« ").Append(random.Next(3) switch
            {
                0 => $"Nous avons {Pick(random, Verbs).Participle} {thing.Text} et nous irons plus loin",
                1 => $"C'est un moment {Pick(random, Adjectives)} pour le pays",
                _ => "Personne ne s'attendait à une décision aussi rapide",
            }).Append(" », a déclaré ");
            var person = cast.NextPerson();
            if (person < 0)
            {
                text.Append("un responsable.");
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
                0 => $"Le coût est estimé à {Number(5 + random.Next(995))} millions d'euros sur {Number(2 + random.Next(9))} ans.",
                1 => $"Quelque {Number(1 + random.Next(80))} 000 personnes ont manifesté contre {thing.Text} {Pick(random, Times)}.",
                _ => $"Selon un sondage publié {Pick(random, Times)}, {Number(12 + random.Next(60))} % des personnes interrogées soutiennent {thing.Text}.",
            });
        }
        else if (roll < 88)
        {
            var s = NextSubject(random, cast, false);
            text.Append(thing.Text).Append(thing.Plural ? " ont été " : " a été ").Append(Pick(random, Verbs).Participle).Append(thing.Plural ? "s " : " ")
                .Append(Pick(random, Times)).Append(s.Where).Append(", selon ").Append(s.Text.TrimEnd(',')).Append('.');
        }
        else if (roll < 94)
        {
            text.Append("Les discussions sur ").Append(thing.Text).Append(" doivent reprendre ").Append(Pick(random, Times)).Append('.');
        }
        else
        {
            var s = NextSubject(random, cast, false);
            var place = cast.NextPlace();
            text.Append(s.Text).Append(s.Plural ? " ont " : " a ").Append(Pick(random, Verbs).Participle).Append(' ').Append(s.Object ?? thing.Text)
                .Append(" à ").Append(place < 0 ? "la capitale" : cast.Mention(place, random)).Append(' ').Append(Pick(random, Times)).Append('.');
        }

        CapitaliseFrom(text, start);
    }

    public override string Subheading(Random random, ArticleCast cast, int section) => Pick(random, Subheadings);

    public override string AltText(Random random, ArticleCast cast)
    {
        var place = cast.NextPlace();
        var where = place < 0 ? "la capitale" : cast[place].Name;
        return random.Next(3) switch
        {
            0 => $"Des manifestants devant un bâtiment officiel à {where}.",
            1 => $"Des délégués arrivent pour des négociations à {where}.",
            _ => $"Vue générale de {where} au crépuscule.",
        };
    }

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
            EntityKind.Place => new(group.Text, group.Plural, " à " + cast.Mention(index, random), null),
            EntityKind.Event => new(group.Text, group.Plural, " lors de " + cast.Mention(index, random), null),
            _ => new(group.Text, group.Plural, "", $"le texte « {cast.Mention(index, random)} »"),
        };
    }
}
