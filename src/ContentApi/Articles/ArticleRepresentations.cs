using System.Text.Json;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.ReadModel;
using ContentApi.Related;
using ContentApi.Revisions;
using ContentApi.Tags;
using Mapster;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ContentApi.Articles;

/// <summary>
/// Renders what reads serve, once, when it is written: an article's document (its facts, its list item, and the JSON
/// of its page around the bylines, tags, entities and pinned articles, which are spliced in when read) and the
/// fragment of a byline, tag or entity. The bytes are those serializing the response records gives, with the API's
/// JSON options, so a page read back is byte for byte what serializing ArticleResponse would send.
/// </summary>
public sealed class ArticleRepresentations(IOptions<JsonOptions> json) : IRepresentationRenderer
{
    /// <summary>
    /// Where a page's links go: rendered with none, they serialize as exactly this, which no JSON string can contain
    /// (its quotes would be escaped), so it marks the place between the head and the tail.
    /// </summary>
    private static readonly byte[] LinksWithNone = "\"bylines\":[],\"tags\":[],\"entities\":[],\"relatedArticles\":[],"u8.ToArray();

    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    public ArticleDocument Render(Article article, IReadOnlyList<ArticleRevision> corrections, int revision)
    {
        var page = article.Adapt<ArticleResponse>() with
        {
            Bylines = [],
            Tags = [],
            Entities = [],
            RelatedArticles = [],
            Corrections = [.. corrections.Select(c => new ArticleCorrectionResponse(c.CreatedAt, c.Correction!))],
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(page, _json);
        var at = bytes.AsSpan().IndexOf(LinksWithNone);
        var teaser = Teaser.Parse(JsonSerializer.SerializeToUtf8Bytes(article.Adapt<ArticleListItem>(), _json));
        return new ArticleDocument(FactsOf(article), teaser, bytes[..at], bytes[(at + LinksWithNone.Length)..], revision);
    }

    public ReferenceFragment Render(Tag tag) =>
        new(tag.Id, tag.Slug, tag.Name, null, tag.UpdatedAt, JsonSerializer.SerializeToUtf8Bytes(tag.Adapt<TagResponse>(), _json));

    public ReferenceFragment Render(Byline byline) =>
        new(byline.Id, byline.Slug, byline.Name, null, byline.UpdatedAt, JsonSerializer.SerializeToUtf8Bytes(byline.Adapt<BylineResponse>(), _json));

    public ReferenceFragment Render(NamedEntity entity) =>
        new(entity.Id, entity.Slug, entity.Name, entity.Type, entity.UpdatedAt, JsonSerializer.SerializeToUtf8Bytes(entity.Adapt<EntityResponse>(), _json));

    /// <summary>What the read model keeps of the article, with its links in display order.</summary>
    private static ArticleFacts FactsOf(Article article)
    {
        var bylines = article.Bylines.OrderBy(l => l.Position).ToList();
        var entities = article.Entities.OrderBy(l => l.Position).ToList();
        return new ArticleFacts(
            article.Id, article.Status, article.PublishedAt, article.Section, article.Language, article.Syndication.Allowed,
            article.Syndication.ExpiresAt,
            [.. article.Tags.OrderBy(l => l.Position).Select(l => l.TagId)],
            [.. bylines.Select(l => l.BylineId)],
            [.. entities.Select(l => l.EntityId)],
            entities.All(l => l.Salience == 1) ? null : [.. entities.Select(l => (float)l.Salience)],
            article.EmbargoUntil,
            KeyTermText.Read(article.KeyTerms.Terms) is { Count: > 0 } terms ? [.. terms] : null)
        {
            Slug = article.Slug,
            Headline = article.Headline,
            UpdatedAt = article.UpdatedAt,
            BylineRoles = [.. bylines.Select(l => l.Role)],
            PinIds = [.. article.Pins.OrderBy(p => p.Position).Select(p => p.PinnedArticleId)],
            Reach = article.Reach,
            ReachChangesAt = article.ReachChangesAt,
        };
    }
}
