using System.Net;

namespace ContentApi.Tests.Articles;

public sealed class DeleteArticleTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Returns204_AndArticleIsGone()
    {
        var article = await _client.CreateArticleAsync();

        using var response = await _client.DeleteArticleAsync(article.Id);

        await response.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        await _client.ShouldNotExistAsync(article.Id);
        await _client.ShouldNotExistAsync(article.Slug);
    }

    [Fact]
    public async Task RemovesArticleFromOtherArticlesRelatedArticles()
    {
        var doomed = await _client.CreateArticleAsync();
        var kept = await _client.CreateArticleAsync();
        var pinning = await _client.CreateArticleAsync(await _client.NewArticleRequestAsync() with { RelatedArticleIds = [kept.Id, doomed.Id] });
        Assert.Equal(2, pinning.RelatedArticles.Count);

        using var response = await _client.DeleteArticleAsync(doomed.Slug);

        await response.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        var (after, _) = await _client.GetArticleAsync(pinning.Id);
        Assert.Equal(kept.Id, Assert.Single(after.RelatedArticles).Id);
    }

    [Fact]
    public async Task Returns204_WhenIfMatchIsCurrent()
    {
        var article = await _client.CreateArticleAsync();
        var (_, etag) = await _client.GetArticleAsync(article.Id);

        using var response = await _client.DeleteArticleAsync(article.Id, etag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await _client.ShouldNotExistAsync(article.Id);
    }

    [Fact]
    public async Task Returns412Problem_WhenIfMatchIsStale_AndKeepsArticle()
    {
        var article = await _client.CreateArticleAsync();
        var (_, staleETag) = await _client.GetArticleAsync(article.Id);
        using (var edit = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Edited meanwhile"}"""))
        {
            await edit.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var response = await _client.DeleteArticleAsync(article.Id, staleETag);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var (still, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal("Edited meanwhile", still.Headline);
    }

    [Fact]
    public async Task Returns404Problem_WhenArticleDoesNotExist()
    {
        using var response = await _client.DeleteArticleAsync("no-such-article-anywhere");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Returns404Problem_WhenDeletedTwice()
    {
        var article = await _client.CreateArticleAsync();
        using (var first = await _client.DeleteArticleAsync(article.Id))
        {
            await first.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        using var second = await _client.DeleteArticleAsync(article.Id);

        await second.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
