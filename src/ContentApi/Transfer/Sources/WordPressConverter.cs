using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Tags;

namespace ContentApi.Transfer.Sources;

/// <summary>
/// WordPress WXR (versions 1.0-1.2) to NDJSON. Read with an XmlReader, one top-level element at a time (an author, a term,
/// an item), so memory holds one post, the authors and terms, and the attachments' URLs, whatever the file's size.
/// <list type="bullet">
/// <item>Posts (post_type "post") become articles. publish → published at post_date_gmt; future → scheduled for it;
/// draft and pending → draft; private and password-protected posts → draft (reported: nothing here hides a published
/// article from readers); auto-draft and trash are skipped (reported). Pages, menus and other types are skipped and
/// reported once per type; comments are not imported (reported once, with their count).</item>
/// <item>Authors (wp:author, with wp:author_description as the bio when the export has it) become bylines; the post's
/// dc:creator is its writer.</item>
/// <item>Categories: the post's primary category (Yoast's _yoast_wpseo_primary_category when set, else its first
/// category) is the article's section, by name; its other categories and all its tags become tags (type topic). A post
/// with no category but WordPress's default "Uncategorized" (which is ignored) is in the section "News". Other taxonomies are reported once each.</item>
/// <item>The featured image is the attachment that _thumbnail_id names: its URL, its alt text (_wp_attachment_image_alt)
/// and its caption (the attachment's excerpt).</item>
/// <item>content:encoded is expanded (<see cref="WordPressShortcodes"/>), sanitized and converted to Markdown
/// (<see cref="HtmlToMarkdown"/>); the excerpt, as text, is the standfirst.</item>
/// </list>
/// </summary>
internal static class WordPressConverter
{
    private const string DefaultSection = "News";

    /// <summary>The category WordPress gives a post that has none: not a section or a tag here.</summary>
    private const string DefaultCategory = "uncategorized";

    private static readonly XmlReaderSettings Settings = new()
    {
        Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
    };

    public static async Task<SourceConversion> ConvertAsync(Stream input, Stream ndjson, CancellationToken ct)
    {
        await using var output = new ConversionOutput(ndjson);
        var site = new Site();
        try
        {
            using var reader = XmlReader.Create(input, Settings);
            await reader.MoveToContentAsync();
            if (reader.LocalName != "rss")
            {
                throw new SourceFormatException($"Not a WordPress export: the document is <{reader.Name}>, not <rss> with a <channel> of wp: elements.");
            }

            while (!reader.EOF)
            {
                ct.ThrowIfCancellationRequested();
                if (reader.NodeType != XmlNodeType.Element || reader.Depth != 2)
                {
                    await reader.ReadAsync();
                    continue;
                }

                var element = (XElement)await XNode.ReadFromAsync(reader, ct);
                await ReadChannelElementAsync(element, site, output, ct);
            }
        }
        catch (XmlException e)
        {
            throw new SourceFormatException($"Not well-formed XML at line {e.LineNumber}, position {e.LinePosition}: {e.Message}", e);
        }

        if (!site.SawWxr)
        {
            throw new SourceFormatException("Not a WordPress export: the RSS file has no wp:wxr_version, wp:author or wp:post_id.");
        }

        foreach (var (type, count) in site.SkippedTypes.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            output.Unmapped($"post_type {type}", $"{count} item(s) of type '{type}' skipped: only posts become articles.");
        }

        foreach (var taxonomy in site.OtherTaxonomies.Order(StringComparer.Ordinal))
        {
            output.Unmapped($"taxonomy {taxonomy}", $"Terms of the taxonomy '{taxonomy}' were not imported: only categories and tags map (to sections and tags).");
        }

        if (site.Comments > 0)
        {
            output.Unmapped("comments", $"{site.Comments} comment(s) were not imported: articles here have no comments.");
        }

        return await output.FinishAsync(pending => Settle(pending, site, output), ct);
    }

    private static async Task ReadChannelElementAsync(XElement element, Site site, ConversionOutput output, CancellationToken ct)
    {
        switch (element.Name.LocalName)
        {
            case "language" when element.Value.Trim() is var language && ConversionOutput.IsLanguage(language):
                site.Language = language;
                break;
            case "wxr_version" when IsWp(element):
                site.SawWxr = true;
                break;
            case "author" when IsWp(element):
                site.SawWxr = true;
                AddAuthor(element, site, output);
                break;
            case "category" when IsWp(element):
                var id = Wp(element, "term_id");
                var name = HtmlToMarkdown.Text(Wp(element, "cat_name") ?? "");
                if (id is not null && name.Length > 0)
                {
                    site.Categories[id] = name;
                }

                site.TermDescriptions[ConversionOutput.ReferenceSlug(Wp(element, "category_nicename"), name)] = Wp(element, "category_description");
                break;
            case "tag" when IsWp(element):
                var tagName = HtmlToMarkdown.Text(Wp(element, "tag_name") ?? "");
                site.TermDescriptions[ConversionOutput.ReferenceSlug(Wp(element, "tag_slug"), tagName)] = Wp(element, "tag_description");
                break;
            case "item":
                await ReadItemAsync(element, site, output, ct);
                break;
        }
    }

    private static void AddAuthor(XElement author, Site site, ConversionOutput output)
    {
        var login = Wp(author, "author_login") ?? "";
        var name = ConversionOutput.Shorten(HtmlToMarkdown.Text(Wp(author, "author_display_name") ?? "") is { Length: > 0 } display ? display : login, Limits.Name);
        if (login.Length == 0 || name.Length == 0)
        {
            output.Unmapped($"author {Wp(author, "author_id")}", "An author with no login or name was skipped.");
            return;
        }

        var bio = Wp(author, "author_description") is { Length: > 0 } description ? ConversionOutput.Shorten(HtmlToMarkdown.Text(description), Limits.Description) : null;
        var byline = new BylineRequest(ConversionOutput.ReferenceSlug(login, name, "byline"), name, Bio: bio);
        site.Authors[login] = byline.Slug!;
        output.AddByline(byline);
    }

    private static async Task ReadItemAsync(XElement item, Site site, ConversionOutput output, CancellationToken ct)
    {
        var id = Wp(item, "post_id") ?? "";
        site.SawWxr |= id.Length > 0;
        var type = Wp(item, "post_type") ?? "post";
        var meta = item.Elements().Where(e => IsWp(e) && e.Name.LocalName == "postmeta")
            .Select(m => (Key: Wp(m, "meta_key") ?? "", Value: Wp(m, "meta_value") ?? ""))
            .GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        switch (type)
        {
            case "attachment":
                if (Wp(item, "attachment_url") is { Length: > 0 } url)
                {
                    site.Attachments[id] = new Attachment(url, meta.GetValueOrDefault("_wp_attachment_image_alt"),
                        HtmlToMarkdown.Text(Child(item, "excerpt", "encoded") ?? ""), Wp(item, "post_parent") ?? "0");
                }

                return;
            case "post":
                break;
            default:
                site.SkippedTypes[type] = site.SkippedTypes.GetValueOrDefault(type) + 1;
                return;
        }

        site.Comments += item.Elements().Count(e => IsWp(e) && e.Name.LocalName == "comment");
        var title = HtmlToMarkdown.Text(item.Element("title")?.Value ?? "");
        var where = $"post {id} '{(title.Length > 0 ? title : Wp(item, "post_name"))}'";
        var wpStatus = Wp(item, "status") ?? "draft";
        var (status, publishAt) = wpStatus switch
        {
            "publish" => (ArticleStatus.Published, Date(item, output, where)),
            "future" => (ArticleStatus.Scheduled, Date(item, output, where)),
            "draft" or "pending" => (ArticleStatus.Draft, (DateTime?)null),
            "private" => (ArticleStatus.Draft, null),
            _ => ((ArticleStatus?)null, (DateTime?)null),
        };
        if (status is null)
        {
            output.Unmapped(where, $"Status '{wpStatus}': not imported.");
            return;
        }

        if (wpStatus == "private")
        {
            output.Unmapped(where, "A private post: imported as a draft, since a published article here is public.");
        }

        if (Wp(item, "post_password") is { Length: > 0 } && status != ArticleStatus.Draft)
        {
            output.Unmapped(where, "A password-protected post: imported as a draft, since nothing here protects an article with a password.");
            (status, publishAt) = (ArticleStatus.Draft, null);
        }

        var headline = Headline(title, where, output);
        var slug = output.ArticleSlug(Wp(item, "post_name"), title, $"post-{id}");

        // Authors: the post's creator, made a byline of its own when the export does not list it.
        var creator = item.Elements().FirstOrDefault(e => e.Name.LocalName == "creator")?.Value.Trim() ?? "";
        List<ArticleRecordByline> bylines = [];
        if (creator.Length > 0)
        {
            if (!site.Authors.TryGetValue(creator, out var bylineSlug))
            {
                var byline = new BylineRequest(ConversionOutput.ReferenceSlug(creator, creator, "byline"), ConversionOutput.Shorten(creator, Limits.Name));
                site.Authors[creator] = bylineSlug = byline.Slug!;
                output.AddByline(byline);
                output.Unmapped(where, $"Its author '{creator}' is not among the export's authors: a byline was made from the login alone.");
            }

            bylines.Add(new ArticleRecordByline(bylineSlug));
        }
        else if (status != ArticleStatus.Draft)
        {
            output.Unmapped(where, "No author: imported as a draft, since a published article needs a byline.");
            (status, publishAt) = (ArticleStatus.Draft, null);
        }

        var (section, tags) = Terms(item, meta, site, output, where);
        var body = HtmlToMarkdown.Convert(WordPressShortcodes.Expand(Child(item, "content", "encoded") ?? "", what => output.Unmapped(where, what)));
        var excerpt = HtmlToMarkdown.Text(Child(item, "excerpt", "encoded") ?? "");
        var article = new ArticleRecord(
            slug, headline, excerpt.Length == 0 ? null : Cut(excerpt, Limits.Standfirst, "The excerpt", where, output), body, section, status.Value, publishAt,
            site.Language, Bylines: bylines, Tags: tags);
        await output.AddArticleAsync(new PendingArticle(article, where, id, meta.GetValueOrDefault("_thumbnail_id")), ct);
    }

    /// <summary>The section (the primary category) and the tags (the other categories and the tags).</summary>
    private static (string Section, List<string> Tags) Terms(XElement item, Dictionary<string, string> meta, Site site, ConversionOutput output, string where)
    {
        var terms = item.Elements("category").Select(c => (Domain: (string?)c.Attribute("domain") ?? "category", Nicename: (string?)c.Attribute("nicename"),
            Name: HtmlToMarkdown.Text(c.Value))).Where(t => t.Name.Length > 0).ToList();
        var categories = terms.Where(t => t.Domain == "category" && t.Nicename != DefaultCategory).ToList();
        var primaryName = meta.GetValueOrDefault("_yoast_wpseo_primary_category") is { } primaryId && site.Categories.TryGetValue(primaryId, out var n)
            && categories.Any(c => c.Name == n) ? n : categories.FirstOrDefault().Name;
        var tags = new List<string>();
        foreach (var (domain, nicename, name) in terms)
        {
            if (domain is not ("category" or "post_tag"))
            {
                site.OtherTaxonomies.Add(domain);
                continue;
            }

            if (domain == "category" && (name == primaryName || nicename == DefaultCategory))
            {
                continue;
            }

            var slug = ConversionOutput.ReferenceSlug(nicename, name);
            output.AddTag(new TagRequest(slug, ConversionOutput.Shorten(name, Limits.Name), Description(site.TermDescriptions.GetValueOrDefault(slug))));
            if (!tags.Contains(slug))
            {
                tags.Add(slug);
            }
        }

        if (tags.Count > Limits.ListItems)
        {
            output.Unmapped(where, $"{tags.Count} tags: only the first {Limits.ListItems} were kept.");
            tags = tags[..Limits.ListItems];
        }

        return (primaryName is { Length: > 0 } ? ConversionOutput.Shorten(primaryName, Limits.Name) : DefaultSection, tags);
    }

    private static ArticleRecord Settle(PendingArticle pending, Site site, ConversionOutput output)
    {
        var (where, postId) = (pending.Where, pending.SourceId);
        var article = pending.Article;
        var body = WordPressShortcodes.SettleGalleries(article.Body, ids =>
        {
            var images = ids == "attached"
                ? site.Attachments.Where(a => a.Value.Parent == postId).OrderBy(a => int.TryParse(a.Key, out var n) ? n : 0).Select(a => a.Value).ToList()
                : ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(i => site.Attachments.GetValueOrDefault(i)).OfType<Attachment>().ToList();
            if (images.Count == 0)
            {
                output.Unmapped(where, $"A [gallery] whose images ({ids}) are not in the export: removed.");
            }

            return [.. images.Select(i => $"![{(i.Alt ?? "").Replace("]", "\\]", StringComparison.Ordinal)}]({i.Url})")];
        });
        FeaturedImageDto? image = null;
        if (pending.FeaturedImageId is { Length: > 0 } thumbnail)
        {
            if (site.Attachments.TryGetValue(thumbnail, out var attachment) && ValidationRules.IsWebUrl(attachment.Url))
            {
                image = new FeaturedImageDto(attachment.Url, Trim(attachment.Alt, Limits.AltText), Trim(attachment.Caption, Limits.Caption));
            }
            else
            {
                output.Unmapped(where, $"The featured image (attachment {thumbnail}) is not in the export, or has no http(s) URL: none set.");
            }
        }

        return article with { Body = body, FeaturedImage = image };
    }

    private static DateTime? Date(XElement item, ConversionOutput output, string where)
    {
        if (ParseDate(Wp(item, "post_date_gmt")) is { } gmt)
        {
            return gmt;
        }

        output.Unmapped(where, "No post_date_gmt: post_date was taken as UTC.");
        return ParseDate(Wp(item, "post_date"));
    }

    private static DateTime? ParseDate(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc)
            : null;

    private static string Headline(string title, string where, ConversionOutput output)
    {
        if (title.Length == 0)
        {
            output.Unmapped(where, "No title: the headline is \"Untitled\".");
            return "Untitled";
        }

        return Cut(title, Limits.Headline, "The title", where, output);
    }

    private static string Cut(string text, int length, string what, string where, ConversionOutput output)
    {
        if (text.Length <= length)
        {
            return text;
        }

        output.Unmapped(where, $"{what} is longer than {length} characters: cut.");
        return ConversionOutput.Shorten(text, length);
    }

    private static string? Trim(string? text, int length) => string.IsNullOrWhiteSpace(text) ? null : ConversionOutput.Shorten(text.Trim(), length);

    private static string? Description(string? html) => html is null ? null : Trim(HtmlToMarkdown.Text(html), Limits.Description);

    private static bool IsWp(XElement element) =>
        element.Name.NamespaceName.StartsWith("http://wordpress.org/export/", StringComparison.Ordinal)
        && !element.Name.NamespaceName.EndsWith("/excerpt/", StringComparison.Ordinal);

    private static string? Wp(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name && IsWp(e))?.Value.Trim();

    /// <summary>content:encoded or excerpt:encoded, told apart by their namespaces' last segment.</summary>
    private static string? Child(XElement item, string prefixWord, string name) =>
        item.Elements().FirstOrDefault(e => e.Name.LocalName == name && e.Name.NamespaceName.TrimEnd('/').EndsWith(prefixWord, StringComparison.Ordinal))?.Value;

    private sealed record Attachment(string Url, string? Alt, string? Caption, string Parent);

    /// <summary>What the export says about the site as a whole, gathered as it is read.</summary>
    private sealed class Site
    {
        public bool SawWxr { get; set; }

        public string Language { get; set; } = "en";

        public Dictionary<string, string> Authors { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Categories { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string?> TermDescriptions { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Attachment> Attachments { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> SkippedTypes { get; } = new(StringComparer.Ordinal);

        public HashSet<string> OtherTaxonomies { get; } = new(StringComparer.Ordinal);

        public int Comments { get; set; }
    }
}
