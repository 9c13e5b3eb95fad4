using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Http;

namespace ContentApi.Tests.Articles;

/// <summary>GET /v1/articles: keyset pages, newest first, of article summaries.</summary>
public sealed class ListArticlesTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task FollowingNext_VisitsEveryArticleOnceNewestFirst()
    {
        await using var fresh = new ContentApiFactory();
        var client = fresh.CreateClient();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await client.CreateArticleAsync()).Slug);
        }

        var seen = new List<string>();
        var pageSizes = new List<int>();
        string? next = "/v1/articles?limit=2";
        while (next is not null)
        {
            Assert.True(pageSizes.Count < 10, "Paging did not end.");
            using var response = await client.GetAsync(next);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var page = await response.ReadAsync<Page<ArticleListItem>>();
            Assert.Equal(2, page.Limit);
            Assert.Equal(page.Next is null, page.NextCursor is null);
            seen.AddRange(page.Items.Select(a => a.Slug));
            pageSizes.Add(page.Items.Count);
            next = page.Next;
        }

        Assert.Equal([2, 2, 1], pageSizes);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task FirstPage_HasItemsNextCursorAndNextLink()
    {
        var client = api.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateArticleAsync();
        }

        using var response = await client.GetAsync("/v1/articles?limit=2");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var page = await response.ReadAsync<Page<ArticleListItem>>();
        Assert.Equal(2, page.Items.Count);
        Assert.False(string.IsNullOrEmpty(page.NextCursor));
        Assert.Equal($"/v1/articles?limit=2&cursor={page.NextCursor}", page.Next);
    }

    [Fact]
    public async Task Items_DoNotIncludeTheBody()
    {
        var client = api.CreateClient();
        var article = await client.CreateArticleAsync();

        using var response = await client.GetAsync("/v1/articles?limit=100");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var item = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("slug").GetString() == article.Slug);
        Assert.Equal(article.Headline, item.GetProperty("headline").GetString());
        Assert.False(item.TryGetProperty("body", out _), $"A list item carries the body: {item}");
        Assert.False(item.TryGetProperty("bylines", out _), $"A list item carries the bylines: {item}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-1)]
    public async Task Returns400_WhenLimitIsOutOfRange(int limit)
    {
        var client = api.CreateClient();

        using var response = await client.GetAsync($"/v1/articles?limit={limit}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("limit");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task AcceptsLimitAtEitherEndOfRange(int limit)
    {
        var client = api.CreateClient();
        await client.CreateArticleAsync();

        using var response = await client.GetAsync($"/v1/articles?limit={limit}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var page = await response.ReadAsync<Page<ArticleListItem>>();
        Assert.Equal(limit, page.Limit);
        Assert.InRange(page.Items.Count, 1, limit);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("aWQ6LTE")] // "id:-1"
    public async Task Returns400_WhenCursorWasNotIssuedByTheApi(string cursor)
    {
        var client = api.CreateClient();

        using var response = await client.GetAsync($"/v1/articles?cursor={cursor}");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("cursor");
    }
}
