using System.Globalization;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace ContentApi.Tests.Feeds;

/// <summary>A feed as served: its bytes, read back with the framework's Atom or RSS reader, or as JSON.</summary>
internal sealed record ServedFeed(HttpResponseMessage Response, byte[] Body)
{
    public XDocument Xml => XDocument.Load(new MemoryStream(Body));

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public SyndicationFeed Atom => Read(new Atom10FeedFormatter());

    public SyndicationFeed Rss => Read(new Rss20FeedFormatter());

    /// <summary>The ids of the articles in the feed, in order, whatever the format.</summary>
    public List<string> ArticleIds(string format) => format switch
    {
        "atom" => [.. Atom.Items.Select(i => FeedTestHelpers.ArticleIdOf(i.Id))],
        "rss" => [.. Rss.Items.Select(i => FeedTestHelpers.ArticleIdOf(i.Id))],
        _ => [.. Json.GetProperty("items").EnumerateArray().Select(i => FeedTestHelpers.ArticleIdOf(i.GetProperty("id").GetString()!))],
    };

    private SyndicationFeed Read(SyndicationFeedFormatter formatter)
    {
        using var reader = XmlReader.Create(new MemoryStream(Body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        Assert.True(formatter.CanRead(reader), $"The {formatter.GetType().Name} cannot read this document.");
        formatter.ReadFrom(reader);
        return formatter.Feed;
    }
}

internal static partial class FeedTestHelpers
{
    public static readonly string[] Formats = ["atom", "rss", "json"];

    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    public static readonly XNamespace ContentModule = "http://purl.org/rss/1.0/modules/content/";

    public static string MediaType(string format) => format switch
    {
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        _ => "application/feed+json",
    };

    /// <summary>GETs /v1/feeds/articles.{format}?{query}, expecting 200 with the format's media type.</summary>
    public static async Task<ServedFeed> GetFeedAsync(this HttpClient client, string format, string query = "")
    {
        var response = await client.GetAsync($"/v1/feeds/articles.{format}?{query}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(MediaType(format), response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return new ServedFeed(response, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Entry ids are the article's API address by id: /v1/articles/{id}.</summary>
    public static string ArticleIdOf(string entryId)
    {
        Assert.Matches(@"/v1/articles/\d+$", entryId);
        return entryId[(entryId.LastIndexOf('/') + 1)..];
    }

    public static void ShouldBeAbsoluteUrl(string? url) =>
        Assert.True(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", $"'{url}' is not an absolute http(s) URL.");

    /// <summary>An RFC 3339 date-time (Atom, JSON Feed), read back as UTC.</summary>
    public static DateTime ShouldBeRfc3339(string? text)
    {
        Assert.Matches(Rfc3339(), text ?? "");
        return DateTimeOffset.Parse(text!, CultureInfo.InvariantCulture).UtcDateTime;
    }

    /// <summary>An RFC 822 date-time as RSS has it ("Fri, 27 Nov 2026 10:00:00 GMT"), read back as UTC.</summary>
    public static DateTime ShouldBeRfc822(string? text)
    {
        Assert.Matches(Rfc822(), text ?? "");
        return DateTime.ParseExact(text!, "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    /// <summary>The time in whole seconds, as Atom and RSS write it.</summary>
    public static DateTime ToSeconds(this DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$")]
    private static partial Regex Rfc822();
}
