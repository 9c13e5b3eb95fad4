using System.Text;
using System.Text.Json;

namespace ContentApi.Benchmarks.Corpus;

internal sealed record CorpusSummary(int Bylines, int Tags, int Entities, int Articles, long Bytes);

/// <summary>
/// Writes a synthetic newsroom as NDJSON: every byline, then every tag, every entity, then the articles,
/// one JSON object per line with a "record" discriminator, in the shape of the service's create requests
/// (references by slug). The output depends only on the options: each article has its own random stream
/// derived from the seed and its index, and the calendar is fixed (five years of publication ending
/// <see cref="End"/>, scheduled articles in 2027), never the clock.
/// </summary>
internal sealed class CorpusGenerator(CorpusOptions options)
{
    public static readonly DateTime Start = new(2021, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime End = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime ScheduledFrom = new(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Zipf exponent for tag, entity and section popularity; bylines are flatter, a newsroom shares the work.</summary>
    public const double Popularity = 1.0;
    public const double BylinePopularity = 0.6;

    private static readonly string[] Licences =
    [
        "Ledger Wire partners may republish in full with credit to The Meridian Ledger.",
        "Republication permitted for Ledger Wire members; edits limited to length and house style.",
        "Partners may republish the text; images are not included.",
    ];

    private static readonly string[] Agencies = ["Meridian Ledger Pictures", "Northlight Images", "Ledger Wire", "Harbour Photo Agency"];

    private readonly StringBuilder _text = new(16 * 1024);
    private readonly ArticleCast _cast = new();
    private readonly List<int> _picked = [];
    private readonly SlugRegistry _articleSlugs = new();

    public CorpusSummary WriteTo(Stream stream)
    {
        var newsroom = new NewsroomBuilder(options.Seed).Build(options.Bylines, options.Tags, options.Entities);
        using var writer = new NdjsonWriter(stream);
        foreach (var byline in newsroom.Bylines)
        {
            WriteByline(writer, byline);
        }

        foreach (var tag in newsroom.Tags)
        {
            WriteTag(writer, tag);
        }

        foreach (var entity in newsroom.Entities)
        {
            WriteEntity(writer, entity);
        }

        var popularity = Seeds.For(options.Seed, Seeds.Popularity);
        var pickers = new Pickers(
            new ZipfPicker(newsroom.Bylines.Count, BylinePopularity, popularity),
            new ZipfPicker(newsroom.Tags.Count, Popularity, popularity),
            new ZipfPicker(newsroom.Entities.Count, Popularity, popularity),
            new ZipfPicker(NewsroomBuilder.Sections.Length, Popularity, shuffle: null));
        for (var i = 0; i < options.Articles; i++)
        {
            WriteArticle(writer, newsroom, pickers, i);
        }

        writer.Complete();
        return new(newsroom.Bylines.Count, newsroom.Tags.Count, newsroom.Entities.Count, options.Articles, writer.BytesWritten);
    }

    private sealed record Pickers(ZipfPicker Bylines, ZipfPicker Tags, ZipfPicker Entities, ZipfPicker Sections);

    private static void WriteByline(NdjsonWriter writer, BylineRecord byline)
    {
        var json = writer.BeginRecord(Json.BylineRecord);
        json.WriteString(Json.Slug, byline.Slug);
        json.WriteString(Json.Name, byline.Name);
        json.WriteString(Json.Role, byline.Role);
        json.WriteString(Json.Bio, byline.Bio);
        json.WriteString(Json.AvatarUrl, byline.AvatarUrl);
        json.WriteStartArray(Json.Links);
        foreach (var link in byline.Links)
        {
            json.WriteStartObject();
            json.WriteString(Json.Kind, link.Kind);
            json.WriteString(Json.Url, link.Url);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        writer.EndRecord();
    }

    private static void WriteTag(NdjsonWriter writer, TagRecord tag)
    {
        var json = writer.BeginRecord(Json.TagRecord);
        json.WriteString(Json.Slug, tag.Slug);
        json.WriteString(Json.Name, tag.Name);
        json.WriteString(Json.Description, tag.Description);
        json.WriteString(Json.Type, tag.Type);
        writer.EndRecord();
    }

    private static void WriteEntity(NdjsonWriter writer, EntityRecord entity)
    {
        var json = writer.BeginRecord(Json.EntityRecord);
        json.WriteString(Json.Slug, entity.Slug);
        json.WriteString(Json.Name, entity.Name);
        json.WriteString(Json.Type, entity.Type);
        json.WriteStartArray(Json.Aliases);
        foreach (var alias in entity.Aliases)
        {
            json.WriteStringValue(alias);
        }

        json.WriteEndArray();
        json.WriteString(Json.Description, entity.Description);
        json.WriteNull(Json.WikidataId);
        json.WriteNull(Json.GeoNamesId);
        writer.EndRecord();
    }

    private void WriteArticle(NdjsonWriter writer, Newsroom newsroom, Pickers pickers, int index)
    {
        var random = Seeds.For(options.Seed, Seeds.Articles, index);
        var section = pickers.Sections.Next(random);

        // 94% published, 3% draft, 2% scheduled (2027), 1% archived.
        var roll = random.Next(100);
        var (status, publishAt) = roll switch
        {
            < 94 => ("published", PublishedAt(random)),
            < 97 => ("draft", (DateTime?)null),
            < 99 => ("scheduled", ScheduledFrom.AddDays(random.Next(365)).AddHours(6 + random.Next(14)).AddMinutes(15 * random.Next(4))),
            _ => ("archived", PublishedAt(random)),
        };

        var language = random.Next(100) switch
        {
            < 96 => Phrasebook.English,
            < 98 => Phrasebook.French,
            _ => Phrasebook.German,
        };

        // 1 byline (70%), 2 (22%) or 3 (8%); a quarter of drafts have none yet.
        var bylineCount = status == "draft" && random.Next(4) == 0 ? 0 : random.Next(100) switch { < 70 => 1, < 92 => 2, _ => 3 };
        pickers.Bylines.PickDistinct(random, bylineCount, _picked);
        var bylines = _picked.Select(i => newsroom.Bylines[i]).ToArray();
        var roles = new string[bylines.Length];
        for (var b = 0; b < roles.Length; b++)
        {
            roles[b] = b == 0 ? "writer" : random.Next(100) switch { < 70 => "reporting", < 85 => "photographer", _ => "editor" };
        }

        pickers.Tags.PickDistinct(random, 3 + random.Next(6), _picked);
        var tags = _picked.Select(i => newsroom.Tags[i].Slug).ToArray();
        pickers.Entities.PickDistinct(random, 2 + random.Next(14), _picked);
        var entities = _picked.Select(i => newsroom.Entities[i]).ToArray();

        _cast.Reset(entities);
        var headline = Fit(language.Headline(random, _cast, section), 200);
        var standfirst = Fit(language.Standfirst(random, _cast, section), 500);
        _cast.Reset(entities);
        var body = Body(random, language, section);
        var slug = _articleSlugs.Claim(headline);
        var sectionName = NewsroomBuilder.Sections[section];

        var json = writer.BeginRecord(Json.ArticleRecord);
        json.WriteString(Json.Slug, slug);
        json.WriteString(Json.Headline, headline);
        json.WriteString(Json.Standfirst, standfirst);
        json.WriteString(Json.Body, body);
        json.WriteString(Json.Section, sectionName);
        json.WriteString(Json.Status, status);
        json.WriteString(Json.PublishAt, publishAt is { } at ? Json.Timestamp(at) : null);
        json.WriteString(Json.Language, language.Language);
        var path = language == Phrasebook.English ? "" : "/" + language.Language;
        json.WriteString(Json.CanonicalUrl, status == "draft" ? null : $"{NewsroomBuilder.Site}{path}/{ContentApi.Http.Slugs.From(sectionName)}/{slug}");
        WriteFeaturedImage(json, random, language, section, slug, bylines, roles);
        WriteSyndication(json, random, publishAt);
        json.WriteStartArray(Json.Bylines);
        for (var b = 0; b < bylines.Length; b++)
        {
            json.WriteStartObject();
            json.WriteString(Json.Byline, bylines[b].Slug);
            json.WriteString(Json.Role, roles[b]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteStrings(json, Json.Tags, tags);
        WriteStrings(json, Json.Entities, entities.Select(e => e.Slug));
        json.WriteStartArray(Json.RelatedArticles);
        json.WriteEndArray();
        writer.EndRecord();
    }

    /// <summary>Uniform over the five years, between 06:00 and 22:55 UTC on a five-minute mark.</summary>
    private static DateTime PublishedAt(Random random) =>
        Start.AddDays(random.Next((End - Start).Days)).AddHours(6 + random.Next(17)).AddMinutes(5 * random.Next(12));

    /// <summary>
    /// About 600 words on average (a target of 275 to 875, finished at the end of a paragraph) in paragraphs
    /// of 2 to 5 sentences, with the odd "##" subheading.
    /// </summary>
    private string Body(Random random, Phrasebook language, int section)
    {
        _text.Clear();
        var target = 275 + random.Next(601);
        var words = 0;
        var subheadings = 0;
        string? lastSubheading = null;
        for (var paragraph = 0; words < target; paragraph++)
        {
            if (paragraph >= 2 && subheadings < 3 && random.Next(100) < 12)
            {
                var subheading = language.Subheading(random, _cast, section);
                if (subheading != lastSubheading)
                {
                    _text.Append("## ").Append(subheading).Append("\n\n");
                    lastSubheading = subheading;
                    subheadings++;
                }
            }

            var start = _text.Length;
            var sentences = paragraph == 0 ? 2 + random.Next(2) : 2 + random.Next(4);
            for (var s = 0; s < sentences; s++)
            {
                if (s > 0)
                {
                    _text.Append(' ');
                }

                // The first paragraph brings in the article's first entities by name, as a lede does.
                language.Sentence(random, _cast, section, _text, lead: paragraph == 0 && s < 2);
            }

            for (var c = start; c < _text.Length; c++)
            {
                if (_text[c] == ' ')
                {
                    words++;
                }
            }

            words++;
            _text.Append("\n\n");
        }

        _text.Length -= 2;
        return _text.ToString();
    }

    private void WriteFeaturedImage(Utf8JsonWriter json, Random random, Phrasebook language, int section, string slug, BylineRecord[] bylines, string[] roles)
    {
        if (random.Next(100) >= 80)
        {
            json.WriteNull(Json.FeaturedImage);
            return;
        }

        var photographer = Array.IndexOf(roles, "photographer");
        json.WriteStartObject(Json.FeaturedImage);
        json.WriteString(Json.Url, $"https://images.example.com/articles/{slug}.jpg");
        json.WriteString(Json.AltText, language.AltText(random, _cast));
        _text.Clear();
        language.Sentence(random, _cast, section, _text, lead: false);
        json.WriteString(Json.Caption, Fit(_text.ToString(), 1000));
        json.WriteString(Json.Credit, photographer >= 0
            ? $"{bylines[photographer].Name} / {NewsroomBuilder.Publication}"
            : Agencies[random.Next(Agencies.Length)]);
        json.WriteEndObject();
    }

    /// <summary>85% cleared for partners, some with a licence text and an expiry 6 to 24 months after publication.</summary>
    private static void WriteSyndication(Utf8JsonWriter json, Random random, DateTime? publishAt)
    {
        var allowed = random.Next(100) < 85;
        json.WriteStartObject(Json.Syndication);
        json.WriteBoolean(Json.Allowed, allowed);
        json.WriteString(Json.Licence, allowed && random.Next(100) < 60 ? Licences[random.Next(Licences.Length)] : null);
        json.WriteString(Json.ExpiresAt, allowed && publishAt is { } at && random.Next(2) == 0
            ? Json.Timestamp(at.Date.AddMonths(6 + random.Next(19)))
            : null);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, JsonEncodedText name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string Fit(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        return text[..(cut > 0 ? cut : max)];
    }
}
