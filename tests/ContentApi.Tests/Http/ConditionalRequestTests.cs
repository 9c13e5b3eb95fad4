using System.Net;
using System.Net.Http.Headers;
using ContentApi.Bylines;
using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Tags;

namespace ContentApi.Tests.Http;

/// <summary>
/// ETags on every representation; If-None-Match answers 304 for the current one (strong, weak or
/// "*") and 200 otherwise; If-Match guards writes.
/// </summary>
public sealed class ConditionalRequestTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static TheoryData<string> Resources => ["articles", "bylines", "tags", "entities"];

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task GetCarriesTheSameStrongETagAsTheCreateResponse(string resource)
    {
        var client = api.CreateClient();
        var (url, createdTag) = await CreateAsync(client, resource);

        using var response = await client.GetAsync(url);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal(createdTag, etag.Tag);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task ListCarriesAnETagThatAnswers304WhenSentBack(string resource)
    {
        var client = api.CreateClient();
        await CreateAsync(client, resource);
        var url = $"/v1/{resource}?limit=5";
        using var first = await client.GetAsync(url);
        await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var etag = first.Headers.ETag?.Tag;
        Assert.NotNull(etag);

        using var second = await GetAsync(client, url, ifNoneMatch: etag);

        await ShouldBeNotModifiedAsync(second, etag);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task IfNoneMatchWithTheCurrentETagGives304WithNoBody(string resource)
    {
        var client = api.CreateClient();
        var (url, etag) = await CreateAsync(client, resource);

        using var response = await GetAsync(client, url, ifNoneMatch: etag);

        await ShouldBeNotModifiedAsync(response, etag);
    }

    [Fact]
    public async Task IfNoneMatchWithTheWeakFormOfTheCurrentETagGives304()
    {
        var client = api.CreateClient();
        var (url, etag) = await CreateAsync(client, "tags");

        using var response = await GetAsync(client, url, ifNoneMatch: $"W/{etag}");

        await ShouldBeNotModifiedAsync(response, etag);
    }

    [Fact]
    public async Task IfNoneMatchListingTheCurrentETagAmongOthersGives304()
    {
        var client = api.CreateClient();
        var (url, etag) = await CreateAsync(client, "entities");

        using var response = await GetAsync(client, url, ifNoneMatch: $"\"something-else\", {etag}");

        await ShouldBeNotModifiedAsync(response, etag);
    }

    [Fact]
    public async Task IfNoneMatchStarGives304ForAnExistingResource()
    {
        var client = api.CreateClient();
        var (url, etag) = await CreateAsync(client, "articles");

        using var response = await GetAsync(client, url, ifNoneMatch: "*");

        await ShouldBeNotModifiedAsync(response, etag);
    }

    [Fact]
    public async Task IfNoneMatchStarStillGives404ForAMissingResource()
    {
        var client = api.CreateClient();

        using var response = await GetAsync(client, $"/v1/tags/{TestData.Unique("missing")}", ifNoneMatch: "*");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task IfNoneMatchWithADifferentETagGives200WithTheRepresentation()
    {
        var client = api.CreateClient();
        var (url, etag) = await CreateAsync(client, "bylines");

        using var response = await GetAsync(client, url, ifNoneMatch: "\"0123456789abcdef0123456789abcdef\"");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(etag, response.Headers.ETag?.Tag);
        Assert.Contains("\"slug\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutWithIfMatchStarIsApplied()
    {
        var client = api.CreateClient();
        var tag = await client.CreateTagAsync(name: "Before");

        using var response = await client.SendJsonAsync(HttpMethod.Put, $"/v1/tags/{tag.Id}",
            new TagRequest(tag.Slug, "After", tag.Description, tag.Type), ifMatch: "*");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("After", (await response.ReadAsync<TagResponse>()).Name);
    }

    [Fact]
    public async Task PutWithTheCurrentETagInIfMatchIsAppliedAndReturnsTheNewETag()
    {
        var client = api.CreateClient();
        var (url, etag) = await CreateAsync(client, "bylines");
        using var current = await client.GetAsync(url);
        var byline = await current.ReadAsync<BylineResponse>();

        using var response = await client.SendJsonAsync(HttpMethod.Put, url,
            new BylineRequest(byline.Slug, "Renamed Reporter", byline.Role, byline.Bio), ifMatch: etag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.NotNull(response.Headers.ETag);
        Assert.NotEqual(etag, response.Headers.ETag.Tag);
    }

    [Fact]
    public async Task PutWithAStaleETagInIfMatchGives412ProblemAndChangesNothing()
    {
        var client = api.CreateClient();
        var tag = await client.CreateTagAsync(name: "Original");
        var url = $"/v1/tags/{tag.Id}";
        using var stale = await client.GetAsync(url);
        var staleTag = stale.Headers.ETag!.Tag;
        using var change = await client.MergePatchAsync(url, """{"name": "Changed"}""");
        await change.ShouldHaveStatusAsync(HttpStatusCode.OK);

        using var response = await client.SendJsonAsync(HttpMethod.Put, url,
            new TagRequest(tag.Slug, "Overwritten", tag.Description, tag.Type), ifMatch: staleTag);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        using var after = await client.GetAsync(url);
        Assert.Equal("Changed", (await after.ReadAsync<TagResponse>()).Name);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task AfterAChangeTheOldETagGives200WithANewETag(string resource)
    {
        var client = api.CreateClient();
        var (url, oldTag) = await CreateAsync(client, resource);
        var patch = resource == "articles" ? """{"headline": "A changed headline"}""" : """{"name": "A changed name"}""";
        using var change = await client.MergePatchAsync(url, patch);
        await change.ShouldHaveStatusAsync(HttpStatusCode.OK);

        using var response = await GetAsync(client, url, ifNoneMatch: oldTag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var newTag = response.Headers.ETag?.Tag;
        Assert.NotNull(newTag);
        Assert.NotEqual(oldTag, newTag);
        Assert.Equal(change.Headers.ETag?.Tag, newTag);
        Assert.Contains("changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Creates one resource of the kind and returns its URL and the ETag of the create response.</summary>
    private static async Task<(string Url, string ETag)> CreateAsync(HttpClient client, string resource)
    {
        var (url, body) = resource switch
        {
            "articles" => ("/v1/articles", (object)await client.NewArticleRequestAsync()),
            "bylines" => ("/v1/bylines", new BylineRequest(TestData.Unique("byline"), "Conditional Reporter", "Correspondent", "Bio.")),
            "tags" => ("/v1/tags", new TagRequest(TestData.Unique("tag"), "Conditional Tag", "A tag.")),
            "entities" => ("/v1/entities", new EntityRequest(TestData.Unique("entity"), "Conditional Place", EntityType.Place)),
            _ => throw new ArgumentException($"Unknown resource '{resource}'.", nameof(resource)),
        };
        using var created = await client.SendJsonAsync(HttpMethod.Post, url, body);
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        Assert.NotNull(created.Headers.Location);
        Assert.NotNull(created.Headers.ETag);
        return (created.Headers.Location.OriginalString, created.Headers.ETag.Tag);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        Assert.True(request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch));
        return client.SendAsync(request);
    }

    private static async Task ShouldBeNotModifiedAsync(HttpResponseMessage response, string etag)
    {
        await response.ShouldHaveStatusAsync(HttpStatusCode.NotModified);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(new EntityTagHeaderValue(etag), response.Headers.ETag);
    }
}
