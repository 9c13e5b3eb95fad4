using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentApi.Articles;

namespace ContentApi.Tests.Articles;

/// <summary>PATCH /v1/articles/{idOrSlug} with application/merge-patch+json (RFC 7396).</summary>
public sealed class PatchArticleTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ChangingOnlyHeadline_LeavesEverythingElseUnchanged()
    {
        var pinned = await _client.CreateArticleAsync();
        var request = await _client.NewArticleRequestAsync() with
        {
            RelatedArticleIds = [pinned.Id],
            Syndication = new SyndicationDto(true, "Credit the agency.", new DateTime(2027, 1, 31, 0, 0, 0, DateTimeKind.Utc)),
        };
        var article = await _client.CreateArticleAsync(request);
        var (before, _) = await _client.GetArticleAsync(article.Id);
        api.Clock.Advance(TimeSpan.FromMinutes(10));

        using var response = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Only the headline changes"}""");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var (after, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal("Only the headline changes", after.Headline);
        Assert.Equal(api.Clock.GetUtcNow().UtcDateTime, after.UpdatedAt);
        var expected = WithoutHeadlineAndUpdatedAt(before);
        var actual = WithoutHeadlineAndUpdatedAt(after);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected\n{expected}\nbut got\n{actual}");
    }

    [Fact]
    public async Task NullStandfirst_ClearsIt()
    {
        var article = await _client.CreateArticleAsync();
        Assert.NotNull(article.Standfirst);

        using var response = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"standfirst": null}""");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var (after, _) = await _client.GetArticleAsync(article.Id);
        Assert.Null(after.Standfirst);
        Assert.Equal(article.Headline, after.Headline);
    }

    [Fact]
    public async Task NestedObject_IsMergedNotReplaced()
    {
        var article = await _client.CreateArticleAsync();

        using var response = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"featuredImage": {"caption": "A new caption"}}""");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var (after, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal(article.FeaturedImage! with { Caption = "A new caption" }, after.FeaturedImage);
    }

    [Fact]
    public async Task Array_ReplacesWholeList()
    {
        var article = await _client.CreateArticleAsync();
        var tag = await _client.CreateTagAsync("Replacement");

        using var response = await _client.MergePatchAsync($"/v1/articles/{article.Id}", $$"""{"tagIds": ["{{tag.Id}}"]}""");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var (after, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal([tag.Id], after.Tags.Select(t => t.Id));
        Assert.Equal(article.Bylines.Select(b => b.Byline.Id), after.Bylines.Select(b => b.Byline.Id));
    }

    [Fact]
    public async Task Returns400_WhenHeadlineIsSetToNull()
    {
        var article = await _client.CreateArticleAsync();

        using var response = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": null}""");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("headline");
        var (after, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal(article.Headline, after.Headline);
    }

    [Fact]
    public async Task Returns400_WhenValueHasWrongType()
    {
        var article = await _client.CreateArticleAsync();

        using var response = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"tagIds": "x", "headline": "Should not be saved"}""");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("tagIds");
        var (after, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal(article.Headline, after.Headline);
        Assert.Equal(article.Tags.Select(t => t.Id), after.Tags.Select(t => t.Id));
    }

    [Fact]
    public async Task Returns400_WhenPatchReferencesUnknownTag()
    {
        var article = await _client.CreateArticleAsync();

        using var response = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"tagIds": ["999999999"]}""");

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("tagIds[0]");
    }

    [Fact]
    public async Task AppliesPatch_WhenIfMatchIsCurrent()
    {
        var article = await _client.CreateArticleAsync();
        var (_, etag) = await _client.GetArticleAsync(article.Id);

        using var response = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Checked patch"}""", etag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.NotEqual(etag, ArticleTestHelpers.ETagOf(response));
        Assert.Equal("Checked patch", (await response.ReadAsync<ArticleResponse>()).Headline);
    }

    [Fact]
    public async Task Returns412Problem_WhenIfMatchIsStale()
    {
        var article = await _client.CreateArticleAsync();
        var (_, staleETag) = await _client.GetArticleAsync(article.Id);
        using (var other = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"standfirst": "Someone else's edit"}"""))
        {
            await other.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var response = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Lost update"}""", staleETag);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var (after, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal(article.Headline, after.Headline);
        Assert.Equal("Someone else's edit", after.Standfirst);
    }

    [Fact]
    public async Task Returns404Problem_WhenArticleDoesNotExist()
    {
        using var response = await _client.MergePatchAsync("/v1/articles/no-such-article-anywhere", """{"headline": "Nothing to patch"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static JsonObject WithoutHeadlineAndUpdatedAt(ArticleResponse article)
    {
        var json = JsonSerializer.SerializeToNode(article, TestData.Json)!.AsObject();
        json.Remove("headline");
        json.Remove("updatedAt");
        return json;
    }
}
