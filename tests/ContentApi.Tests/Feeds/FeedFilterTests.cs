using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Tests.Query;
using static ContentApi.Tests.Feeds.FeedTestHelpers;

namespace ContentApi.Tests.Feeds;

/// <summary>
/// A feed holds the newest articles that the list would give for the same filters and caller: the visible ones only,
/// newest first, for a tag, a section, a byline, an entity, a search or any mix of them.
/// </summary>
public sealed class FeedFilterTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static TheoryData<string> Formats => [.. FeedTestHelpers.Formats];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task TagFeed_HasExactlyTheVisibleTaggedArticles_NewestFirst(string format)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var tag = await desk.Client.CreateTagAsync();
        var other = await desk.Client.CreateTagAsync();
        var now = api.Clock.GetUtcNow().UtcDateTime;
        ArticleRequest Tagged() => desk.Article("Tagged") with { TagIds = [tag.Id] };
        var oldest = await desk.CreateAsync(Tagged() with { PublishAt = now.AddDays(-3) });
        var newest = await desk.CreateAsync(Tagged() with { PublishAt = now.AddHours(-1) });
        var middle = await desk.CreateAsync(Tagged() with { PublishAt = now.AddDays(-2) });
        await desk.CreateAsync(Tagged() with { Status = ArticleStatus.Draft });
        await desk.CreateAsync(Tagged() with { Status = ArticleStatus.Archived, PublishAt = now.AddDays(-1) });
        var scheduled = await desk.CreateAsync(Tagged() with { Status = ArticleStatus.Scheduled, PublishAt = now.AddHours(1) });
        await desk.CreateAsync(desk.Article("Other tag", now.AddMinutes(-1)) with { TagIds = [other.Id] });
        await desk.PublishAsync("No tag", now.AddMinutes(-2));
        using var anonymous = api.CreateClientFor(null);

        var before = await anonymous.GetFeedAsync(format, $"tag={tag.Slug}");
        api.Clock.Advance(TimeSpan.FromHours(1));
        var after = await anonymous.GetFeedAsync(format, $"tag={tag.Id}");

        Assert.Equal([newest.Id, middle.Id, oldest.Id], before.ArticleIds(format));
        Assert.Equal([scheduled.Id, newest.Id, middle.Id, oldest.Id], after.ArticleIds(format));
    }

    [Fact]
    public async Task SectionBylineEntityAndTagFilters_AndTheirCombinations_MatchTheList()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var second = await desk.Client.CreateBylineAsync("Second Writer");
        var entity = await desk.Client.CreateEntityAsync("Feedville");
        var tag = await desk.Client.CreateTagAsync();
        var byDesk = await desk.CreateAsync(desk.Article("By the desk", Desk.Epoch.AddDays(1)) with { TagIds = [tag.Id] });
        var bySecond = await desk.CreateAsync(desk.Article("By the second", Desk.Epoch.AddDays(2)) with
        {
            Bylines = [new ArticleBylineRequest(second.Id)],
            EntityIds = [entity.Id],
        });
        var both = await desk.CreateAsync(desk.Article("By both, about Feedville", Desk.Epoch.AddDays(3)) with
        {
            Bylines = [new ArticleBylineRequest(desk.Byline.Id), new ArticleBylineRequest(second.Id)],
            EntityIds = [entity.Id],
            TagIds = [tag.Id],
        });
        using var anonymous = api.CreateClientFor(null);
        var cases = new Dictionary<string, List<string>>
        {
            [desk.SectionQuery] = [both.Id, bySecond.Id, byDesk.Id],
            [$"byline={desk.Byline.Slug}"] = [both.Id, byDesk.Id],
            [$"byline={second.Id}"] = [both.Id, bySecond.Id],
            [$"entity={entity.Slug}"] = [both.Id, bySecond.Id],
            [$"entity={entity.Slug}&byline={desk.Byline.Slug}"] = [both.Id],
            [$"{desk.SectionQuery}&tag={tag.Slug}&byline={desk.Byline.Slug}"] = [both.Id, byDesk.Id],
            [$"{desk.SectionQuery}&tag={tag.Slug}&entity={entity.Slug}"] = [both.Id],
            [$"{desk.SectionQuery}&from={QueryTestHelpers.Iso(Desk.Epoch.AddDays(2))}&to={QueryTestHelpers.Iso(Desk.Epoch.AddDays(3))}"] = [bySecond.Id],
            [$"{desk.SectionQuery}&language=fr"] = [],
        };

        foreach (var (query, expected) in cases)
        {
            var feed = await anonymous.GetFeedAsync("json", query);
            var list = await anonymous.ListArticlesAsync($"/v1/articles?{query}");
            Assert.True(expected.SequenceEqual(feed.ArticleIds("json")), $"{query}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", feed.ArticleIds("json"))}]");
            Assert.Equal(list.Items.Ids(), feed.ArticleIds("json"));
        }
    }

    [Fact]
    public async Task FeedTitle_NamesWhatItIsFilteredBy()
    {
        var desk = await Desk.OpenAsync(api.CreateClient(), "Amara Keita");
        var tag = await desk.Client.CreateTagAsync("Sahel");
        var entity = await desk.Client.CreateEntityAsync("Wagner Group", EntityType.Organisation);
        using var anonymous = api.CreateClientFor(null);

        var filtered = await anonymous.GetFeedAsync("json", $"{desk.SectionQuery}&tag={tag.Slug}&byline={desk.Byline.Slug}&entity={entity.Id}");
        var latest = await anonymous.GetFeedAsync("json", "limit=1");
        var unknown = await anonymous.GetFeedAsync("json", "tag=no-such-tag");

        Assert.Equal($"ContentApi: {desk.Section} / Sahel / Amara Keita / Wagner Group", filtered.Json.GetProperty("title").GetString());
        Assert.Equal($"The newest articles in {desk.Section}, tagged Sahel, by Amara Keita, about Wagner Group.", filtered.Json.GetProperty("description").GetString());
        Assert.Equal("ContentApi: Latest", latest.Json.GetProperty("title").GetString());
        Assert.Equal("ContentApi: no-such-tag", unknown.Json.GetProperty("title").GetString());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task UnknownTagBylineOrEntity_GivesAnEmptyFeed_AsTheListGivesAnEmptyPage(string format)
    {
        await api.CreateClient().CreateArticleAsync();
        using var anonymous = api.CreateClientFor(null);

        foreach (var query in new[] { "tag=no-such-tag", "byline=no-such-byline", "entity=999999999", "tag=no-such-tag&tagMatch=all" })
        {
            Assert.Empty((await anonymous.GetFeedAsync(format, query)).ArticleIds(format));
        }
    }

    [Fact]
    public async Task Search_StaysNewestFirst_EvenWhenRelevanceWouldOrderItOtherwise()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var word = QueryTestHelpers.UniqueWord();
        var inHeadline = await desk.CreateAsync(desk.Article($"{word} {word} in the headline", Desk.Epoch.AddDays(1)));
        var inBody = await desk.CreateAsync(desk.Article("Only the body says it", Desk.Epoch.AddDays(2)) with { Body = $"Somewhere it says {word}." });
        await desk.PublishAsync("Unrelated", Desk.Epoch.AddDays(3));
        using var anonymous = api.CreateClientFor(null);

        var byRelevance = await anonymous.ListArticlesAsync($"/v1/articles?q={word}");
        var feed = await anonymous.GetFeedAsync("atom", $"q={word}");

        Assert.Equal([inHeadline.Id, inBody.Id], byRelevance.Items.Ids());
        Assert.Equal([inBody.Id, inHeadline.Id], feed.ArticleIds("atom"));
        Assert.Equal($"ContentApi: “{word}”", feed.Atom.Title.Text);
    }

    [Fact]
    public async Task Limit_KeepsTheNewest_AndDefaultsTo20()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var articles = new List<ArticleResponse>();
        for (var i = 1; i <= 22; i++)
        {
            articles.Add(await desk.PublishAsync($"Story {i}", Desk.Epoch.AddHours(i)));
        }

        using var anonymous = api.CreateClientFor(null);

        var three = await anonymous.GetFeedAsync("rss", $"{desk.SectionQuery}&limit=3");
        var byDefault = await anonymous.GetFeedAsync("rss", desk.SectionQuery);

        Assert.Equal([articles[21].Id, articles[20].Id, articles[19].Id], three.ArticleIds("rss"));
        Assert.Equal(articles.AsEnumerable().Reverse().Take(20).Ids(), byDefault.ArticleIds("rss"));
    }
}
