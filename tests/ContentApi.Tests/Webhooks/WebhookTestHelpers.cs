using System.Net;
using System.Security.Cryptography;
using System.Text;
using ContentApi.Persistence;
using ContentApi.Http;
using ContentApi.Tests.Access;
using ContentApi.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Webhooks;

/// <summary>
/// The service with webhooks allowed to reach 127.0.0.1 (and nothing else private), and its worker and reach
/// clock looking every 100 ms, so tests wait briefly. Extra settings win over these.
/// </summary>
public sealed class WebhookApiFactory : ConfiguredApiFactory
{
    private static readonly (string Key, string Value)[] Fast =
    [
        ("Webhooks:AllowedHosts:0", "127.0.0.1"),
        ("Webhooks:PollInterval", "00:00:00.100"),
        ("Syndication:ClockInterval", "00:00:00.100"),
    ];

    public WebhookApiFactory(params (string Key, string Value)[] settings)
        : base([.. Fast, .. settings])
    {
    }

    public WebhookApiFactory(TestDatabase shared, params (string Key, string Value)[] settings)
        : base(shared, [.. Fast, .. settings])
    {
    }
}

/// <summary>A service and a receiver for a test class.</summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    public WebhookApiFactory Api { get; } = new();

    public WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync() => Receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Api.DisposeAsync();
    }
}

internal static class WebhookTestHelpers
{
    public static Task<WebhookResponse> CreateWebhookAsync(
        this HttpClient client, string url, IReadOnlyList<string>? events = null, string? tagId = null, string? section = null) =>
        client.PostAndReadAsync<WebhookResponse>("/v1/webhooks", new WebhookRequest(url, "A test receiver", events, tagId, section));

    /// <summary>The webhook's delivery log, newest first (first page of 100).</summary>
    public static async Task<IReadOnlyList<WebhookDeliveryResponse>> DeliveriesAsync(this HttpClient client, string webhookId)
    {
        using var response = await client.GetAsync($"/v1/webhooks/{webhookId}/deliveries?limit=100");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.ReadAsync<Page<WebhookDeliveryResponse>>()).Items;
    }

    /// <summary>Waits (up to <see cref="Patience"/>) for a delivery in the log that matches; <paramref name="meanwhile"/> runs between looks.</summary>
    public static async Task<WebhookDeliveryResponse> WaitForDeliveryAsync(
        this HttpClient client, string webhookId, Func<WebhookDeliveryResponse, bool> match, Action? meanwhile = null)
    {
        IReadOnlyList<WebhookDeliveryResponse> deliveries = [];
        return await PollAsync(
            async () => (deliveries = await client.DeliveriesAsync(webhookId)).FirstOrDefault(match),
            meanwhile,
            () => $"No matching delivery for webhook {webhookId} in time. The log:\n" + string.Join("\n",
                deliveries.Select(d => $"{d.EventId} {d.EventType} article {d.ArticleId}: {d.Status} after {d.Attempts} ({d.LastError})")));
    }

    /// <summary>How long a test waits for the service: generous, as machines running tests in parallel can be slow.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Looks every 50 ms until <paramref name="look"/> finds something, running <paramref name="meanwhile"/> between looks; fails after <see cref="Patience"/>.</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T?>> look, Action? meanwhile, Func<string> failure) where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await look() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException(failure());
            }

            meanwhile?.Invoke();
            await Task.Delay(50);
        }
    }

    /// <summary>A webhook for readers written straight to the database, past the URL checks of registration; returns its id.</summary>
    public static async Task<string> InsertWebhookAsync(this ContentApiFactory api, string url)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        var now = api.Clock.GetUtcNow().UtcDateTime;
        var webhook = new Webhook
        {
            Url = url, Secret = WebhookSignatures.NewSecret(), Audience = ArticleReach.Readers, CreatedAt = now, UpdatedAt = now,
            StartSequence = await WebhookDispatcher.LastSequenceAsync(db, CancellationToken.None),
        };
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync();
        return webhook.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Standard Webhooks verification, written here independently of the service's signing code.</summary>
    public static bool SignatureVerifies(this ReceivedWebhook received, string secret, string? body = null)
    {
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(
            hmac.ComputeHash(Encoding.UTF8.GetBytes($"{received.Id}.{received.Timestamp}.{body ?? received.Body}"))));
        return received.Signature.Split(' ')
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), expected));
    }
}
