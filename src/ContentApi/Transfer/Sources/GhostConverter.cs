using System.Globalization;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Tags;

namespace ContentApi.Transfer.Sources;

/// <summary>
/// A Ghost JSON export (Ghost 1-5) to NDJSON, read a row at a time (<see cref="GhostTables"/>).
/// <list type="bullet">
/// <item>Posts (type "post") become articles: published → published at published_at; scheduled → scheduled for it;
/// draft → draft; sent (a newsletter only) and members-only or paid posts → draft (reported: published articles here are
/// public). Pages are skipped (reported once, with their count). custom_excerpt is the standfirst, canonical_url kept.</item>
/// <item>The body comes from html when the export has it, else from lexical, else from mobiledoc
/// (<see cref="GhostContent"/>), then sanitized and converted to Markdown like WordPress content. Ghost writes its own
/// site address as __GHOST_URL__: in bodies it is dropped, leaving site-relative links; a feature image or avatar that
/// uses it has no absolute URL in the export and is left out (reported).</item>
/// <item>Users become bylines (name, slug, bio, profile image, website and X links); posts_authors gives each post its
/// bylines in order (or the post's author_id in exports before multiple authors).</item>
/// <item>Public tags become tags; the post's primary (first) public tag is also its section, by name ("News" when it has
/// none). Internal tags (#name, visibility "internal") are not imported (reported once each).</item>
/// <item>feature_image is the featured image, with feature_image_alt and feature_image_caption from posts_meta.</item>
/// </list>
/// </summary>
internal static class GhostConverter
{
    private const string SiteUrl = "__GHOST_URL__";
    private const string DefaultSection = "News";

    public static async Task<SourceConversion> ConvertAsync(Stream input, Stream ndjson, CancellationToken ct)
    {
        await using var output = new ConversionOutput(ndjson);
        var site = new Site();
        await foreach (var (table, document) in GhostTables.ReadAsync(input, ct))
        {
            using (document)
            {
                var row = document.RootElement;
                var id = Text(row, "id") ?? "";
                switch (table)
                {
                    case "posts":
                        await ReadPostAsync(row, id, site, output, ct);
                        break;
                    case "users":
                        ReadUser(row, id, site, output);
                        break;
                    case "tags":
                        var name = Text(row, "name") ?? "";
                        var isInternal = Text(row, "visibility") == "internal" || name.StartsWith('#');
                        if (isInternal)
                        {
                            output.Unmapped($"tag {id} '{name}'", "An internal tag: not imported (tags here are public).");
                        }

                        var tag = new GhostTag(ConversionOutput.ReferenceSlug(Text(row, "slug"), name), ConversionOutput.Shorten(name, Limits.Name),
                            Text(row, "description") is { Length: > 0 } d ? ConversionOutput.Shorten(d, Limits.Description) : null, !isInternal && name.Length > 0);
                        site.Tags[id] = tag;
                        if (tag.Public)
                        {
                            output.AddTag(new TagRequest(tag.Slug, tag.Name, tag.Description));
                        }

                        break;
                    case "posts_tags":
                        Relate(site.PostTags, row);
                        break;
                    case "posts_authors":
                        Relate(site.PostAuthors, row);
                        break;
                    case "posts_meta" when Text(row, "post_id") is { } postId:
                        site.Meta[postId] = (Text(row, "feature_image_alt"), Text(row, "feature_image_caption"));
                        break;
                    case "settings" when Text(row, "key") == "locale" && Text(row, "value") is { } locale && ConversionOutput.IsLanguage(locale):
                        site.Language = locale;
                        break;
                }
            }
        }

        if (site.Pages > 0)
        {
            output.Unmapped("type page", $"{site.Pages} page(s) skipped: only posts become articles.");
        }

        return await output.FinishAsync(pending => Settle(pending, site, output), ct);
    }

    private static async Task ReadPostAsync(JsonElement post, string id, Site site, ConversionOutput output, CancellationToken ct)
    {
        if (Text(post, "type") is "page")
        {
            site.Pages++;
            return;
        }

        var title = Text(post, "title")?.Trim() ?? "";
        var where = $"post {id} '{(title.Length > 0 ? title : Text(post, "slug"))}'";
        var ghostStatus = Text(post, "status") ?? "draft";
        var (status, publishAt) = ghostStatus switch
        {
            "published" => (ArticleStatus.Published, Date(post, "published_at")),
            "scheduled" => (ArticleStatus.Scheduled, Date(post, "published_at")),
            _ => (ArticleStatus.Draft, (DateTime?)null),
        };
        if (ghostStatus == "sent")
        {
            output.Unmapped(where, "Sent as a newsletter only: imported as a draft.");
        }

        if (Text(post, "visibility") is { } visibility && visibility != "public" && status != ArticleStatus.Draft)
        {
            output.Unmapped(where, $"Visible to '{visibility}' only: imported as a draft, since a published article here is public.");
            (status, publishAt) = (ArticleStatus.Draft, null);
        }

        if (status == ArticleStatus.Scheduled && publishAt is null)
        {
            output.Unmapped(where, "Scheduled with no published_at: imported as a draft.");
            status = ArticleStatus.Draft;
        }

        if (Text(post, "author_id") is { } legacyAuthor)
        {
            site.LegacyAuthors[id] = legacyAuthor;
        }

        var headline = title.Length == 0 ? "Untitled" : ConversionOutput.Shorten(title, Limits.Headline);
        if (title.Length == 0 || title.Length > Limits.Headline)
        {
            output.Unmapped(where, title.Length == 0 ? "No title: the headline is \"Untitled\"." : $"The title is longer than {Limits.Headline} characters: cut.");
        }

        var excerpt = Text(post, "custom_excerpt")?.Trim();
        var canonical = Text(post, "canonical_url") is { } url && ValidationRules.IsWebUrl(url) ? url : null;
        var article = new ArticleRecord(
            output.ArticleSlug(Text(post, "slug"), title, $"post-{id}"), headline, string.IsNullOrEmpty(excerpt) ? null : ConversionOutput.Shorten(excerpt, Limits.Standfirst),
            Body(post, what => output.Unmapped(where, what)), DefaultSection, status, publishAt, CanonicalUrl: canonical);
        await output.AddArticleAsync(new PendingArticle(article, where, id, Text(post, "feature_image")), ct);
    }

    private static string Body(JsonElement post, Action<string> unmapped)
    {
        string html;
        try
        {
            html = Text(post, "html") is { Length: > 0 } rendered ? rendered
                : Text(post, "lexical") is { Length: > 0 } lexical ? GhostContent.FromLexical(lexical, unmapped)
                : Text(post, "mobiledoc") is { Length: > 0 } mobiledoc ? GhostContent.FromMobiledoc(mobiledoc, unmapped)
                : "";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException or ArgumentOutOfRangeException)
        {
            unmapped("The post has no html, and its lexical or mobiledoc document could not be read: the body is empty.");
            html = "";
        }

        return HtmlToMarkdown.Convert(html.Replace(SiteUrl, "", StringComparison.Ordinal));
    }

    private static void ReadUser(JsonElement user, string id, Site site, ConversionOutput output)
    {
        var name = ConversionOutput.Shorten(Text(user, "name")?.Trim() ?? "", Limits.Name);
        if (name.Length == 0)
        {
            output.Unmapped($"user {id}", "A user with no name was skipped.");
            return;
        }

        var where = $"user {id} '{name}'";
        var avatar = Text(user, "profile_image");
        if (avatar is { Length: > 0 } && !ValidationRules.IsWebUrl(avatar))
        {
            output.Unmapped(where, $"The profile image '{avatar}' has no absolute http(s) URL in the export: left out.");
            avatar = null;
        }

        List<BylineLinkDto> links = [];
        if (Text(user, "website") is { } website && ValidationRules.IsWebUrl(website))
        {
            links.Add(new BylineLinkDto(LinkKind.Website, website));
        }

        if (Text(user, "twitter")?.TrimStart('@') is { Length: > 0 } handle && handle.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            links.Add(new BylineLinkDto(LinkKind.X, $"https://x.com/{handle}"));
        }

        var byline = new BylineRequest(ConversionOutput.ReferenceSlug(Text(user, "slug"), name, "byline"), name,
            Bio: Text(user, "bio") is { Length: > 0 } bio ? ConversionOutput.Shorten(bio, Limits.Description) : null, AvatarUrl: string.IsNullOrEmpty(avatar) ? null : avatar,
            Links: links.Count == 0 ? null : links);
        site.Users[id] = byline.Slug!;
        output.AddByline(byline);
    }

    private static ArticleRecord Settle(PendingArticle pending, Site site, ConversionOutput output)
    {
        var (where, postId) = (pending.Where, pending.SourceId);
        var article = pending.Article;
        var authorIds = site.PostAuthors.TryGetValue(postId, out var authors) ? authors.OrderBy(a => a.Order).Select(a => a.Id).ToList()
            : site.LegacyAuthors.TryGetValue(postId, out var legacy) ? [legacy] : [];
        var bylines = new List<ArticleRecordByline>();
        foreach (var authorId in authorIds.Distinct())
        {
            if (site.Users.TryGetValue(authorId, out var slug))
            {
                bylines.Add(new ArticleRecordByline(slug));
            }
            else
            {
                output.Unmapped(where, $"Its author {authorId} is not among the export's users: left off.");
            }
        }

        var tags = (site.PostTags.GetValueOrDefault(postId) ?? []).OrderBy(t => t.Order).Select(t => site.Tags.GetValueOrDefault(t.Id))
            .OfType<GhostTag>().Where(t => t.Public).DistinctBy(t => t.Slug).Take(Limits.ListItems).ToList();

        var (status, publishAt) = (article.Status, article.PublishAt);
        if (bylines.Count == 0 && status != ArticleStatus.Draft)
        {
            output.Unmapped(where, "No author: imported as a draft, since a published article needs a byline.");
            (status, publishAt) = (ArticleStatus.Draft, null);
        }

        FeaturedImageDto? image = null;
        if (pending.FeaturedImageId is { Length: > 0 } url)
        {
            if (ValidationRules.IsWebUrl(url))
            {
                var (alt, caption) = site.Meta.GetValueOrDefault(postId);
                image = new FeaturedImageDto(url, string.IsNullOrWhiteSpace(alt) ? null : ConversionOutput.Shorten(alt, Limits.AltText),
                    string.IsNullOrWhiteSpace(caption) ? null : ConversionOutput.Shorten(HtmlToMarkdown.Text(caption), Limits.Caption));
            }
            else
            {
                output.Unmapped(where, $"The feature image '{url}' has no absolute http(s) URL in the export: left out.");
            }
        }

        return article with
        {
            Status = status, PublishAt = publishAt, Language = site.Language, Section = tags.Count > 0 ? tags[0].Name : DefaultSection,
            Bylines = bylines, Tags = [.. tags.Select(t => t.Slug)], FeaturedImage = image,
        };
    }

    private static void Relate(Dictionary<string, List<(int Order, string Id)>> relation, JsonElement row)
    {
        var postId = Text(row, "post_id");
        var otherId = Text(row, "tag_id") ?? Text(row, "author_id");
        if (postId is null || otherId is null)
        {
            return;
        }

        var order = row.TryGetProperty("sort_order", out var o) && o.TryGetInt32(out var n) ? n : 0;
        if (!relation.TryGetValue(postId, out var list))
        {
            relation[postId] = list = [];
        }

        list.Add((order, otherId));
    }

    private static DateTime? Date(JsonElement post, string name) => post.TryGetProperty(name, out var value) ? value.ValueKind switch
    {
        JsonValueKind.String when DateTime.TryParse(value.GetString(), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date) => DateTime.SpecifyKind(date, DateTimeKind.Utc),
        JsonValueKind.Number when value.TryGetInt64(out var milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime,
        _ => null,
    } : null;

    /// <summary>A string field, or a number's text (ids are numbers in exports before Ghost 1.0).</summary>
    private static string? Text(JsonElement row, string name) => row.TryGetProperty(name, out var value) ? value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    } : null;

    private sealed record GhostTag(string Slug, string Name, string? Description, bool Public);

    private sealed class Site
    {
        public string Language { get; set; } = "en";

        public int Pages { get; set; }

        public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, GhostTag> Tags { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<(int Order, string Id)>> PostTags { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<(int Order, string Id)>> PostAuthors { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> LegacyAuthors { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (string? Alt, string? Caption)> Meta { get; } = new(StringComparer.Ordinal);
    }
}
