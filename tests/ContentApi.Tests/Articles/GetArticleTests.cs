using System.Net;
using System.Net.Http.Headers;

namespace ContentApi.Tests.Articles;

public sealed class GetArticleTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task ReturnsSameRepresentation_ByIdAndBySlug()
    {
        var client = api.CreateClient();
        var article = await client.CreateArticleAsync();

        using var byId = await client.GetAsync($"/v1/articles/{article.Id}");
        using var bySlug = await client.GetAsync($"/v1/articles/{article.Slug}");

        await byId.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await bySlug.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var idBody = await byId.Content.ReadAsStringAsync();
        Assert.Equal(idBody, await bySlug.Content.ReadAsStringAsync());
        Assert.Contains($"\"slug\":\"{article.Slug}\"", idBody, StringComparison.Ordinal);
        Assert.Equal(ArticleTestHelpers.ETagOf(byId), ArticleTestHelpers.ETagOf(bySlug));
    }

    [Theory]
    [InlineData("no-such-article-anywhere")]
    [InlineData("999999999")]
    public async Task Returns404Problem_WhenArticleDoesNotExist(string idOrSlug)
    {
        var client = api.CreateClient();

        using var response = await client.GetAsync($"/v1/articles/{idOrSlug}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(idOrSlug, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Returns304WithEmptyBody_WhenIfNoneMatchHasCurrentETag()
    {
        var client = api.CreateClient();
        var article = await client.CreateArticleAsync();
        var (_, etag) = await client.GetArticleAsync(article.Slug);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{article.Slug}");
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Returns200WithNewETag_WhenIfNoneMatchHasOutdatedETag()
    {
        var client = api.CreateClient();
        var article = await client.CreateArticleAsync();
        var (_, oldETag) = await client.GetArticleAsync(article.Slug);
        using (var patch = await client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "A changed headline"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{article.Slug}");
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(oldETag));
        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.NotEqual(oldETag, ArticleTestHelpers.ETagOf(response));
        Assert.Contains("A changed headline", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
