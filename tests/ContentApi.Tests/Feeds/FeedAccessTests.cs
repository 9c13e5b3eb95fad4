using System.Xml.Linq;
using System.ServiceModel.Syndication;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using ContentApi.Tests.Query;
using static ContentApi.Tests.Feeds.FeedTestHelpers;

namespace ContentApi.Tests.Feeds;

/// <summary>
/// Who sees what in a feed: the list's visibility rule for every caller, full bodies for partner, editor and admin
/// keys, summaries alone for anonymous callers and reader keys.
/// </summary>
public sealed class FeedAccessTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static TheoryData<ApiRole?> SummaryReaders => [null, ApiRole.Reader];

    public static TheoryData<ApiRole?, string> EveryCallerAndFormat => new()
    {
        { null, "atom" }, { ApiRole.Reader, "rss" }, { ApiRole.Partner, "json" }, { ApiRole.Partner, "atom" },
        { ApiRole.Editor, "rss" }, { ApiRole.Admin, "json" },
    };

    [Theory]
    [MemberData(nameof(SummaryReaders))]
    public async Task AnonymousAndReaderCallers_GetSummaries_AndNoFullContent(ApiRole? role)
    {
        var (desk, article) = await ArticleWithABodyAsync();
        using var client = api.CreateClientFor(role);

        var atom = (await client.GetFeedAsync("atom", desk.SectionQuery)).Atom.Items.Single();
        var rss = await client.GetFeedAsync("rss", desk.SectionQuery);
        var json = (await client.GetFeedAsync("json", desk.SectionQuery)).Json.GetProperty("items")[0];

        Assert.Equal(article.Standfirst, atom.Summary.Text);
        Assert.Null(atom.Content);
        Assert.Equal(article.Standfirst, rss.Rss.Items.Single().Summary.Text);
        Assert.Empty(rss.Xml.Descendants(ContentModule + "encoded"));
        Assert.DoesNotContain("The secret second paragraph", System.Text.Encoding.UTF8.GetString(rss.Body), StringComparison.Ordinal);
        Assert.False(json.TryGetProperty("content_html", out _));
        Assert.Equal(article.Standfirst, json.GetProperty("content_text").GetString());
    }

    [Fact]
    public async Task PartnerKey_GetsFullContent_OfOnlyTheArticlesClearedForSyndication()
    {
        var (desk, cleared) = await ArticleWithABodyAsync();
        var now = api.Clock.GetUtcNow().UtcDateTime;
        var notCleared = await desk.CreateAsync(desk.Article("Not cleared") with { Syndication = new SyndicationDto(Allowed: false) });
        var expired = await desk.CreateAsync(desk.Article("Clearance over") with { Syndication = new SyndicationDto(true, ExpiresAt: now.AddDays(-1)) });
        using var partner = api.CreateClientFor(ApiRole.Partner);
        using var anonymous = api.CreateClientFor(null);

        var atom = await partner.GetFeedAsync("atom", desk.SectionQuery);
        var rss = await partner.GetFeedAsync("rss", desk.SectionQuery);
        var json = await partner.GetFeedAsync("json", desk.SectionQuery);
        var everyone = await anonymous.GetFeedAsync("atom", desk.SectionQuery);

        Assert.Equal([cleared.Id], atom.ArticleIds("atom"));
        Assert.Equal([cleared.Id], rss.ArticleIds("rss"));
        Assert.Equal([cleared.Id], json.ArticleIds("json"));
        Assert.Equal([expired.Id, notCleared.Id, cleared.Id], everyone.ArticleIds("atom"));
        Assert.Equal(cleared.Body.Html, ((TextSyndicationContent)atom.Atom.Items.Single().Content).Text);
        Assert.Equal("html", atom.Xml.Descendants(Atom + "content").Single().Attribute("type")?.Value);
        Assert.Equal(cleared.Body.Html, rss.Xml.Descendants(ContentModule + "encoded").Single().Value);
        var item = json.Json.GetProperty("items")[0];
        Assert.Equal(cleared.Body.Html, item.GetProperty("content_html").GetString());
        Assert.Equal(cleared.Standfirst, item.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task EmbargoedArticle_ReachesClearedPartnersMarked_AndNobodyElseUntilItEnds()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var embargo = api.Clock.GetUtcNow().UtcDateTime.AddHours(2);
        var article = await desk.CreateAsync(desk.Article("Under embargo") with { EmbargoUntil = embargo });
        using var cleared = api.CreateClientWithKey(await api.CreateKeyAsync(ApiRole.Partner, "wire desk", embargoCleared: true));
        using var partner = api.CreateClientFor(ApiRole.Partner);
        using var anonymous = api.CreateClientFor(null);
        XNamespace contentApi = "urn:contentapi:syndication";

        var atom = await cleared.GetFeedAsync("atom", desk.SectionQuery);
        var rss = await cleared.GetFeedAsync("rss", desk.SectionQuery);
        var json = await cleared.GetFeedAsync("json", desk.SectionQuery);

        Assert.Equal([article.Id], atom.ArticleIds("atom"));
        Assert.Equal(embargo, ShouldBeRfc3339(atom.Xml.Descendants(contentApi + "embargoUntil").Single().Value));
        Assert.Equal(embargo, ShouldBeRfc3339(rss.Xml.Descendants(contentApi + "embargoUntil").Single().Value));
        Assert.Equal(embargo, json.Json.GetProperty("items")[0].GetProperty("_embargo").GetProperty("until").GetDateTime().ToUniversalTime());
        Assert.Empty((await partner.GetFeedAsync("atom", desk.SectionQuery)).ArticleIds("atom"));
        Assert.Empty((await anonymous.GetFeedAsync("rss", desk.SectionQuery)).ArticleIds("rss"));

        api.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal([article.Id], (await partner.GetFeedAsync("json", desk.SectionQuery)).ArticleIds("json"));
        Assert.Equal([article.Id], (await anonymous.GetFeedAsync("atom", desk.SectionQuery)).ArticleIds("atom"));
    }

    [Fact]
    public async Task EditorKey_GetsWhatTheListShowsEditors_DraftsIncluded_WithFullContent()
    {
        var (desk, published) = await ArticleWithABodyAsync();
        var draft = await desk.CreateAsync(desk.Article("A draft") with { Status = ArticleStatus.Draft });
        using var editor = api.CreateClientFor(ApiRole.Editor);

        var feed = await editor.GetFeedAsync("json", desk.SectionQuery);
        var items = feed.Json.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal([published.Id, draft.Id], feed.ArticleIds("json"));
        Assert.False(items[1].TryGetProperty("date_published", out _));
        Assert.Equal(published.Body.Html, items[0].GetProperty("content_html").GetString());
    }

    [Theory]
    [MemberData(nameof(EveryCallerAndFormat))]
    public async Task EveryCaller_GetsTheArticlesTheListGivesIt_InTheSameOrder(ApiRole? role, string format)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var now = api.Clock.GetUtcNow().UtcDateTime;
        var shapes = new Func<ArticleRequest, ArticleRequest>[]
        {
            a => a with { PublishAt = now.AddDays(-3) },
            a => a with { PublishAt = now.AddDays(-2), Syndication = new SyndicationDto(Allowed: false) },
            a => a with { Status = ArticleStatus.Scheduled, PublishAt = now.AddMinutes(-5) },
            a => a with { Status = ArticleStatus.Scheduled, PublishAt = now.AddMinutes(5) },
            a => a with { PublishAt = now.AddDays(1) },
            a => a with { Status = ArticleStatus.Draft },
            a => a with { Status = ArticleStatus.Archived, PublishAt = now.AddDays(-1) },
        };
        foreach (var shape in shapes)
        {
            await desk.CreateAsync(shape(desk.Article("Some state")));
        }

        using var client = api.CreateClientFor(role);

        var list = await client.ListArticlesAsync($"/v1/articles?{desk.SectionQuery}&limit=100");
        var feed = await client.GetFeedAsync(format, $"{desk.SectionQuery}&limit=100");

        Assert.NotEmpty(list.Items);
        Assert.Equal(list.Items.Ids(), feed.ArticleIds(format));
    }

    /// <summary>A published article cleared for syndication, with a standfirst and a two-paragraph body.</summary>
    private async Task<(Desk Desk, ArticleResponse Article)> ArticleWithABodyAsync()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var article = await desk.CreateAsync(desk.Article("With a body", Desk.Epoch) with
        {
            Standfirst = "Only the standfirst for readers.",
            Body = "The first paragraph, with **bold** words.\n\nThe secret second paragraph.",
        });
        Assert.Contains("<strong>bold</strong>", article.Body.Html, StringComparison.Ordinal);
        return (desk, article);
    }
}
