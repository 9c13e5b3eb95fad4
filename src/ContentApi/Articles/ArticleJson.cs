using System.Buffers;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.ReadModel;
using ContentApi.Related;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ContentApi.Articles;

/// <summary>
/// Puts answers together from what was rendered at write time, with no serializing of records per request: an article's
/// page (its stored head and tail around the fragments of its bylines, tags and entities and the teasers of its visible
/// pinned articles), and list items (a teaser's fields, what include= embeds, a search snippet). The bytes are those
/// serializing ArticleResponse and ArticleListItem would give. Run inside ContentReadModel.Read: they read the model.
/// </summary>
public sealed class ArticleJson(IOptions<JsonOptions> json)
{
    private static readonly Dictionary<BylineCredit, byte[]> Roles = Enum.GetValues<BylineCredit>().ToDictionary(
        role => role, role => JsonSerializer.SerializeToUtf8Bytes(role, CreateOptions()));

    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    public JsonSerializerOptions Options => _json;

    /// <summary>
    /// The article's page as <paramref name="visibility"/>'s audience sees it: pinned articles it may not see are left out.
    /// Notes the surrogate keys of what it shows (every pin, visible or not: one may become visible) and returns when the
    /// newest of it last changed.
    /// </summary>
    public static (byte[] Json, DateTime LastModified) Page(
        StoredPage stored, ArticleFacts facts, ContentReadModel.View view, ArticleVisibility visibility, ISet<string> keys)
    {
        var output = new ArrayBufferWriter<byte>(stored.Head.Length + stored.Tail.Length + 4096);
        var lastModified = facts.UpdatedAt;
        keys.Add(SurrogateKeys.Article(facts.Id));
        Teaser.Put(output, stored.Head);
        Teaser.Put(output, "\"bylines\":["u8);
        var first = true;
        for (var i = 0; i < facts.BylineIds.Length; i++)
        {
            if (view.Bylines.Find(facts.BylineIds[i]) is not { } byline)
            {
                continue;
            }

            Teaser.Put(output, first ? "{\"role\":"u8 : ",{\"role\":"u8);
            Teaser.Put(output, Roles[i < facts.BylineRoles.Length ? facts.BylineRoles[i] : BylineCredit.Writer]);
            Teaser.Put(output, ",\"byline\":"u8);
            Teaser.Put(output, byline.Json);
            Teaser.Put(output, "}"u8);
            keys.Add(SurrogateKeys.Of(FeatureKind.Byline, byline.Id));
            lastModified = Later(lastModified, byline.UpdatedAt);
            first = false;
        }

        Teaser.Put(output, "],\"tags\":["u8);
        lastModified = Later(lastModified, Fragments(output, view.Tags, facts.TagIds, FeatureKind.Tag, keys));
        Teaser.Put(output, "],\"entities\":["u8);
        lastModified = Later(lastModified, Fragments(output, view.Entities, facts.EntityIds, FeatureKind.Entity, keys));
        Teaser.Put(output, "],\"relatedArticles\":["u8);
        var visible = visibility.ForFacts();
        first = true;
        foreach (var pin in facts.PinIds)
        {
            keys.Add(SurrogateKeys.Article(pin));
            if (view.Find(pin) is { } pinned && visible(pinned) && view.TeaserOf(pin) is { } teaser)
            {
                if (!first)
                {
                    Teaser.Put(output, ","u8);
                }

                teaser.Write(output, fields: null);
                first = false;
            }
        }

        Teaser.Put(output, "],"u8);
        Teaser.Put(output, stored.Tail);
        return (output.WrittenSpan.ToArray(), lastModified);
    }

    /// <summary>
    /// A list item: the teaser's fields that <paramref name="fields"/> keeps (all when null), then the search snippet and
    /// the bylines, tags and entities <paramref name="include"/> asks for, where fields keeps them too.
    /// </summary>
    public void Item(
        IBufferWriter<byte> output, ArticleFacts facts, Teaser teaser, ContentReadModel.View view, ItemShape shape, string? snippet, ISet<string> keys)
    {
        keys.Add(SurrogateKeys.Article(facts.Id));
        var extra = new ArrayBufferWriter<byte>(256);
        if (snippet is not null && shape.Keeps("snippet"))
        {
            Teaser.Put(extra, "\"snippet\":"u8);
            Teaser.Put(extra, JsonSerializer.SerializeToUtf8Bytes(snippet, _json));
        }

        if (shape.Bylines && shape.Keeps("bylines"))
        {
            Separate(extra);
            Teaser.Put(extra, "\"bylines\":["u8);
            var first = true;
            for (var i = 0; i < facts.BylineIds.Length; i++)
            {
                if (view.Bylines.Find(facts.BylineIds[i]) is not { } byline)
                {
                    continue;
                }

                Teaser.Put(extra, first ? "{\"role\":"u8 : ",{\"role\":"u8);
                Teaser.Put(extra, Roles[i < facts.BylineRoles.Length ? facts.BylineRoles[i] : BylineCredit.Writer]);
                Teaser.Put(extra, ",\"byline\":"u8);
                Teaser.Put(extra, byline.Json);
                Teaser.Put(extra, "}"u8);
                keys.Add(SurrogateKeys.Of(FeatureKind.Byline, byline.Id));
                first = false;
            }

            Teaser.Put(extra, "]"u8);
        }

        if (shape.Tags && shape.Keeps("tags"))
        {
            Separate(extra);
            Teaser.Put(extra, "\"tags\":["u8);
            Fragments(extra, view.Tags, facts.TagIds, FeatureKind.Tag, keys);
            Teaser.Put(extra, "]"u8);
        }

        if (shape.Entities && shape.Keeps("entities"))
        {
            Separate(extra);
            Teaser.Put(extra, "\"entities\":["u8);
            Fragments(extra, view.Entities, facts.EntityIds, FeatureKind.Entity, keys);
            Teaser.Put(extra, "]"u8);
        }

        teaser.Write(output, shape.Fields is null ? null : shape.Keeps, extra.WrittenSpan);
    }

    /// <summary>Writes the fragments of these ids, comma-separated; returns when the newest changed.</summary>
    private static DateTime Fragments(IBufferWriter<byte> output, ReferenceTable table, int[] ids, FeatureKind kind, ISet<string> keys)
    {
        var newest = DateTime.MinValue;
        var first = true;
        foreach (var id in ids)
        {
            if (table.Find(id) is not { } fragment)
            {
                continue;
            }

            if (!first)
            {
                Teaser.Put(output, ","u8);
            }

            Teaser.Put(output, fragment.Json);
            keys.Add(SurrogateKeys.Of(kind, id));
            newest = Later(newest, fragment.UpdatedAt);
            first = false;
        }

        return newest;
    }

    private static void Separate(ArrayBufferWriter<byte> extra)
    {
        if (extra.WrittenCount > 0)
        {
            Teaser.Put(extra, ","u8);
        }
    }

    private static DateTime Later(DateTime a, DateTime b) => a >= b ? a : b;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        HttpSetup.ConfigureJson(options);
        return options;
    }
}

/// <summary>What a list item shows: the fields kept (null: all) and what is embedded.</summary>
public sealed record ItemShape(IReadOnlySet<string>? Fields, bool Bylines, bool Tags, bool Entities)
{
    public static readonly ItemShape Plain = new(null, false, false, false);

    public static ItemShape Of(IReadOnlyList<string> include, IReadOnlyList<string>? fields) => new(
        fields is { Count: > 0 } ? fields.ToHashSet(StringComparer.Ordinal) : null,
        include.Contains("bylines"), include.Contains("tags"), include.Contains("entities"));

    public bool Keeps(string field) => Fields is null || Fields.Contains(field);
}
