#pragma warning disable CA1707 // Test names read Behaviour_WhenCondition (STYLE.md rule 12).

using System.Net;
using ContentApi.Http;
using ContentApi.Tags;

namespace ContentApi.Tests.Tags;

public sealed class TagListTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task PagesThroughEveryTagNewestFirst_ByNextCursorAndNextLink()
    {
        await using var empty = new ContentApiFactory();
        var client = empty.CreateClient();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await client.CreateTagAsync()).Slug);
        }

        var first = await GetPageAsync(client, "/v1/tags?limit=2");
        var second = await GetPageAsync(client, $"/v1/tags?limit=2&cursor={Uri.EscapeDataString(first.NextCursor!)}");
        var third = await GetPageAsync(client, second.Next!);

        Assert.Equal([created[4], created[3]], first.Items.Select(t => t.Slug));
        Assert.Equal([created[2], created[1]], second.Items.Select(t => t.Slug));
        Assert.Equal([created[0]], third.Items.Select(t => t.Slug));
        Assert.All([first, second, third], page => Assert.Equal(2, page.Limit));
        Assert.NotNull(first.Next);
        Assert.NotNull(second.NextCursor);
        Assert.Null(third.NextCursor);
        Assert.Null(third.Next);
    }

    [Fact]
    public async Task EndsWithoutNextCursor_WhenTheLastPageIsExactlyFull()
    {
        await using var empty = new ContentApiFactory();
        var client = empty.CreateClient();
        await client.CreateTagAsync();
        await client.CreateTagAsync();

        var page = await GetPageAsync(client, "/v1/tags?limit=2");

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.NextCursor);
        Assert.Null(page.Next);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Returns400KeyedLimit_WhenLimitIsOutsideOneToAHundred(int limit)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/tags?limit={limit}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("limit");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("aWQ6LTE")] // "id:-1"
    [InlineData("aWQ6YWJj")] // "id:abc"
    public async Task Returns400KeyedCursor_WhenCursorWasNotIssuedByTheApi(string cursor)
    {
        using var response = await api.CreateClient().GetAsync($"/v1/tags?cursor={cursor}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("cursor");
    }

    [Fact]
    public async Task Returns400Problem_WhenLimitIsNotANumber()
    {
        using var response = await api.CreateClient().GetAsync("/v1/tags?limit=ten");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("limit", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task AcceptsLimitsFromOneToAHundred(int limit)
    {
        var page = await GetPageAsync(api.CreateClient(), $"/v1/tags?limit={limit}");

        Assert.Equal(limit, page.Limit);
    }

    private static async Task<Page<TagResponse>> GetPageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadAsync<Page<TagResponse>>();
    }
}
