#pragma warning disable CA1707 // Test names read Behaviour_WhenCondition (STYLE.md rule 12).

using System.Net;
using ContentApi.Articles;

namespace ContentApi.Tests.Bylines;

public sealed class BylineOnArticleTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task ArticleShowsTheNewBioAndChangesItsETag_WhenItsBylineBioIsUpdated()
    {
        var client = api.CreateClient();
        var article = await client.CreateArticleAsync();
        var bylineId = Assert.Single(article.Bylines).Byline.Id;
        using var before = await client.GetAsync($"/v1/articles/{article.Id}");
        await before.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var etagBefore = before.Headers.ETag!.ToString();

        using (var patch = await client.MergePatchAsync($"/v1/bylines/{bylineId}", """{ "bio": "Now reports from Dakar." }"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var after = await client.GetIfNoneMatchAsync($"/v1/articles/{article.Id}", etagBefore);
        await after.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("Now reports from Dakar.", Assert.Single((await after.ReadAsync<ArticleResponse>()).Bylines).Byline.Bio);
        Assert.NotEqual(etagBefore, after.Headers.ETag?.ToString());
    }
}
