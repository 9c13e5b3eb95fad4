using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ContentApi.Feeds;

/// <summary>A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1), served as application/feed+json.</summary>
public sealed record JsonFeed(
    [property: JsonPropertyName("version"), Description("Always https://jsonfeed.org/version/1.1")] string Version,
    [property: JsonPropertyName("title"), Description("The publication and what the feed is filtered by")] string Title,
    [property: JsonPropertyName("home_page_url"), Description("The same articles as a list: GET /v1/articles with the feed's filters")] string HomePageUrl,
    [property: JsonPropertyName("feed_url"), Description("This feed's own address")] string FeedUrl,
    [property: JsonPropertyName("description"), Description("What the feed is filtered by, in words")] string Description,
    [property: JsonPropertyName("authors"), Description("The publication")] IReadOnlyList<JsonFeedAuthor> Authors,
    [property: JsonPropertyName("items"), Description("The newest articles first")] IReadOnlyList<JsonFeedItem> Items);

/// <summary>One article in a JSON Feed.</summary>
public sealed record JsonFeedItem(
    [property: JsonPropertyName("id"), Description("The article's API address by id: stable and unique")] string Id,
    [property: JsonPropertyName("url"), Description("Where to read the article: its canonicalUrl, or its API address by slug")] string Url,
    [property: JsonPropertyName("title"), Description("The headline")] string Title,
    [property: JsonPropertyName("summary"), Description("The standfirst, or the start of the body when there is none")] string Summary,
    [property: JsonPropertyName("content_html"), Description("The full body as sanitized HTML: for partner, editor and admin keys only"),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContentHtml,
    [property: JsonPropertyName("content_text"), Description("The summary again, for callers who do not get the full body (JSON Feed needs one of the two)"),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContentText,
    [property: JsonPropertyName("date_published"), Description("Publication time (RFC 3339); absent only for unpublished articles, which only editors see"),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? DatePublished,
    [property: JsonPropertyName("date_modified"), Description("Last change (RFC 3339)")] DateTime DateModified,
    [property: JsonPropertyName("language"), Description("BCP 47 language tag")] string Language,
    [property: JsonPropertyName("authors"), Description("The bylines, in order")] IReadOnlyList<JsonFeedAuthor> Authors,
    [property: JsonPropertyName("tags"), Description("The section, then the tags' names")] IReadOnlyList<string> Tags,
    [property: JsonPropertyName("_embargo"), Description("This API's extension: present when the article is under embargo (only partners cleared for embargoes see such articles)"),
        JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonFeedEmbargo? Embargo = null);

/// <summary>An embargoed item: do not show it to the public before <c>until</c>.</summary>
public sealed record JsonFeedEmbargo([property: JsonPropertyName("until"), Description("When the embargo ends (RFC 3339)")] DateTime Until);

public sealed record JsonFeedAuthor([property: JsonPropertyName("name"), Description("Name")] string Name);
