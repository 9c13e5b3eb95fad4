using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using ContentApi.Tests.Query;

namespace ContentApi.Tests.Feeds;

/// <summary>Feeds have the API's conditional GET and caching: an ETag over the bytes, 304, Cache-Control by caller, compression.</summary>
public sealed class FeedCachingTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("atom")]
    [InlineData("rss")]
    [InlineData("json")]
    public async Task IfNoneMatch_Gives304_UntilAnArticleInTheFeedChanges(string format)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var article = await desk.PublishAsync("Before the change");
        using var anonymous = api.CreateClientFor(null);
        var first = await anonymous.GetFeedAsync(format, desk.SectionQuery);
        var etag = first.Response.Headers.ETag ?? throw new Xunit.Sdk.XunitException("The feed has no ETag.");

        using var unchanged = await GetIfNoneMatchAsync(anonymous, format, desk.SectionQuery, etag);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        using var patch = await desk.Client.MergePatchAsync($"/v1/articles/{article.Id}", """{ "headline": "After the change" }""");
        await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        using var changed = await GetIfNoneMatchAsync(anonymous, format, desk.SectionQuery, etag);

        await unchanged.ShouldHaveStatusAsync(HttpStatusCode.NotModified);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, unchanged.Headers.ETag);
        await changed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains("After the change", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ETagChanges_WhenAnArticleJoinsTheFeed_ButNotWhenAnotherSectionChanges()
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var elsewhere = await Desk.OpenAsync(api.CreateClient());
        await desk.PublishAsync("First");
        using var anonymous = api.CreateClientFor(null);

        var before = (await anonymous.GetFeedAsync("atom", desk.SectionQuery)).Response.Headers.ETag;
        await elsewhere.PublishAsync("Elsewhere");
        var unrelated = (await anonymous.GetFeedAsync("atom", desk.SectionQuery)).Response.Headers.ETag;
        await desk.PublishAsync("Second");
        var joined = (await anonymous.GetFeedAsync("atom", desk.SectionQuery)).Response.Headers.ETag;

        Assert.Equal(before, unrelated);
        // Says what the service logged if it fails (a write whose showing failed leaves reads on the old read model).
        Assert.True(!Equals(before, joined), $"The feed's ETag stayed {joined} after an article joined it. Errors the service logged:\n{ServerErrorLog.Recent(5)}");
    }

    [Theory]
    [InlineData(null, "public, max-age=30")]
    [InlineData(ApiRole.Reader, "private, max-age=30")]
    [InlineData(ApiRole.Partner, "private, max-age=30")]
    [InlineData(ApiRole.Editor, "private, no-store")]
    public async Task CacheControl_IsTheListsForEachCaller_AndVariesByKey(ApiRole? role, string expected)
    {
        using var client = api.CreateClientFor(role);

        var served = await client.GetFeedAsync("rss");

        // HttpClient re-renders the header it parsed in its own order; the order of directives means nothing.
        Assert.Equal(Directives(expected), Directives(served.Response.Headers.CacheControl?.ToString()));
        Assert.Contains("Authorization", served.Response.Headers.Vary);
        Assert.NotNull(served.Response.Headers.ETag);
    }

    [Theory]
    [InlineData("atom", "br")]
    [InlineData("rss", "gzip")]
    [InlineData("json", "gzip")]
    public async Task Feeds_AreCompressed_WhenTheClientAcceptsIt(string format, string encoding)
    {
        var desk = await Desk.OpenAsync(api.CreateClient());
        var article = await desk.PublishAsync("Compressed story");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/feeds/articles.{format}?{desk.SectionQuery}");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using var anonymous = api.CreateClientFor(null);
        using var response = await anonymous.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        var text = await response.ReadDecompressedAsync();
        Assert.Contains(article.Headline, text, StringComparison.Ordinal);
        if (format != "json")
        {
            Assert.NotNull(XDocument.Parse(text).Root);
        }
    }

    private static List<string> Directives(string? cacheControl) =>
        [.. (cacheControl ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    private static Task<HttpResponseMessage> GetIfNoneMatchAsync(HttpClient client, string format, string query, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/feeds/articles.{format}?{query}");
        request.Headers.IfNoneMatch.Add(etag);
        return client.SendAsync(request);
    }
}
