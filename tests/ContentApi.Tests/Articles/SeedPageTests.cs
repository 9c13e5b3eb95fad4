using System.Net;
using System.Net.Http.Json;
using ContentApi.Articles;
using ContentApi.Persistence;

namespace ContentApi.Tests.Articles;

public sealed class SeedPageTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task PageCanBeCreatedAndFetchedBackInOneRequest()
    {
        var client = api.CreateClient();
        var article = await client.CreateArticleAsync();

        using var response = await client.GetAsync($"/v1/articles/{article.Slug}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var page = await response.ReadAsync<ArticleResponse>();
        Assert.Equal("World", page.Section);
        Assert.Equal("Mali's foreign minister defends ties with Russia", page.Headline);
        Assert.Contains("<strong>Bamako</strong>", page.Body.Html);
        Assert.Equal("First paragraph about Bamako.\n\nSecond paragraph with a link.", page.Body.Text);
        var byline = Assert.Single(page.Bylines);
        Assert.Equal(BylineCredit.Writer, byline.Role);
        Assert.Equal("Covers the Sahel.", byline.Byline.Bio);
        Assert.Single(page.Tags);
        Assert.Equal("Testville", Assert.Single(Assert.Single(page.Entities).Aliases));
        Assert.NotNull(response.Headers.ETag);
    }
}
