using System.Net;
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
    [Fact]
    public async Task ARequestWhoseBodyComesLate_Is503Problem_AndWritesNothing()
    {
        using var api = new ConfiguredApiFactory(("Http:RequestTimeout", "00:00:00.050"));
        using var editor = api.CreateClientFor(ApiRole.Editor);

        using var late = new LateContent(TimeSpan.FromMilliseconds(500), """{"headline":"Too late to be written","body":"x","bylineIds":[],"tagIds":[]}""");
        late.Headers.ContentType = new("application/json");
        using var response = await editor.PostAsync("/v1/articles", late);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Request timed out", problem.GetProperty("title").GetString());
        using var list = await editor.GetAsync("/v1/articles?status=draft&q=late");
        Assert.DoesNotContain("Too late to be written", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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

    /// <summary>A JSON body whose first byte is sent only after a delay, as from a slow client.</summary>
    private sealed class LateContent(TimeSpan delay, string json) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await Task.Delay(delay);
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
