using System.Net;
using System.Net.Http.Json;
using ContentApi.Articles;
using ContentApi.Persistence;

namespace ContentApi.Tests.Articles;

public sealed class CreateArticleTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Returns201WithLocationAndETag()
    {
        var client = api.CreateClient();
        var request = await client.NewArticleRequestAsync();

        using var response = await client.PostAsJsonAsync("/v1/articles", request, TestData.Json);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var created = await response.ReadAsync<ArticleResponse>();
        Assert.Equal(request.Slug, created.Slug);
        Assert.Equal($"/v1/articles/{created.Id}", response.Headers.Location?.OriginalString);
        var etag = ArticleTestHelpers.ETagOf(response);
        using var fetched = await client.GetAsync(response.Headers.Location);
        await fetched.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(created.Slug, (await fetched.ReadAsync<ArticleResponse>()).Slug);
        Assert.Equal(etag, ArticleTestHelpers.ETagOf(fetched));
    }

    [Fact]
    public async Task DerivesWordCountAndReadingTimeFromRenderedText()
    {
        var client = api.CreateClient();
        // 1 + 300 + 4 = 305 words once the Markdown syntax is gone; 305 / 230 words a minute rounds up to 2.
        var body = $"# Title\n\n{ArticleTestHelpers.Words(300)}\n\nA [linked](https://example.com) **strong** ending.";
        var request = await client.NewArticleRequestAsync() with { Body = body };

        var article = await client.CreateArticleAsync(request);

        Assert.Equal(305, article.WordCount);
        Assert.Equal(2, article.ReadingTimeMinutes);
    }

    [Fact]
    public async Task GeneratesSlugFromHeadlineWithoutDiacritics_WhenSlugIsOmitted()
    {
        var client = api.CreateClient();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var request = await client.NewArticleRequestAsync($"Mali’s café talks {suffix}") with { Slug = null };

        var article = await client.CreateArticleAsync(request);

        Assert.Equal($"malis-cafe-talks-{suffix}", article.Slug);
        var (fetched, _) = await client.GetArticleAsync(article.Slug);
        Assert.Equal(article.Id, fetched.Id);
    }

    [Fact]
    public async Task GivesSecondArticleWithSameHeadlineASuffixedSlug()
    {
        var client = api.CreateClient();
        var headline = $"Mali’s café talks {Guid.NewGuid().ToString("N")[..8]}";
        var first = await client.CreateArticleAsync(await client.NewArticleRequestAsync(headline) with { Slug = null });

        var second = await client.CreateArticleAsync(await client.NewArticleRequestAsync(headline) with { Slug = null });

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal($"{first.Slug}-2", second.Slug);
    }

    [Fact]
    public async Task Returns409Problem_WhenExplicitSlugIsTaken()
    {
        var client = api.CreateClient();
        var existing = await client.CreateArticleAsync();
        var request = await client.NewArticleRequestAsync("A different story") with { Slug = existing.Slug };

        using var response = await client.PostAsJsonAsync("/v1/articles", request, TestData.Json);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var (stillThere, _) = await client.GetArticleAsync(existing.Slug);
        Assert.Equal(existing.Headline, stillThere.Headline);
    }

    [Fact]
    public async Task KeepsBylinesTagsAndEntitiesInRequestOrder()
    {
        var client = api.CreateClient();
        var (b1, b2, b3) = (await client.CreateBylineAsync("One"), await client.CreateBylineAsync("Two"), await client.CreateBylineAsync("Three"));
        var (t1, t2, t3) = (await client.CreateTagAsync("One"), await client.CreateTagAsync("Two"), await client.CreateTagAsync("Three"));
        var (e1, e2) = (await client.CreateEntityAsync("One"), await client.CreateEntityAsync("Two"));
        var request = await client.NewArticleRequestAsync() with
        {
            Bylines =
            [
                new ArticleBylineRequest(b3.Id, BylineCredit.Photographer),
                new ArticleBylineRequest(b1.Id, BylineCredit.Writer),
                new ArticleBylineRequest(b2.Id, BylineCredit.Reporting),
            ],
            TagIds = [t2.Id, t3.Id, t1.Id],
            EntityIds = [e2.Id, e1.Id],
        };

        var article = await client.CreateArticleAsync(request);

        Assert.Equal([b3.Id, b1.Id, b2.Id], article.Bylines.Select(b => b.Byline.Id));
        Assert.Equal([BylineCredit.Photographer, BylineCredit.Writer, BylineCredit.Reporting], article.Bylines.Select(b => b.Role));
        Assert.Equal([t2.Id, t3.Id, t1.Id], article.Tags.Select(t => t.Id));
        Assert.Equal([e2.Id, e1.Id], article.Entities.Select(e => e.Id));
        var (fetched, _) = await client.GetArticleAsync(article.Id);
        Assert.Equal([b3.Id, b1.Id, b2.Id], fetched.Bylines.Select(b => b.Byline.Id));
        Assert.Equal([t2.Id, t3.Id, t1.Id], fetched.Tags.Select(t => t.Id));
        Assert.Equal([e2.Id, e1.Id], fetched.Entities.Select(e => e.Id));
    }

    [Fact]
    public async Task ListsPinnedRelatedArticlesInRequestOrder()
    {
        var client = api.CreateClient();
        var a1 = await client.CreateArticleAsync();
        var a2 = await client.CreateArticleAsync();
        var a3 = await client.CreateArticleAsync();
        var request = await client.NewArticleRequestAsync() with { RelatedArticleIds = [a3.Id, a1.Id, a2.Id] };

        var article = await client.CreateArticleAsync(request);

        Assert.Equal([a3.Slug, a1.Slug, a2.Slug], article.RelatedArticles.Select(r => r.Slug));
        var (fetched, _) = await client.GetArticleAsync(article.Slug);
        Assert.Equal([a3.Id, a1.Id, a2.Id], fetched.RelatedArticles.Select(r => r.Id));
    }
}
