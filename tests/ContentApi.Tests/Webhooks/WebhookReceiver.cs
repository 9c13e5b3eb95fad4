using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContentApi.Tests.Webhooks;

/// <summary>One request the receiver got, with the status it answered.</summary>
public sealed record ReceivedWebhook(string Name, string Id, string Timestamp, string Signature, string ContentType, string Body, int Answered)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    /// <summary>The article's id for article events; null for others.</summary>
    public string? ArticleId =>
        Json.GetProperty("data").TryGetProperty("id", out var id) ? id.GetString() : null;

    /// <summary>The article in the payload; null when there is none (unpublished, deleted).</summary>
    public JsonElement? Article =>
        Json.GetProperty("data").TryGetProperty("article", out var article) && article.ValueKind == JsonValueKind.Object ? article : null;
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (a port of its own) that records every request, at /{name}, so each test
/// has its own URL; it answers 204, or a failure status for the next N requests to a name when told to.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly Dictionary<string, (int Left, int Status)> _failing = [];

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
        _app.Run(ReceiveAsync);
    }

    public string BaseUrl => _app.Urls.Single();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        await receiver._app.StartAsync();
        return receiver;
    }

    /// <summary>A fresh URL on this receiver, and the name its requests are recorded under.</summary>
    public (string Url, string Name) NewUrl()
    {
        var name = TestData.Unique("hook");
        return ($"{BaseUrl}/{name}", name);
    }

    /// <summary>The next <paramref name="times"/> requests to this name are answered with <paramref name="status"/>.</summary>
    public void FailNext(string name, int times, int status = StatusCodes.Status503ServiceUnavailable)
    {
        lock (_failing)
        {
            _failing[name] = (times, status);
        }
    }

    public IReadOnlyList<ReceivedWebhook> Received(string name) => [.. _received.Where(r => r.Name == name)];

    /// <summary>
    /// Waits (up to <see cref="WebhookTestHelpers.Patience"/>) until the requests to a name include one that matches; <paramref name="meanwhile"/> runs
    /// between looks, such as moving the service's clock past a retry.
    /// </summary>
    public Task<ReceivedWebhook> WaitForAsync(string name, Func<ReceivedWebhook, bool> match, Action? meanwhile = null) =>
        WebhookTestHelpers.PollAsync(
            () => Task.FromResult(Received(name).FirstOrDefault(match)),
            meanwhile,
            () => $"No matching webhook reached /{name} in time. It got:\n" + string.Join("\n",
                Received(name).Select(r => $"{r.Answered} {r.Id} {r.Body[..Math.Min(200, r.Body.Length)]}").DefaultIfEmpty("(nothing)")));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var name = context.Request.Path.Value!.Trim('/');
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var status = StatusFor(name);
        var headers = context.Request.Headers;
        _received.Enqueue(new ReceivedWebhook(name, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
            headers["webhook-signature"].ToString(), context.Request.ContentType ?? "", body, status));
        context.Response.StatusCode = status;
    }

    private int StatusFor(string name)
    {
        lock (_failing)
        {
            if (_failing.TryGetValue(name, out var failing) && failing.Left > 0)
            {
                _failing[name] = (failing.Left - 1, failing.Status);
                return failing.Status;
            }

            return StatusCodes.Status204NoContent;
        }
    }
}
