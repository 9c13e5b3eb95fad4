using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ContentApi.Persistence;

namespace ContentApi.Tests.Caching;

/// <summary>
/// Cache-Control by caller (public for anonymous readers, private for key holders, no-store for
/// editors), Last-Modified with If-Modified-Since, and compressed responses.
/// </summary>
public sealed class CachingTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task PublishedArticleIsPubliclyCacheableForFiveMinutes_WithETagAndLastModified_ForAnonymousReaders()
    {
        var article = await api.CreateClient().CreateArticleAsync();
        using var anonymous = api.CreateClientFor(null);

        using var response = await anonymous.GetAsync($"/v1/articles/{article.Slug}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("public, max-age=300", CacheControl(response));
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(article.UpdatedAt, DateTimeKind.Utc)).AddTicks(-(article.UpdatedAt.Ticks % TimeSpan.TicksPerSecond)),
            response.Content.Headers.LastModified);
    }

    [Fact]
    public async Task ArticleListIsPubliclyCacheableForThirtySeconds_ForAnonymousReaders()
    {
        using var anonymous = api.CreateClientFor(null);

        using var response = await anonymous.GetAsync("/v1/articles");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("public, max-age=30", CacheControl(response));
        Assert.NotNull(response.Headers.ETag);
    }

    [Theory]
    [InlineData(ApiRole.Reader, "", "private, max-age=300")]
    [InlineData(ApiRole.Partner, "", "private, max-age=300")]
    [InlineData(ApiRole.Partner, "list", "private, max-age=30")]
    [InlineData(ApiRole.Editor, "", "private, no-store")]
    [InlineData(ApiRole.Editor, "list", "private, no-store")]
    public async Task KeyHoldersGetPrivateCaching_AndEditorsNoStore(ApiRole role, string what, string expected)
    {
        var article = await api.CreateClient().CreateArticleAsync();
        using var client = api.CreateClientFor(role);

        using var response = await client.GetAsync(what == "list" ? "/v1/articles" : $"/v1/articles/{article.Slug}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(expected, CacheControl(response));
    }

    [Fact]
    public async Task IfModifiedSinceAtLastModifiedGives304_AndAnOlderOneGives200()
    {
        var article = await api.CreateClient().CreateArticleAsync();
        using var anonymous = api.CreateClientFor(null);
        var url = $"/v1/articles/{article.Slug}";
        using var first = await anonymous.GetAsync(url);
        var lastModified = first.Content.Headers.LastModified ?? throw new InvalidOperationException("No Last-Modified.");

        using var same = await GetIfModifiedSinceAsync(anonymous, url, lastModified);
        using var older = await GetIfModifiedSinceAsync(anonymous, url, lastModified.AddSeconds(-1));

        await same.ShouldHaveStatusAsync(HttpStatusCode.NotModified);
        Assert.Empty(await same.Content.ReadAsByteArrayAsync());
        await older.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(article.Slug, (await older.ReadAsync<JsonElement>()).GetProperty("slug").GetString());
    }

    [Fact]
    public async Task LastModifiedMovesForward_WhenABylineOnTheArticleChanges()
    {
        var editor = api.CreateClient();
        var article = await editor.CreateArticleAsync();
        using var anonymous = api.CreateClientFor(null);
        var url = $"/v1/articles/{article.Slug}";
        using var before = await anonymous.GetAsync(url);
        var lastModified = before.Content.Headers.LastModified ?? throw new InvalidOperationException("No Last-Modified.");
        api.Clock.Advance(TimeSpan.FromMinutes(10));

        using var patch = await editor.MergePatchAsync($"/v1/bylines/{article.Bylines[0].Byline.Slug}", """{"bio":"Now covers the whole Sahel."}""");
        await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        using var after = await anonymous.GetAsync(url);
        using var conditional = await GetIfModifiedSinceAsync(anonymous, url, lastModified);

        Assert.Equal(lastModified.AddMinutes(10), after.Content.Headers.LastModified);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        await conditional.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task ArticleListIsCompressed_WhenTheClientAcceptsIt(string encoding)
    {
        var client = api.CreateClient();
        await client.CreateArticleAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/articles");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        using var json = JsonDocument.Parse(await response.ReadDecompressedAsync());
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("items").ValueKind);
        Assert.NotEqual(0, json.RootElement.GetProperty("items").GetArrayLength());
    }

    /// <summary>
    /// The Cache-Control directives in a fixed order: HttpClient re-renders the header it parsed
    /// ("private, no-store" reads back as "no-store, private"), and directive order carries no meaning.
    /// </summary>
    private static string CacheControl(HttpResponseMessage response) =>
        string.Join(", ", (response.Headers.CacheControl?.ToString() ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .OrderBy(d => d.StartsWith("public", StringComparison.Ordinal) || d.StartsWith("private", StringComparison.Ordinal) ? 0 : 1));

    private static Task<HttpResponseMessage> GetIfModifiedSinceAsync(HttpClient client, string url, DateTimeOffset since)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfModifiedSince = since;
        return client.SendAsync(request);
    }
}
