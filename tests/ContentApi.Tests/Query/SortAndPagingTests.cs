using System.Net;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Articles;
using Microsoft.AspNetCore.WebUtilities;

namespace ContentApi.Tests.Query;

/// <summary>
/// GET /v1/articles sorts (newest, oldest, updated, headline) and keyset paging: each page continues
/// after the previous page's last item, so a walk never repeats or skips an article.
/// </summary>
public sealed class SortAndPagingTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static TheoryData<string> Sorts => ["newest", "oldest", "updated", "headline"];

    [Fact]
    public async Task Newest_IsTheDefault_ByPublishedAtThenIdDescending()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var early = await desk.PublishAsync("Early", Desk.Epoch.AddHours(1));
        var tieFirst = await desk.PublishAsync("Tie first", Desk.Epoch.AddHours(2));
        var late = await desk.PublishAsync("Late", Desk.Epoch.AddHours(3));
        var tieSecond = await desk.PublishAsync("Tie second", Desk.Epoch.AddHours(2));

        var byDefault = await desk.ListAsync();
        var newest = await desk.ListAsync("sort=newest");

        Assert.Equal([late.Id, tieSecond.Id, tieFirst.Id, early.Id], byDefault.Items.Ids());
        Assert.Equal(byDefault.Items.Ids(), newest.Items.Ids());
    }

    [Fact]
    public async Task Oldest_ByPublishedAtThenIdAscending()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var late = await desk.PublishAsync("Late", Desk.Epoch.AddHours(3));
        var tieFirst = await desk.PublishAsync("Tie first", Desk.Epoch.AddHours(2));
        var early = await desk.PublishAsync("Early", Desk.Epoch.AddHours(1));
        var tieSecond = await desk.PublishAsync("Tie second", Desk.Epoch.AddHours(2));

        var page = await desk.ListAsync("sort=oldest");

        Assert.Equal([early.Id, tieFirst.Id, tieSecond.Id, late.Id], page.Items.Ids());
    }

    [Fact]
    public async Task Updated_PutsTheMostRecentlyChangedFirst()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var first = await desk.PublishAsync("First", Desk.Epoch.AddHours(3));
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await desk.PublishAsync("Second", Desk.Epoch.AddHours(2));
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await desk.PublishAsync("Third", Desk.Epoch.AddHours(1));
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        using (var edit = await desk.Client.PutArticleAsync(first.Id, first.ToRequest() with { Headline = "First, corrected" }))
        {
            await edit.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var page = await desk.ListAsync("sort=updated");

        Assert.Equal([first.Id, third.Id, second.Id], page.Items.Ids());
        Assert.True(page.Items[0].UpdatedAt > page.Items[1].UpdatedAt);
    }

    [Fact]
    public async Task Headline_IsOrdinal_WithTiesByIdAscending()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        string[] headlines = ["apple", "Zebra", "Écoles", "Banana", "apple", "Apple"];
        var created = new List<ArticleResponse>();
        foreach (var headline in headlines)
        {
            created.Add(await desk.PublishAsync(headline));
        }

        var page = await desk.ListAsync("sort=headline");

        Assert.Equal(["Apple", "Banana", "Zebra", "apple", "apple", "Écoles"], page.Headlines());
        Assert.Equal([created[0].Id, created[4].Id], page.Items.Where(i => i.Headline == "apple").Ids());
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task LimitOne_WalksEveryArticleOnce_InTheSortOrder(string sort)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        await CreateMixedCorpusAsync(desk);
        var expected = (await desk.ListAsync($"sort={sort}&limit=100")).Items.Ids();

        var walked = await desk.Client.WalkAsync($"/v1/articles?{desk.SectionQuery}&sort={sort}&limit=1");

        Assert.Equal(6, expected.Count);
        Assert.Equal(expected, walked.Ids());
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task FirstMiddleAndLastPages_SplitTheResultWithNoNextOnTheLast(string sort)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        await CreateMixedCorpusAsync(desk);
        await desk.PublishAsync("Seventh", Desk.Epoch.AddHours(7));
        var all = (await desk.ListAsync($"sort={sort}&limit=100")).Items.Ids();

        var first = await desk.ListAsync($"sort={sort}&limit=3");
        var middle = await desk.Client.ListArticlesAsync(first.Next!);
        var last = await desk.Client.ListArticlesAsync(middle.Next!);

        Assert.Equal(all[..3], first.Items.Ids());
        Assert.NotNull(first.NextCursor);
        Assert.Equal(all[3..6], middle.Items.Ids());
        Assert.NotNull(middle.NextCursor);
        Assert.Equal(all[6..], last.Items.Ids());
        Assert.Null(last.NextCursor);
        Assert.Null(last.Next);
        Assert.Equal(3, last.Limit);
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task LastPage_ThatIsExactlyFull_HasNoNext(string sort)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        for (var i = 1; i <= 4; i++)
        {
            await desk.PublishAsync($"Story {i}", Desk.Epoch.AddHours(i));
        }

        var first = await desk.ListAsync($"sort={sort}&limit=2");
        var last = await desk.Client.ListArticlesAsync(first.Next!);

        Assert.Equal(2, last.Items.Count);
        Assert.Null(last.NextCursor);
        Assert.Null(last.Next);
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task EmptyResult_HasNoItemsAndNoCursor(string sort)
    {
        var client = api.CreateClient();

        var page = await client.GetJsonAsync($"/v1/articles?section={TestData.Unique("Empty")}&sort={sort}&limit=5");

        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, page.GetProperty("next").ValueKind);
        Assert.Equal(5, page.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task NextLink_KeepsTheOtherParameters_AndWorksWhenFollowed()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var a = await desk.Client.CreateTagAsync();
        var b = await desk.Client.CreateTagAsync();
        var expected = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            expected.Add((await desk.CreateAsync(desk.Article($"Story {i}", Desk.Epoch.AddHours(i)) with { TagIds = [i % 2 == 0 ? a.Id : b.Id] })).Id);
        }

        await desk.PublishAsync("Untagged", Desk.Epoch);

        var first = await desk.ListAsync($"tag={a.Slug}&tag={b.Slug}&sort=oldest&include=tags&limit=2");

        var next = QueryHelpers.ParseQuery(new Uri("http://host" + first.Next).Query);
        Assert.StartsWith("/v1/articles?", first.Next, StringComparison.Ordinal);
        Assert.Equal(2, next["tag"].Count);
        Assert.Equal($"{a.Slug},{b.Slug}", next["tag"].ToString());
        Assert.Equal("oldest", next["sort"].ToString());
        Assert.Equal("tags", next["include"].ToString());
        Assert.Equal("2", next["limit"].ToString());
        Assert.Equal(desk.Section, next["section"].ToString());
        Assert.Equal(first.NextCursor, next["cursor"].ToString());

        var second = await desk.Client.ListArticlesAsync(first.Next!);
        var rest = await desk.Client.WalkAsync(second.Next!);
        Assert.Equal(expected, [.. first.Items.Ids(), .. second.Items.Ids(), .. rest.Ids()]);
        Assert.All(second.Items, i => Assert.NotNull(i.Tags));
        Assert.Equal(2, second.Limit);
    }

    [Fact]
    public async Task NewestWalk_WithArticlesInsertedBetweenPages_NeverRepeatsOrSkipsTheOriginalSet()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var original = new HashSet<string>();
        for (var i = 0; i < 9; i++)
        {
            // Pairs share a publication time, so page boundaries fall inside ties.
            original.Add((await desk.PublishAsync($"Original {i}", Desk.Epoch.AddDays(10).AddHours(i / 2))).Id);
        }

        var seen = new List<ArticleListItem>();
        var inserted = 0;
        for (string? next = $"/v1/articles?{desk.SectionQuery}&limit=2"; next is not null;)
        {
            Assert.True(inserted < 20, "Paging did not end.");
            var page = await desk.Client.ListArticlesAsync(next);
            seen.AddRange(page.Items);
            next = page.Next;
            if (page.Items.Count == 0)
            {
                continue;
            }

            var position = page.Items[^1].PublishedAt!.Value;
            // Newer than everything: published now.
            await desk.PublishAsync($"Breaking {inserted}");
            // Back-dated to before the current position, and to exactly the position (a tie with a higher id).
            await desk.PublishAsync($"Back-dated {inserted}", position.AddMinutes(-30));
            await desk.PublishAsync($"Same time {inserted}", position);
            inserted++;
        }

        var ids = seen.Ids();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(original.Except(ids));
        Assert.Equal([.. seen.OrderByDescending(i => i.PublishedAt).ThenByDescending(i => int.Parse(i.Id, System.Globalization.CultureInfo.InvariantCulture)).Ids()], ids);
    }

    [Theory]
    [InlineData("newest")]
    [InlineData("oldest")]
    [InlineData("updated")]
    [InlineData("headline")]
    public async Task EditorWalk_ReachesDraftsAndPublishedAlike(string sort)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var ids = new HashSet<string>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add((await desk.PublishAsync($"Published {i}", Desk.Epoch.AddHours(i))).Id);
            ids.Add((await desk.CreateAsync(desk.Article($"Draft {i}") with { Status = ArticleStatus.Draft })).Id);
        }

        var walked = await desk.Client.WalkAsync($"/v1/articles?{desk.SectionQuery}&sort={sort}&limit=2");

        Assert.Equal(ids.Order(), walked.Ids().Order());
        Assert.Equal(6, walked.Count);
    }

    [Fact]
    public async Task StatusDraft_WalksEveryDraftWithLimitOne()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var drafts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            drafts.Add((await desk.CreateAsync(desk.Article($"Draft {i}") with { Status = ArticleStatus.Draft })).Id);
        }

        var walked = await desk.Client.WalkAsync($"/v1/articles?{desk.SectionQuery}&status=draft&limit=1");

        Assert.Equal(Enumerable.Reverse(drafts), walked.Ids());
    }

    [Fact]
    public async Task HeadlineSort_PagesThroughLongNonLatinHeadlines()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var created = new List<string>();
        foreach (var headline in new[]
                 {
                     "Лавров заявил, что Россия продолжит сотрудничество с Мали в сфере безопасности и обороны",
                     "Министр иностранных дел Мали посетил Москву для переговоров о поставках зерна и топлива",
                     "وزير الخارجية المالي يدافع عن العلاقات مع روسيا خلال زيارة إلى موسكو هذا الأسبوع",
                 })
        {
            created.Add((await desk.PublishAsync(headline)).Id);
        }

        var walked = await desk.Client.WalkAsync($"/v1/articles?{desk.SectionQuery}&sort=headline&limit=1");

        Assert.Equal(created.Order(), walked.Ids().Order());
    }

    /// <summary>Six articles whose orders differ by every sort: times, headlines and last changes disagree.</summary>
    private async Task CreateMixedCorpusAsync(Desk desk)
    {
        (string Headline, int Hour)[] stories = [("Delta", 2), ("alpha", 5), ("Charlie", 2), ("Bravo", 1), ("Echo", 6), ("Bravo", 4)];
        foreach (var (headline, hour) in stories)
        {
            await desk.PublishAsync(headline, Desk.Epoch.AddHours(hour));
            api.Clock.Advance(TimeSpan.FromSeconds(hour % 3 == 0 ? 0 : 7));
        }
    }
}
