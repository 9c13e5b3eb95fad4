using System.Net;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Related;
using ContentApi.Tests.Query;

namespace ContentApi.Tests.Related;

/// <summary>?diversity=: maximal marginal relevance, so several takes on one story do not fill the box (over tags and entities: the stories share placeholder text).</summary>
public sealed class RelatedDiversityTests(RelatedArticlesTests.TagsAndEntitiesApi api) : IClassFixture<RelatedArticlesTests.TagsAndEntitiesApi>
{
    private static readonly DateTime Published = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Diversity_LetsADifferentAngleInAheadOfAnotherTakeOnTheSameStory()
    {
        var story = await TakesAsync();

        var plain = await RelatedAsync(story.Desk.Client, $"/v1/articles/{story.Source.Slug}/related?limit=2");
        var diverse = await RelatedAsync(story.Desk.Client, $"/v1/articles/{story.Source.Slug}/related?limit=2&diversity=0.7");

        Assert.All(plain.Items, i => Assert.Contains(i.Article.Id, story.Takes));
        Assert.Equal(plain.Items[0].Article.Id, diverse.Items[0].Article.Id);
        Assert.Equal(story.Angle, diverse.Items[1].Article.Id);
    }

    [Fact]
    public async Task Diversity_ChangesTheOrderNotTheScoresOrReasons()
    {
        var story = await TakesAsync();

        var all = await RelatedAsync(story.Desk.Client, $"/v1/articles/{story.Source.Slug}/related?limit=10");
        var diverse = await RelatedAsync(story.Desk.Client, $"/v1/articles/{story.Source.Slug}/related?limit=10&diversity=0.7");

        Assert.Equal(all.Items.Select(i => i.Article.Id).Order(), diverse.Items.Select(i => i.Article.Id).Order());
        Assert.NotEqual(all.Items.Select(i => i.Article.Id), diverse.Items.Select(i => i.Article.Id));
        foreach (var item in diverse.Items)
        {
            var same = all.Items.Single(i => i.Article.Id == item.Article.Id);
            Assert.Equal(same.Score, item.Score);
            Assert.Equal(same.Reasons.Select(r => (r.Value, r.Weight)), item.Reasons.Select(r => (r.Value, r.Weight)));
        }
    }

    [Fact]
    public async Task Diversity_Zero_IsThePlainRanking()
    {
        var story = await TakesAsync();

        var plain = await RelatedAsync(story.Desk.Client, $"/v1/articles/{story.Source.Slug}/related?limit=4");
        var zero = await RelatedAsync(story.Desk.Client, $"/v1/articles/{story.Source.Slug}/related?limit=4&diversity=0");

        Assert.Equal(plain.Items.Select(i => i.Article.Id), zero.Items.Select(i => i.Article.Id));
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("1.5")]
    [InlineData("lots")]
    public async Task Diversity_OutOfRange_IsA400(string value)
    {
        var story = await TakesAsync();

        using var response = await story.Desk.Client.GetAsync($"/v1/articles/{story.Source.Slug}/related?diversity={value}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private sealed record SummitStory(Desk Desk, ArticleResponse Source, List<string> Takes, string Angle);

    /// <summary>
    /// A source about a summit and a minister; three takes on the same summit a few days apart (not duplicates:
    /// each adds a detail of its own); one story about the minister from another angle, scored below the takes;
    /// and unrelated filler, so the summit and the minister are rare enough to weigh something.
    /// </summary>
    private async Task<SummitStory> TakesAsync()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var filler = await desk.Client.CreateEntityAsync(QueryTestHelpers.UniqueWord("Filler"), EntityType.Other);
        for (var i = 0; i < 15; i++)
        {
            await desk.CreateAsync(desk.Article($"Filler {i}", Published.AddDays(-i)) with { EntityIds = [filler.Id] });
        }

        var summit = await desk.Client.CreateEntityAsync(QueryTestHelpers.UniqueWord("Summit"), EntityType.Event);
        var minister = await desk.Client.CreateEntityAsync(QueryTestHelpers.UniqueWord("Minister"), EntityType.Person);
        var source = await desk.CreateAsync(desk.Article("Summit opens", Published) with { EntityIds = [summit.Id, minister.Id] });
        List<string> takes = [];
        for (var i = 1; i <= 3; i++)
        {
            var detail = await desk.Client.CreateEntityAsync(QueryTestHelpers.UniqueWord("Detail"), EntityType.Other);
            var take = await desk.CreateAsync(desk.Article($"Summit, take {i}", Published.AddDays(-5 * i)) with { EntityIds = [summit.Id, minister.Id, detail.Id] });
            takes.Add(take.Id);
        }

        var elsewhere = await desk.Client.CreateEntityAsync(QueryTestHelpers.UniqueWord("Elsewhere"), EntityType.Place);
        var angle = await desk.CreateAsync(desk.Article("The minister at home", Published.AddDays(-20)) with { EntityIds = [minister.Id, elsewhere.Id] });
        return new SummitStory(desk, source, takes, angle.Id);
    }

    private static async Task<RelatedList> RelatedAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadAsync<RelatedList>();
    }
}
