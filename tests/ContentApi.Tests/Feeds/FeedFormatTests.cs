using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Tests.Access;
using ContentApi.Tests.Query;
using static ContentApi.Tests.Feeds.FeedTestHelpers;

namespace ContentApi.Tests.Feeds;

/// <summary>
/// The three formats read back with real parsers (the framework's Atom and RSS readers, System.Text.Json) and follow
/// their rules: unique ids, absolute links, RFC 3339 dates in Atom and JSON Feed, RFC 822 dates in RSS, the
/// elements each format requires, and what each item says about its article.
/// </summary>
public sealed class FeedFormatTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Atom_ReadsBack_WithIdTitleUpdatedAndSelfLink_AndEveryEntryComplete()
    {
        var (desk, older, newer) = await TwoArticlesAsync();
        using var anonymous = api.CreateClientFor(null);

        var served = await anonymous.GetFeedAsync("atom", desk.SectionQuery);
        var feed = served.Atom;

        ShouldBeAbsoluteUrl(feed.Id);
        Assert.Equal($"ContentApi: {desk.Section}", feed.Title.Text);
        Assert.Equal(newer.UpdatedAt.ToSeconds(), feed.LastUpdatedTime.UtcDateTime);
        var self = Assert.Single(feed.Links, l => l.RelationshipType == "self");
        Assert.Equal($"http://localhost/v1/feeds/articles.atom?{desk.SectionQuery}", self.Uri.AbsoluteUri);
        Assert.Equal(feed.Id, self.Uri.AbsoluteUri);
        Assert.Equal([newer.Id, older.Id], served.ArticleIds("atom"));

        var entry = feed.Items.First();
        Assert.Equal(newer.Headline, entry.Title.Text);
        Assert.Equal(newer.Standfirst, ((TextSyndicationContent)entry.Summary).Text);
        Assert.Equal(newer.CanonicalUrl, Assert.Single(entry.Links).Uri.AbsoluteUri);
        Assert.Equal([desk.Byline.Name], entry.Authors.Select(a => a.Name));
        Assert.Equal([desk.Section, newer.Tags[0].Name], entry.Categories.Select(c => c.Name));
        Assert.Equal(newer.PublishedAt!.Value.ToSeconds(), entry.PublishDate.UtcDateTime);
        Assert.Equal(newer.UpdatedAt.ToSeconds(), entry.LastUpdatedTime.UtcDateTime);
        Assert.Equal($"http://localhost/v1/articles/{older.Slug}", Assert.Single(feed.Items.Last().Links).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Atom_FollowsTheRules_UniqueIds_AbsoluteLinks_Rfc3339Dates_AnAuthorForTheFeed()
    {
        var (desk, _, _) = await TwoArticlesAsync();
        using var anonymous = api.CreateClientFor(null);

        var xml = (await anonymous.GetFeedAsync("atom", desk.SectionQuery)).Xml;
        var root = xml.Root!;
        var entries = root.Elements(Atom + "entry").ToList();

        Assert.Equal(Atom + "feed", root.Name);
        foreach (var required in new[] { "id", "title", "updated", "author" })
        {
            Assert.NotNull(root.Element(Atom + required));
        }

        Assert.Equal(2, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.Element(Atom + "id")!.Value).Distinct().Count());
        foreach (var id in root.Descendants(Atom + "id"))
        {
            ShouldBeAbsoluteUrl(id.Value);
        }

        foreach (var link in root.Descendants(Atom + "link"))
        {
            ShouldBeAbsoluteUrl(link.Attribute("href")?.Value);
        }

        var dates = root.Descendants().Where(e => e.Name == Atom + "updated" || e.Name == Atom + "published").ToList();
        Assert.Equal(1 + (2 * entries.Count), dates.Count);
        foreach (var date in dates)
        {
            ShouldBeRfc3339(date.Value);
        }
    }

    [Fact]
    public async Task Rss_ReadsBack_WithChannelTitleLinkAndDescription_AndRfc822Dates()
    {
        var (desk, older, newer) = await TwoArticlesAsync();
        using var anonymous = api.CreateClientFor(null);

        var served = await anonymous.GetFeedAsync("rss", desk.SectionQuery);
        var feed = served.Rss;
        var channel = served.Xml.Root!.Element("channel")!;
        var items = channel.Elements("item").ToList();

        Assert.Equal("2.0", served.Xml.Root!.Attribute("version")?.Value);
        Assert.Equal($"ContentApi: {desk.Section}", channel.Element("title")?.Value);
        Assert.Equal($"The newest articles in {desk.Section}.", channel.Element("description")?.Value);
        ShouldBeAbsoluteUrl(channel.Element("link")?.Value);
        Assert.Equal(newer.UpdatedAt.ToSeconds(), ShouldBeRfc822(channel.Element("lastBuildDate")?.Value));
        Assert.Equal([newer.Id, older.Id], served.ArticleIds("rss"));
        Assert.Equal(items.Count, items.Select(i => i.Element("guid")!.Value).Distinct().Count());
        Assert.Equal([newer.PublishedAt!.Value.ToSeconds(), older.PublishedAt!.Value.ToSeconds()],
            items.Select(i => ShouldBeRfc822(i.Element("pubDate")?.Value)));
        foreach (var url in items.SelectMany(i => new[] { i.Element("link")?.Value, i.Element("guid")?.Value })
            .Concat(channel.Elements(Atom + "link").Select(l => l.Attribute("href")?.Value)))
        {
            ShouldBeAbsoluteUrl(url);
        }

        var item = feed.Items.First();
        Assert.Equal(newer.Headline, item.Title.Text);
        Assert.Equal(newer.Standfirst, item.Summary.Text);
        Assert.Equal(newer.CanonicalUrl, Assert.Single(item.Links).Uri.AbsoluteUri);
        Assert.Equal(newer.PublishedAt.Value.ToSeconds(), item.PublishDate.UtcDateTime);
        Assert.Equal([desk.Section, newer.Tags[0].Name], item.Categories.Select(c => c.Name));
        Assert.Equal([desk.Byline.Name], items[0].Elements(DublinCore + "creator").Select(c => c.Value));
        Assert.Equal($"http://localhost/v1/feeds/articles.rss?{desk.SectionQuery}",
            Assert.Single(feed.Links, l => l.RelationshipType == "self").Uri.AbsoluteUri);
    }

    [Fact]
    public async Task RssDescription_IsTheSummaryAsEscapedHtml_SoATagInItStaysText()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        const string standfirst = "Why <img src=x onerror=alert(1)> & <script> stay words";
        await desk.CreateAsync(desk.Article("Markup in a standfirst") with { Standfirst = standfirst });
        using var anonymous = api.CreateClientFor(null);

        var rss = (await anonymous.GetFeedAsync("rss", desk.SectionQuery)).Xml;
        var atom = (await anonymous.GetFeedAsync("atom", desk.SectionQuery)).Atom;

        // RSS readers render the description as HTML: its text (after XML) is the standfirst escaped once more.
        var description = Assert.Single(rss.Descendants("item")).Element("description")!.Value;
        Assert.Equal("Why &lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt; stay words", description);
        // Atom says its summary is text, so it carries the standfirst as it is.
        Assert.Equal("text", ((TextSyndicationContent)Assert.Single(atom.Items).Summary).Type);
        Assert.Equal(standfirst, ((TextSyndicationContent)Assert.Single(atom.Items).Summary).Text);
    }

    [Fact]
    public async Task JsonFeed_HasTheRequiredMembers_AndRfc3339Dates()
    {
        var (desk, older, newer) = await TwoArticlesAsync();
        using var anonymous = api.CreateClientFor(null);

        var served = await anonymous.GetFeedAsync("json", desk.SectionQuery);
        var feed = served.Json;
        var items = feed.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal("https://jsonfeed.org/version/1.1", feed.GetProperty("version").GetString());
        Assert.Equal($"ContentApi: {desk.Section}", feed.GetProperty("title").GetString());
        Assert.Equal($"http://localhost/v1/feeds/articles.json?{desk.SectionQuery}", feed.GetProperty("feed_url").GetString());
        ShouldBeAbsoluteUrl(feed.GetProperty("home_page_url").GetString());
        Assert.Equal([newer.Id, older.Id], served.ArticleIds("json"));
        Assert.Equal(items.Count, items.Select(i => i.GetProperty("id").GetString()).Distinct().Count());

        var item = items[0];
        ShouldBeAbsoluteUrl(item.GetProperty("id").GetString());
        Assert.Equal(newer.CanonicalUrl, item.GetProperty("url").GetString());
        Assert.Equal(newer.Headline, item.GetProperty("title").GetString());
        Assert.Equal(newer.Standfirst, item.GetProperty("summary").GetString());
        Assert.Equal(newer.Standfirst, item.GetProperty("content_text").GetString());
        Assert.Equal(newer.PublishedAt, ShouldBeRfc3339(item.GetProperty("date_published").GetString()));
        Assert.Equal(newer.UpdatedAt, ShouldBeRfc3339(item.GetProperty("date_modified").GetString()));
        Assert.Equal([desk.Byline.Name], item.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal([desk.Section, newer.Tags[0].Name], item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("en", item.GetProperty("language").GetString());
        Assert.Equal($"http://localhost/v1/articles/{older.Slug}", items[1].GetProperty("url").GetString());
    }

    [Fact]
    public async Task ArticleWithoutStandfirst_IsSummarisedByTheStartOfItsBody_CutAtAWord()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var body = string.Join(' ', Enumerable.Range(1, 120).Select(i => $"word{i}"));
        await desk.CreateAsync(desk.Article("No standfirst") with { Body = body });
        using var anonymous = api.CreateClientFor(null);

        var summary = (await anonymous.GetFeedAsync("atom", desk.SectionQuery)).Atom.Items.Single().Summary.Text;

        Assert.EndsWith("…", summary, StringComparison.Ordinal);
        Assert.True(summary.Length <= 301, $"The summary has {summary.Length} characters.");
        Assert.StartsWith(summary[..^1] + " ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyFeed_IsValid_WithAFixedUpdatedTime_AndTheSameETagLater()
    {
        var section = Uri.EscapeDataString(TestData.Unique("Nothing here"));
        using var anonymous = api.CreateClientFor(null);

        var first = await anonymous.GetFeedAsync("atom", $"section={section}");
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = await anonymous.GetFeedAsync("atom", $"section={section}");

        Assert.Empty(first.Atom.Items);
        Assert.Equal(DateTime.UnixEpoch, ShouldBeRfc3339(first.Xml.Root!.Element(Atom + "updated")?.Value));
        Assert.Equal(first.Response.Headers.ETag, later.Response.Headers.ETag);
        Assert.Equal(first.Body, later.Body);
    }

    [Theory]
    [InlineData("atom")]
    [InlineData("rss")]
    [InlineData("json")]
    public async Task ControlCharactersInAnArticle_AreLeftOut_AndTheFeedStillReads(string format)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        await desk.CreateAsync(desk.Article("Bell\u0007 and\u0001 characters") with { Standfirst = "Form\u000cfeed" });
        using var anonymous = api.CreateClientFor(null);

        var served = await anonymous.GetFeedAsync(format, desk.SectionQuery);
        var (title, summary) = format switch
        {
            "atom" => (served.Atom.Items.Single().Title.Text, served.Atom.Items.Single().Summary.Text),
            "rss" => (served.Rss.Items.Single().Title.Text, served.Rss.Items.Single().Summary.Text),
            _ => (served.Json.GetProperty("items")[0].GetProperty("title").GetString(), served.Json.GetProperty("items")[0].GetProperty("summary").GetString()),
        };

        Assert.Equal("Bell and characters", title);
        Assert.Equal("Formfeed", summary);
    }

    [Fact]
    public async Task BaseUrlOption_MakesTheFeedsLinksAndIds()
    {
        using var configured = new ConfiguredApiFactory(("Feeds:BaseUrl", "https://api.example.org/news/"), ("Feeds:Title", "The Example"));
        var desk = await Desk.OpenAsync(configured.CreateClient());
        var article = await desk.PublishAsync("Linked");
        using var anonymous = configured.CreateClientFor(null);

        var feed = (await anonymous.GetFeedAsync("atom", desk.SectionQuery)).Atom;

        Assert.Equal($"The Example: {desk.Section}", feed.Title.Text);
        Assert.Equal($"https://api.example.org/news/v1/feeds/articles.atom?{desk.SectionQuery}", feed.Id);
        Assert.Equal($"https://api.example.org/news/v1/articles/{article.Id}", feed.Items.Single().Id);
        Assert.Equal($"https://api.example.org/news/v1/articles/{article.Slug}", feed.Items.Single().Links.Single().Uri.AbsoluteUri);
    }

    [Fact]
    public async Task FeedIdAndSelfLink_AreTheSameForTheSameQuery_InAnyOrder()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        await desk.PublishAsync("Story");
        var tag = await desk.Client.CreateTagAsync();
        using var anonymous = api.CreateClientFor(null);

        var one = (await anonymous.GetFeedAsync("atom", $"{desk.SectionQuery}&tag={tag.Slug}&limit=5")).Atom;
        var other = (await anonymous.GetFeedAsync("atom", $"limit=5&tag={tag.Slug}&{desk.SectionQuery}")).Atom;

        Assert.Equal(one.Id, other.Id);
        Assert.Equal($"http://localhost/v1/feeds/articles.atom?tag={tag.Slug}&{desk.SectionQuery}&limit=5", one.Id);
    }

    /// <summary>A desk with two published articles a day apart, written a minute apart: the older with no canonical URL, the newer with one and a tag.</summary>
    private async Task<(Desk Desk, ArticleResponse Older, ArticleResponse Newer)> TwoArticlesAsync()
    {
        var desk = await Desk.OpenAsync(api.CreateClient(), "Amara Keita");
        var tag = await desk.Client.CreateTagAsync("Sahel");
        var older = await desk.CreateAsync(desk.Article("Older story", Desk.Epoch.AddDays(1)) with { Standfirst = "The older one." });
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await desk.CreateAsync(desk.Article("Newer story", Desk.Epoch.AddDays(2)) with
        {
            Standfirst = "The newer one.",
            CanonicalUrl = $"https://news.example/world/{TestData.Unique("newer")}",
            TagIds = [tag.Id],
        });
        return (desk, older, newer);
    }
}
