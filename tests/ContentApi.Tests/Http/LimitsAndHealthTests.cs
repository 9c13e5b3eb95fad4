using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.Persistence;
using ContentApi.Tests.Access;

namespace ContentApi.Tests.Http;

/// <summary>Limits answer with problems (414, 431, 503), every response carries the trace id its problem would, and health says what is ready.</summary>
public sealed class LimitsAndHealthTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task LongQueryString_Is414Problem()
    {
        using var client = api.CreateClientFor(null);
        using var response = await client.GetAsync("/v1/articles?q=" + new string('a', 5000));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.RequestUriTooLong);
        Assert.Contains("limit is 4096", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeHeaders_Are431Problem()
    {
        using var client = api.CreateClientFor(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tags");
        request.Headers.Add("X-Padding", new string('x', 20_000));
        using var response = await client.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }

    [Fact]
    public async Task EveryResponse_CarriesTheTraceIdOfItsProblem()
    {
        using var client = api.CreateClientFor(null);
        using var ok = await client.GetAsync("/v1/tags");
        using var missing = await client.GetAsync("/v1/articles/no-such-article-anywhere");

        Assert.False(string.IsNullOrEmpty(ok.Header(ContentApi.Http.RequestLog.TraceHeader)));
        var problem = await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(missing.Header(ContentApi.Http.RequestLog.TraceHeader), problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Live_AndReady_SayWhatTheyChecked()
    {
        using var client = api.CreateClientFor(null);
        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        await live.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await ready.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal("healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("healthy", checks.GetProperty("catalog").GetProperty("status").GetString());
    }
}

/// <summary>A request over Http:RequestTimeout is abandoned with a 503 problem; imports have no timeout.</summary>
public sealed class RequestTimeoutTests
{
    /// <summary>
    /// A write commits to the database (an fsync on SQLite, a round trip on PostgreSQL), which takes well over 1 ms, so
    /// with that budget writes time out; each answer is still either a whole 201 or a 503 problem.
    /// </summary>
    [Fact]
    public async Task WritesOverTheirBudget_Are503Problems()
    {
        using var api = new ContentApiFactory();
        using var editor = api.CreateClientFor(ApiRole.Editor);
        var request = await editor.NewArticleRequestAsync();
        using var hurried = new ConfiguredApiFactory(api.Database, ("Http:RequestTimeout", "00:00:00.001"));
        using var client = hurried.CreateClientFor(ApiRole.Editor);

        var timedOut = 0;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var response = await client.PostAsJsonAsync("/v1/articles", request with { Slug = TestData.Unique("hurried") }, TestData.Json);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                JsonDocument.Parse(await response.Content.ReadAsStringAsync()).Dispose();
                continue;
            }

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Request timed out", problem.GetProperty("title").GetString());
            timedOut++;
        }

        Assert.True(timedOut > 0, "No write out of 10 took longer than 1 ms.");
    }

    /// <summary>
    /// With a 1 ms budget some requests time out and some finish first (how many of each depends on the machine).
    /// Either way the body is one JSON value: a timeout that fired while a finished answer was being sent used to
    /// append its problem to the answer.
    /// </summary>
    [Fact]
    public async Task ARequestAtTheEdgeOfItsBudget_IsEitherWholeOrA503Problem()
    {
        // No response cache: every request must be computed, or a kept answer would be sent in well under 1 ms.
        using var api = new ConfiguredApiFactory(("Http:RequestTimeout", "00:00:00.001"), ("ResponseCache:Enabled", "false"));
        using var client = api.CreateClientFor(null);

        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var response = await client.GetAsync("/v1/articles?q=anything&facets=tag,section,byline,entity&count=true");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                JsonDocument.Parse(await response.Content.ReadAsStringAsync()).Dispose();
                continue;
            }

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Request timed out", problem.GetProperty("title").GetString());
        }
    }
}
