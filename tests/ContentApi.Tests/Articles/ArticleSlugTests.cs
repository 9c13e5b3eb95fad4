using System.Net;
using System.Net.Http.Json;
using ContentApi.Articles;

namespace ContentApi.Tests.Articles;

/// <summary>Changing an article's slug: former slugs keep resolving, with 308 on GET, and can be taken back.</summary>
public sealed class ArticleSlugTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task GetByFormerSlug_Returns308ToCurrentSlug_AfterPut()
    {
        var client = api.CreateNonRedirectingClient();
        var article = await client.CreateArticleAsync();
        var newSlug = TestData.Unique("moved");
        using (var put = await client.PutArticleAsync(article.Id, article.ToRequest() with { Slug = newSlug }))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var response = await client.GetAsync($"/v1/articles/{article.Slug}");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"/v1/articles/{newSlug}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task GetByFormerSlug_Returns308ToCurrentSlug_AfterPatch()
    {
        var client = api.CreateNonRedirectingClient();
        var article = await client.CreateArticleAsync();
        var newSlug = TestData.Unique("moved");
        using (var patch = await client.MergePatchAsync($"/v1/articles/{article.Id}", $$"""{"slug": "{{newSlug}}"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var response = await client.GetAsync($"/v1/articles/{article.Slug}");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"/v1/articles/{newSlug}", response.Headers.Location?.OriginalString);
        var (current, _) = await client.GetArticleAsync(newSlug);
        Assert.Equal(article.Id, current.Id);
    }

    [Fact]
    public async Task EveryFormerSlug_RedirectsToLatestSlug()
    {
        var client = api.CreateNonRedirectingClient();
        var article = await client.CreateArticleAsync();
        var second = TestData.Unique("second");
        var third = TestData.Unique("third");
        foreach (var slug in new[] { second, third })
        {
            using var patch = await client.MergePatchAsync($"/v1/articles/{article.Id}", $$"""{"slug": "{{slug}}"}""");
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var fromFirst = await client.GetAsync($"/v1/articles/{article.Slug}");
        using var fromSecond = await client.GetAsync($"/v1/articles/{second}");

        Assert.Equal(HttpStatusCode.PermanentRedirect, fromFirst.StatusCode);
        Assert.Equal($"/v1/articles/{third}", fromFirst.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.PermanentRedirect, fromSecond.StatusCode);
        Assert.Equal($"/v1/articles/{third}", fromSecond.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PutByFormerSlug_UpdatesSameArticle()
    {
        var client = api.CreateNonRedirectingClient();
        var article = await client.CreateArticleAsync();
        var newSlug = TestData.Unique("moved");
        using (var move = await client.PutArticleAsync(article.Id, article.ToRequest() with { Slug = newSlug }))
        {
            await move.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var response = await client.PutArticleAsync(article.Slug, article.ToRequest() with { Slug = null, Headline = "Updated through the old address" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var updated = await response.ReadAsync<ArticleResponse>();
        Assert.Equal(article.Id, updated.Id);
        Assert.Equal(newSlug, updated.Slug);
        var (current, _) = await client.GetArticleAsync(newSlug);
        Assert.Equal("Updated through the old address", current.Headline);
    }

    [Fact]
    public async Task ChangingSlugBack_MakesFormerSlugCurrentAgain()
    {
        var client = api.CreateNonRedirectingClient();
        var article = await client.CreateArticleAsync();
        var newSlug = TestData.Unique("moved");
        using (var away = await client.PutArticleAsync(article.Id, article.ToRequest() with { Slug = newSlug }))
        {
            await away.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var back = await client.PutArticleAsync(newSlug, article.ToRequest() with { Slug = article.Slug });

        await back.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(article.Slug, (await back.ReadAsync<ArticleResponse>()).Slug);
        var (current, _) = await client.GetArticleAsync(article.Slug);
        Assert.Equal(article.Id, current.Id);
        using var fromNew = await client.GetAsync($"/v1/articles/{newSlug}");
        Assert.Equal(HttpStatusCode.PermanentRedirect, fromNew.StatusCode);
        Assert.Equal($"/v1/articles/{article.Slug}", fromNew.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PutWithoutSlug_KeepsCurrentSlug()
    {
        var client = api.CreateClient();
        var article = await client.CreateArticleAsync();

        using var response = await client.PutArticleAsync(article.Id, article.ToRequest() with { Slug = null, Headline = "An entirely new headline" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(article.Slug, (await response.ReadAsync<ArticleResponse>()).Slug);
    }

    [Fact]
    public async Task Returns409Problem_WhenNewArticleTakesAnotherArticlesFormerSlug()
    {
        var client = api.CreateClient();
        var article = await client.CreateArticleAsync();
        using (var move = await client.PutArticleAsync(article.Id, article.ToRequest() with { Slug = TestData.Unique("moved") }))
        {
            await move.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var request = await client.NewArticleRequestAsync() with { Slug = article.Slug };
        using var response = await client.PostAsJsonAsync("/v1/articles", request, TestData.Json);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task FormerSlug_Returns404_AfterArticleIsDeleted()
    {
        var client = api.CreateNonRedirectingClient();
        var article = await client.CreateArticleAsync();
        using (var move = await client.PutArticleAsync(article.Id, article.ToRequest() with { Slug = TestData.Unique("moved") }))
        {
            await move.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var delete = await client.DeleteArticleAsync(article.Id))
        {
            await delete.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        await client.ShouldNotExistAsync(article.Slug);
    }
    [Fact]
    public async Task SlugsOf200Characters_AreKept_AndWork_AsFormerSlugsToo_WhileLongerOnesAreRefused()
    {
        var client = api.CreateClient();
        var longest = TestData.Unique("w") + "-" + string.Join('-', Enumerable.Repeat("wordpress", 20));
        longest = longest[..200].TrimEnd('-');
        longest = longest.Length == 200 ? longest : longest + new string('x', 200 - longest.Length);
        var article = await client.CreateArticleAsync((await client.NewArticleRequestAsync()) with { Slug = longest });
        var tag = await client.PostAndReadAsync<ContentApi.Tags.TagResponse>("/v1/tags", new { name = "Long", slug = longest, type = "topic" });

        using (var rename = await client.PutArticleAsync(article.Id, article.ToRequest() with { Slug = TestData.Unique("short") }))
        {
            await rename.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var formerSlug = await client.GetAsync($"/v1/articles/{longest}");
        using var tooLong = await client.SendJsonAsync(HttpMethod.Post, "/v1/articles", (await client.NewArticleRequestAsync()) with { Slug = longest + "z" });

        Assert.Equal(200, article.Slug.Length);
        Assert.Equal(longest, tag.Slug);
        await formerSlug.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(article.Id, (await formerSlug.ReadAsync<ArticleResponse>()).Id);
        var errors = await tooLong.ShouldBeValidationProblemAsync();
        Assert.Contains("at most 200 characters", errors["slug"][0], StringComparison.Ordinal);
    }
}
