using ContentApi.Persistence;
using ContentApi.Webhooks;

namespace ContentApi.Tests.Webhooks;

/// <summary>Retries give up at the horizon, and survive a restart: each test runs its own service.</summary>
public sealed class WebhookRetryTests : IAsyncLifetime, IDisposable
{
    private readonly TestDatabase _database = new();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
    }

    [Fact]
    public async Task AfterTheHorizon_TheDeliveryHasFailed_AndTheWebhookIsFailingUntilADeliverySucceeds()
    {
        await using var api = new WebhookApiFactory(("Webhooks:RetryHorizon", "00:01:00"), ("Webhooks:MaxRetryDelay", "00:00:10"));
        using var admin = api.CreateClientFor(ApiRole.Admin);
        var (url, name) = _receiver.NewUrl();
        var webhook = await admin.CreateWebhookAsync(url);
        _receiver.FailNext(name, int.MaxValue);

        using (var ping = await admin.PostAsync($"/v1/webhooks/{webhook.Id}/test", null))
        {
            await ping.ShouldHaveStatusAsync(System.Net.HttpStatusCode.Accepted);
        }

        var failed = await admin.WaitForDeliveryAsync(webhook.Id, d => d.Status == DeliveryStatus.Failed, () => api.Clock.Advance(TimeSpan.FromSeconds(10)));
        Assert.True(failed.Attempts > 1, $"Expected retries before giving up, got {failed.Attempts} attempts.");
        Assert.Equal((503, null), (failed.LastStatusCode, failed.NextAttemptAt));
        var failing = await GetAsync(admin, webhook.Id);
        Assert.Equal(WebhookStatus.Failing, failing.Status);
        Assert.NotNull(failing.FailingSince);

        _receiver.FailNext(name, 0);
        using (var redeliver = await admin.PostAsync($"/v1/webhooks/{webhook.Id}/deliveries/{failed.Id}/redeliver", null))
        {
            await redeliver.ShouldHaveStatusAsync(System.Net.HttpStatusCode.Accepted);
        }

        var delivered = await admin.WaitForDeliveryAsync(webhook.Id, d => d.Id == failed.Id && d.Status == DeliveryStatus.Delivered);
        Assert.Equal((1, failed.EventId), (delivered.Attempts, delivered.EventId));
        var healthy = await GetAsync(admin, webhook.Id);
        Assert.Equal((WebhookStatus.Active, null), (healthy.Status, healthy.FailingSince));
        Assert.NotNull(healthy.LastDeliveryAt);
    }

    [Fact]
    public async Task AServiceRestartedMidRetry_StillDeliversTheEvent()
    {
        var (url, name) = _receiver.NewUrl();
        _receiver.FailNext(name, int.MaxValue);
        string webhookId, articleId;
        await using (var before = new WebhookApiFactory(_database))
        {
            using var admin = before.CreateClientFor(ApiRole.Admin);
            webhookId = (await admin.CreateWebhookAsync(url)).Id;
            articleId = (await before.CreateClient().CreateArticleAsync()).Id;
            await _receiver.WaitForAsync(name, r => r.ArticleId == articleId);
        }

        _receiver.FailNext(name, 0);
        await using var after = new WebhookApiFactory(_database);
        using var restarted = after.CreateClientFor(ApiRole.Admin);

        var delivered = await _receiver.WaitForAsync(name, r => r.ArticleId == articleId && r.Answered == 204, () => after.Clock.Advance(TimeSpan.FromSeconds(5)));

        var attempts = _receiver.Received(name).Where(r => r.ArticleId == articleId).ToList();
        Assert.True(attempts.Count >= 2);
        Assert.All(attempts, a => Assert.Equal(delivered.Id, a.Id));
        var log = await restarted.WaitForDeliveryAsync(webhookId, d => d.ArticleId == articleId && d.Status == DeliveryStatus.Delivered);
        Assert.Single(await restarted.DeliveriesAsync(webhookId), d => d.ArticleId == articleId);
        Assert.Equal(delivered.Id, log.EventId);
    }

    private static async Task<WebhookResponse> GetAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/v1/webhooks/{id}");
        await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.OK);
        return await response.ReadAsync<WebhookResponse>();
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose() => _database.Dispose();
}
