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
    /// Writes the article's page as <paramref name="visibility"/>'s audience sees it: pinned articles it may not see are
    /// left out. Notes the surrogate keys of what it shows (every pin, visible or not: one may become visible) and returns
    /// when the newest of it last changed.
    /// </summary>
    /// <param name="related">Writes the Related Articles box the page embeds as related (include=related); null for none.</param>
    public static DateTime Page(
        IBufferWriter<byte> output, StoredPage stored, ArticleFacts facts, ContentReadModel.View view, ArticleVisibility visibility, ISet<string> keys,
        Action<IBufferWriter<byte>>? related = null)
    {
        var lastModified = facts.UpdatedAt;
        keys.Add(SurrogateKeys.Article(facts.Id));
        Teaser.Put(output, stored.Head);
        Teaser.Put(output, "\"bylines\":["u8);
        lastModified = Later(lastModified, Bylines(output, view, facts, keys));
        Teaser.Put(output, "],\"tags\":["u8);
        lastModified = Later(lastModified, Fragments(output, view.Tags, facts.TagIds, FeatureKind.Tag, keys));
        Teaser.Put(output, "],\"entities\":["u8);
        lastModified = Later(lastModified, Fragments(output, view.Entities, facts.EntityIds, FeatureKind.Entity, keys));
        Teaser.Put(output, "],\"relatedArticles\":["u8);
        var visible = visibility.ForFacts();
        var first = true;
        foreach (var pin in facts.PinIds)
        {
            keys.Add(SurrogateKeys.Article(pin));
            if (view.Find(pin) is { } pinned && visible(pinned) && view.TeaserOf(pin) is { } teaser)
            {
                if (!first)
                {
                    Teaser.Put(output, ","u8);
                }

                teaser.Write(output);
                first = false;
            }
        }

        Teaser.Put(output, "],"u8);
        if (related is null)
        {
            Teaser.Put(output, stored.Tail);
            return lastModified;
        }

        // The tail ends with the page's closing brace: the box goes before it, where ArticleResponse.Related would be.
        Teaser.Put(output, stored.Tail.AsSpan(0, stored.Tail.Length - 1));
        Teaser.Put(output, ",\"related\":"u8);
        related(output);
        Teaser.Put(output, "}"u8);
        return lastModified;
    }

    /// <summary>
    /// A list item: the teaser's fields that <paramref name="shape"/> keeps (all when it names none), then the search
    /// snippet and the bylines, tags and entities it embeds, where its fields keep them too.
    /// </summary>
    public void Item(
        IBufferWriter<byte> output, ArticleFacts facts, Teaser teaser, ContentReadModel.View view, ItemShape shape, string? snippet, ISet<string> keys)
    {
        keys.Add(SurrogateKeys.Article(facts.Id));
        Teaser.Put(output, "{"u8);
        var any = teaser.WriteFields(output, shape.Fields is null ? null : shape.Keeps);
        if (snippet is not null && shape.Keeps("snippet"))
        {
            Teaser.Put(output, any ? ",\"snippet\":"u8 : "\"snippet\":"u8);
            Teaser.Put(output, JsonSerializer.SerializeToUtf8Bytes(snippet, _json));
            any = true;
        }

        if (shape.Bylines && shape.Keeps("bylines"))
        {
            Teaser.Put(output, any ? ",\"bylines\":["u8 : "\"bylines\":["u8);
            Bylines(output, view, facts, keys);
            Teaser.Put(output, "]"u8);
            any = true;
        }

        if (shape.Tags && shape.Keeps("tags"))
        {
            Teaser.Put(output, any ? ",\"tags\":["u8 : "\"tags\":["u8);
            Fragments(output, view.Tags, facts.TagIds, FeatureKind.Tag, keys);
            Teaser.Put(output, "]"u8);
            any = true;
        }

        if (shape.Entities && shape.Keeps("entities"))
        {
            Teaser.Put(output, any ? ",\"entities\":["u8 : "\"entities\":["u8);
            Fragments(output, view.Entities, facts.EntityIds, FeatureKind.Entity, keys);
            Teaser.Put(output, "]"u8);
        }

        Teaser.Put(output, "}"u8);
    }

    /// <summary>Writes the article's bylines, each with its role, comma-separated; returns when the newest changed.</summary>
    private static DateTime Bylines(IBufferWriter<byte> output, ContentReadModel.View view, ArticleFacts facts, ISet<string> keys)
    {
        var newest = DateTime.MinValue;
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
            newest = Later(newest, byline.UpdatedAt);
            first = false;
        }

        return newest;
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
