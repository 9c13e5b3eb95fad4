using System.Collections;
using System.Diagnostics;
using System.Net;
using ContentApi.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

using ContentApi.Tests.Access;

namespace ContentApi.Tests.Telemetry;

/// <summary>
/// A service with OTEL_EXPORTER_OTLP_ENDPOINT set (to a loopback port nothing listens on: what it exports there is lost)
/// whose tracer also exports to memory, as a collector would receive the spans.
/// </summary>
public sealed class TracedApiFactory() : ConfiguredApiFactory(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"))
{
    public ExportedSpanCollection Spans { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
    }
}

/// <summary>Spans of the service's requests, with the documented attributes (README "Operating it").</summary>
public sealed class TracingTests(TracedApiFactory api) : IClassFixture<TracedApiFactory>
{
    [Fact]
    public async Task AReadersRequest_HasASpanWithRouteRoleAndCache_AndSpansForWhatItDid()
    {
        var article = await api.CreateClient().CreateArticleAsync();
        using var reader = api.CreateClientFor(ApiRole.Reader);

        var first = await GetTracedAsync(reader, $"/v1/articles/{article.Slug}");
        var second = await GetTracedAsync(reader, $"/v1/articles/{article.Slug}");

        var computed = await ServerSpanAsync(first);
        Assert.Equal("/v1/articles/{idOrSlug}", computed.GetTagItem("http.route"));
        Assert.Equal(200, computed.GetTagItem("http.response.status_code"));
        Assert.Equal("reader", computed.GetTagItem("contentapi.caller.role"));
        Assert.Equal("miss", computed.GetTagItem("contentapi.cache"));
        var inside = api.Spans.Where(s => s.TraceId == first && s.Source.Name == "ContentApi").Select(s => s.OperationName).ToList();
        Assert.Contains("read_model.read", inside);
        Assert.Contains("db stored_page", inside);

        var kept = await ServerSpanAsync(second);
        Assert.Equal("hit", kept.GetTagItem("contentapi.cache"));
    }

    [Fact]
    public async Task ASearch_HasASearchSpan_AndAnAnonymousCallerIsNamedSo()
    {
        using var anonymous = api.CreateClientFor(null);
        var trace = await GetTracedAsync(anonymous, "/v1/articles?q=minister");

        var server = await ServerSpanAsync(trace);
        Assert.Equal("anonymous", server.GetTagItem("contentapi.caller.role"));
        var search = api.Spans.Single(s => s.TraceId == trace && s.OperationName == "search ranked");
        Assert.Equal("ranked", search.GetTagItem("contentapi.operation"));
        Assert.Equal(server.SpanId, search.ParentSpanId);
    }

    /// <summary>Sends a GET with a traceparent of its own, so this request's spans are told from others' in the process.</summary>
    private static async Task<ActivityTraceId> GetTracedAsync(HttpClient client, string url)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return trace;
    }

    /// <summary>The request's own span, exported when the request ends (just after the client has read the answer).</summary>
    private async Task<Activity> ServerSpanAsync(ActivityTraceId trace)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (api.Spans.FirstOrDefault(s => s.TraceId == trace && s.Kind == ActivityKind.Server) is { } span)
            {
                return span;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"No server span was exported for trace {trace}.");
    }
}

/// <summary>The in-memory exporter's collection: spans end on the server's threads while a test reads them.</summary>
public sealed class ExportedSpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_spans)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_spans)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
