using System.Net;
using ContentApi.Persistence;

namespace ContentApi.Tests.Access;

/// <summary>Browsers on the origins in Access:AllowedOrigins may call the API and read its headers; others may not.</summary>
public sealed class CorsTests
{
    private const string Allowed = "https://www.example.com";
    private const string Unlisted = "https://evil.example.net";

    [Fact]
    public async Task Preflight_FromAnAllowedOrigin_Returns204_AllowingTheOriginMethodAndHeaders()
    {
        await using var api = new CorsFactory();
        using var client = api.CreateClientFor(null);

        using var response = await client.SendAsync(Preflight(Allowed, "GET", "authorization,if-none-match"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, response.Header("Access-Control-Allow-Origin"));
        Assert.True(int.TryParse(response.Header("Access-Control-Max-Age"), out var maxAge) && maxAge > 0,
            "Access-Control-Max-Age is not a positive number of seconds.");
        Assert.Contains("GET", List(response, "Access-Control-Allow-Methods"), StringComparer.OrdinalIgnoreCase);
        var allowedHeaders = List(response, "Access-Control-Allow-Headers");
        Assert.Contains("authorization", allowedHeaders, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("if-none-match", allowedHeaders, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preflight_FromAnAllowedOrigin_AllowsTheXApiKeyHeader()
    {
        await using var api = new CorsFactory();
        using var client = api.CreateClientFor(null);

        using var response = await client.SendAsync(Preflight(Allowed, "GET", "x-api-key"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains("x-api-key", List(response, "Access-Control-Allow-Headers"), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_FromAnAllowedOrigin_ExposesETagLinkAndRateLimitHeaders()
    {
        await using var api = new CorsFactory();
        using var client = api.CreateClientFor(ApiRole.Reader);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/articles");
        request.Headers.Add("Origin", Allowed);

        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(Allowed, response.Header("Access-Control-Allow-Origin"));
        var exposed = List(response, "Access-Control-Expose-Headers");
        foreach (var header in new[] { "ETag", "Link", "RateLimit-Remaining", "RateLimit-Limit", "Retry-After" })
        {
            Assert.Contains(header, exposed, StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Get_FromOneOfSeveralAllowedOrigins_VariesByOriginAndByKey()
    {
        // With several origins CORS answers each with its own, so adds Vary: Origin; the per-key Vary must not replace it.
        await using var api = new ConfiguredApiFactory(("Access:AllowedOrigins:0", Allowed), ("Access:AllowedOrigins:1", "https://m.example.com"));
        using var client = api.CreateClientFor(ApiRole.Reader);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/articles");
        request.Headers.Add("Origin", Allowed);

        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(Allowed, response.Header("Access-Control-Allow-Origin"));
        var vary = response.Headers.Vary.ToList();
        Assert.Contains("Origin", vary, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("Authorization", vary, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnlistedOrigin_GetsNoAccessControlAllowOrigin()
    {
        await using var api = new CorsFactory();
        using var client = api.CreateClientFor(null);
        using var get = new HttpRequestMessage(HttpMethod.Get, "/v1/articles");
        get.Headers.Add("Origin", Unlisted);

        using var preflight = await client.SendAsync(Preflight(Unlisted, "GET", "authorization"));
        using var response = await client.SendAsync(get);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"), "A preflight from an unlisted origin was allowed.");
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), "A GET from an unlisted origin was allowed.");
        Assert.False(response.Headers.Contains("Access-Control-Expose-Headers"), "Headers were exposed to an unlisted origin.");
    }

    private static HttpRequestMessage Preflight(string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/articles");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    /// <summary>The comma-separated values of a header, however many header lines carry them.</summary>
    private static string[] List(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
            ? [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]
            : [];

    private sealed class CorsFactory() : ConfiguredApiFactory(("Access:AllowedOrigins:0", Allowed));
}
