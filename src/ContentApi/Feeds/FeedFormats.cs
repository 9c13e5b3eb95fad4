using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Xml;
using System.Xml.Linq;

namespace ContentApi.Feeds;

/// <summary>A feed format: its media type and how a feed is written in it, as the bytes sent.</summary>
public sealed record FeedFormat(string MediaType, Func<Feed, byte[]> Write)
{
    public string ContentType => $"{MediaType}; charset=utf-8";
}

/// <summary>
/// Atom 1.0 and RSS 2.0, written by System.ServiceModel.Syndication's formatters, and JSON Feed 1.1, written by
/// System.Text.Json from <see cref="JsonFeed"/>. UTF-8, no byte order mark.
/// </summary>
public static class FeedFormats
{
    public const string AtomMediaType = "application/atom+xml";
    public const string RssMediaType = "application/rss+xml";
    public const string JsonMediaType = "application/feed+json";

    public static readonly FeedFormat Atom = new(AtomMediaType, WriteAtom);
    public static readonly FeedFormat Rss = new(RssMediaType, WriteRss);
    public static readonly FeedFormat Json = new(JsonMediaType, feed => JsonSerializer.SerializeToUtf8Bytes(ToJsonFeed(feed), JsonText));

    private const string DublinCore = "http://purl.org/dc/elements/1.1/";
    private const string ContentModule = "http://purl.org/rss/1.0/modules/content/";
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    /// <summary>This API's own extension elements in Atom and RSS (an embargoed item's embargo time).</summary>
    public const string ContentApiNamespace = "urn:contentapi:syndication";

    private static readonly XmlWriterSettings Xml = new() { Encoding = new UTF8Encoding(false), Indent = true };

    /// <summary>Letters of every script as themselves, not \u escapes; characters that matter to HTML still escaped.</summary>
    private static readonly JsonSerializerOptions JsonText = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Atom: authors and the full body (for callers allowed it) are Atom's own elements; each entry says its language.</summary>
    private static byte[] WriteAtom(Feed feed)
    {
        var syndication = Syndication(feed, AtomMediaType, (item, entry) =>
        {
            item.AttributeExtensions.Add(new XmlQualifiedName("lang", XmlNamespace), entry.Language);
            foreach (var author in entry.Authors)
            {
                item.Authors.Add(new SyndicationPerson(null, author, null));
            }

            if (entry.ContentHtml is { } html)
            {
                item.Content = SyndicationContent.CreateHtmlContent(html);
            }
        });
        // Atom needs an author for the feed unless every entry has one; an editor's draft may have none.
        syndication.Authors.Add(new SyndicationPerson(null, feed.Publisher, null));
        return Encode(new Atom10FeedFormatter(syndication));
    }

    /// <summary>
    /// RSS: authors as dc:creator (RSS's own author element must be an email address) and the full body as
    /// content:encoded, which feed readers show in place of the description. The description is HTML to RSS readers, so
    /// the summary, which is text, goes in escaped: a standfirst that mentions a tag shows it. The self link, the feed id
    /// and each item's updated time go in as Atom elements, as RSS has none.
    /// </summary>
    private static byte[] WriteRss(Feed feed)
    {
        var syndication = Syndication(feed, RssMediaType, (item, entry) =>
        {
            item.Summary = new TextSyndicationContent(HtmlText.Escape(entry.Summary));
            foreach (var author in entry.Authors)
            {
                item.ElementExtensions.Add(new XElement(XName.Get("creator", DublinCore), author).CreateReader());
            }

            if (entry.ContentHtml is { } html)
            {
                item.ElementExtensions.Add(new XElement(XName.Get("encoded", ContentModule), html).CreateReader());
            }
        });
        syndication.AttributeExtensions.Add(new XmlQualifiedName("dc", XNamespace.Xmlns.NamespaceName), DublinCore);
        syndication.AttributeExtensions.Add(new XmlQualifiedName("content", XNamespace.Xmlns.NamespaceName), ContentModule);
        return Encode(new Rss20FeedFormatter(syndication, serializeExtensionsAsAtom: true), Tidy);
    }

    /// <summary>What both XML formats say alike; <paramref name="finish"/> adds each format's own parts to an item.</summary>
    private static SyndicationFeed Syndication(Feed feed, string mediaType, Action<SyndicationItem, FeedEntry> finish)
    {
        var syndication = new SyndicationFeed(feed.Title, feed.Description, new Uri(feed.HomeUrl))
        {
            Id = feed.SelfUrl,
            LastUpdatedTime = Utc(feed.Updated),
            Items = [.. feed.Entries.Select(entry =>
            {
                var item = new SyndicationItem
                {
                    Id = entry.Id,
                    Title = new TextSyndicationContent(entry.Title),
                    Summary = new TextSyndicationContent(entry.Summary),
                    LastUpdatedTime = Utc(entry.Updated),
                };
                if (entry.Published is { } published)
                {
                    item.PublishDate = Utc(published);
                }

                item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(entry.Url)));
                foreach (var category in entry.Categories)
                {
                    item.Categories.Add(new SyndicationCategory(category));
                }

                if (entry.EmbargoUntil is { } embargo)
                {
                    item.ElementExtensions.Add(new XElement(XName.Get("embargoUntil", ContentApiNamespace),
                        XmlConvert.ToString(Utc(embargo))).CreateReader());
                }

                finish(item, entry);
                return item;
            })],
        };
        syndication.Links.Add(new SyndicationLink(new Uri(feed.SelfUrl), "self", null, mediaType, 0));
        return syndication;
    }

    public static JsonFeed ToJsonFeed(Feed feed) => new(
        "https://jsonfeed.org/version/1.1",
        feed.Title,
        feed.HomeUrl,
        feed.SelfUrl,
        feed.Description,
        [new JsonFeedAuthor(feed.Publisher)],
        [.. feed.Entries.Select(entry => new JsonFeedItem(
            entry.Id, entry.Url, entry.Title, entry.Summary, entry.ContentHtml,
            entry.ContentHtml is null ? entry.Summary : null,
            entry.Published, entry.Updated, entry.Language,
            [.. entry.Authors.Select(a => new JsonFeedAuthor(a))],
            entry.Categories,
            entry.EmbargoUntil is { } embargo ? new JsonFeedEmbargo(embargo) : null))]);

    private static byte[] Encode(SyndicationFeedFormatter formatter, Action<XDocument>? amend = null)
    {
        var document = new XDocument();
        using (var writer = document.CreateWriter())
        {
            formatter.WriteTo(writer);
        }

        amend?.Invoke(document);
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, Xml))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Two touches to what Rss20FeedFormatter writes. It writes a UTC time as "Fri, 27 Nov 2026 10:00:00 Z": RFC 822
    /// allows the one-letter zone but RFC 1123 deprecates it and many readers reject it, so say GMT. And it declares the
    /// namespace of each extension element on the element itself: drop those, so the prefixes declared once on the
    /// channel (dc:, content:) are used.
    /// </summary>
    private static void Tidy(XDocument rss)
    {
        foreach (var element in rss.Descendants())
        {
            if (element.Name.NamespaceName is DublinCore or ContentModule)
            {
                element.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
            }
            else if (element.Name.NamespaceName.Length == 0 && element.Name.LocalName is "pubDate" or "lastBuildDate"
                && element.Value.EndsWith(" Z", StringComparison.Ordinal))
            {
                element.Value = element.Value[..^1] + "GMT";
            }
        }
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
