using System.Net;
using ContentApi.Articles;
using ContentApi.Tests.Articles;

namespace ContentApi.Tests.Revisions;

/// <summary>Restoring a revision writes its content again through the normal write path, as a new revision.</summary>
public sealed class RestoreRevisionTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task BringsBackTheOldContent_AsANewRevision()
    {
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request);
        var word = "zq" + Guid.NewGuid().ToString("N")[..8];
        using (var put = await _client.PutArticleAsync(article.Id, request with { Headline = "A mistaken rewrite", Body = $"Wrong text {word}.", Slug = TestData.Unique("renamed") }))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var restored = await _client.RestoreRevisionAsync(article.Id, 1).ShouldSucceedAsync<ArticleResponse>();

        Assert.Equal(article.Id, restored.Id);
        Assert.Equal(request.Headline, restored.Headline);
        Assert.Equal(request.Body, restored.Body.Markdown);
        Assert.Equal(article.Slug, restored.Slug);
        Assert.Equal(article.PublishedAt, restored.PublishedAt);
        var (read, _) = await _client.GetArticleAsync(article.Slug);
        Assert.Equal(request.Headline, read.Headline);
        var revisions = await _client.RevisionsAsync(article.Id);
        Assert.Equal(3, revisions[0].Number);
        Assert.Equal(["slug", "headline", "body"], revisions[0].ChangedFields);
        Assert.Empty((await _client.DiffAsync(article.Id, 1, 3)).Changes);
        using var search = await _client.GetAsync($"/v1/articles?q={word}");
        Assert.Empty((await search.ReadAsync<ArticleList>()).Items);
    }

    [Fact]
    public async Task CanCarryACorrection()
    {
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request);
        using (var patch = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Wrong minister named"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var restored = await _client.RestoreRevisionAsync(article.Id, 1, new { correction = "An earlier version named the wrong minister." })
            .ShouldSucceedAsync<ArticleResponse>();

        var correction = Assert.Single(restored.Corrections);
        Assert.Equal("An earlier version named the wrong minister.", correction.Note);
        Assert.Equal("An earlier version named the wrong minister.", (await _client.RevisionsAsync(article.Id))[0].Correction);
    }

    [Fact]
    public async Task Returns412_WhenIfMatchIsStale_AndChangesNothing()
    {
        var article = await _client.CreateArticleAsync();
        var (_, staleETag) = await _client.GetArticleAsync(article.Id);
        using (var patch = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Edited meanwhile"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var response = await _client.RestoreRevisionAsync(article.Id, 1, ifMatch: staleETag);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("Edited meanwhile", (await _client.GetArticleAsync(article.Id)).Article.Headline);
        Assert.Equal(2, (await _client.RevisionsAsync(article.Id)).Count);
    }

    [Fact]
    public async Task Succeeds_WhenIfMatchIsCurrent()
    {
        var article = await _client.CreateArticleAsync();
        using (var patch = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Edited"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var (_, etag) = await _client.GetArticleAsync(article.Id);

        using var response = await _client.RestoreRevisionAsync(article.Id, 1, ifMatch: etag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task IsAClear409_WhenTheRevisionNamesATagDeletedSince()
    {
        var request = await _client.NewArticleRequestAsync();
        var doomed = await _client.CreateTagAsync();
        var article = await _client.CreateArticleAsync(request with { TagIds = [.. request.TagIds!, doomed.Id] });
        using (var put = await _client.PutArticleAsync(article.Id, request))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var deleted = await _client.DeleteAsync($"/v1/tags/{doomed.Id}"))
        {
            await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        using var response = await _client.RestoreRevisionAsync(article.Id, 1);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"There is no tag with id '{doomed.Id}'", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("tagIds[1]", out _));
        Assert.Equal(2, (await _client.RevisionsAsync(article.Id)).Count);
    }

    [Fact]
    public async Task DropsPinsToArticlesDeletedSince_AsDeletingThemDidOnTheLiveArticle()
    {
        var doomed = await _client.CreateArticleAsync();
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request with { RelatedArticleIds = [doomed.Id] });
        using (var patch = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Edited"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var deleted = await _client.DeleteArticleAsync(doomed.Id))
        {
            await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        var restored = await _client.RestoreRevisionAsync(article.Id, 1).ShouldSucceedAsync<ArticleResponse>();

        Assert.Equal(request.Headline, restored.Headline);
        Assert.Empty(restored.RelatedArticles);
    }

    [Fact]
    public async Task RefusesAnEmptyCorrection()
    {
        var article = await _client.CreateArticleAsync();

        using var response = await _client.RestoreRevisionAsync(article.Id, 1, new { correction = "  " });

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("correction");
    }

    [Fact]
    public async Task WithNoBodyAtAll_Works()
    {
        var article = await _client.CreateArticleAsync();
        using (var patch = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Edited"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var response = await _client.PostAsync($"/v1/articles/{article.Id}/revisions/1/restore", content: null);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(article.Headline, (await response.ReadAsync<ArticleResponse>()).Headline);
    }

    [Fact]
    public async Task OfAnUnknownRevision_IsA404Problem()
    {
        var article = await _client.CreateArticleAsync();

        using var response = await _client.RestoreRevisionAsync(article.Id, 7);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
