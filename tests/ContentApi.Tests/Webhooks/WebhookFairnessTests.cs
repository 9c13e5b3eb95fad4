using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using ContentApi.Webhooks;

namespace ContentApi.Tests.Webhooks;

/// <summary>
/// One owner's webhooks cannot hold up another's: each owner (a partner key, or the admins) has a share of the delivery
/// slots (Webhooks:MaxConcurrencyPerOwner), attempts start as slots free up, and one key may register only so many
/// webhooks (Webhooks:MaxPerOwner). Before, a partner's receivers that accept and never answer filled every slot, and
/// everyone else's deliveries waited for their timeouts.
/// </summary>
public sealed class WebhookFairnessTests
{
    [Fact]
    public async Task APartnersSilentReceivers_DoNotHoldUpAnotherOwnersDelivery()
    {
        // Eight slots, two per owner; a silent receiver holds its slot for the whole (long) timeout.
        await using var api = new WebhookApiFactory(
            ("Webhooks:MaxConcurrency", "8"), ("Webhooks:MaxConcurrencyPerOwner", "2"), ("Webhooks:Timeout", "00:01:00"));
        await using var receiver = await WebhookReceiver.StartAsync();
        using var silent = new SilentListener();
        using var greedy = api.CreateClientWithKey(await api.CreateKeyAsync(ApiRole.Partner, "Greedy partner"));
        for (var i = 0; i < 12; i++)
        {
            await greedy.CreateWebhookAsync($"{silent.Url}/hook-{i}");
        }

        using var admin = api.CreateClientFor(ApiRole.Admin);
        using var otherPartner = api.CreateClientWithKey(await api.CreateKeyAsync(ApiRole.Partner, "Other partner"));
        var (adminUrl, adminName) = receiver.NewUrl();
        var (partnerUrl, partnerName) = receiver.NewUrl();
        await admin.CreateWebhookAsync(adminUrl);
        await otherPartner.CreateWebhookAsync(partnerUrl);

        var started = Stopwatch.GetTimestamp();
        var article = await api.CreateClient().CreateArticleAsync();

        await receiver.WaitForAsync(adminName, r => r.ArticleId == article.Id);
        await receiver.WaitForAsync(partnerName, r => r.ArticleId == article.Id);
        var waited = Stopwatch.GetElapsedTime(started);
        Assert.True(waited < TimeSpan.FromSeconds(15), $"The other owners' deliveries took {waited.TotalSeconds:0.0} s.");
        // The greedy partner's receivers are called two at a time: two connections reach the silent listener, and no more.
        await WebhookTestHelpers.PollAsync(() => Task.FromResult(silent.Connections >= 2 ? "" : null), null, () => $"{silent.Connections} connections");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(2, silent.Connections);
    }

    [Fact]
    public async Task AKey_MayRegisterUpToMaxPerOwnerWebhooks_AndAnotherOwnerIsNotCounted()
    {
        await using var api = new WebhookApiFactory(("Webhooks:MaxPerOwner", "2"));
        using var partner = api.CreateClientFor(ApiRole.Partner);
        using var admin = api.CreateClientFor(ApiRole.Admin);
        await partner.CreateWebhookAsync("https://hooks.example.com/1");
        await partner.CreateWebhookAsync("https://hooks.example.com/2");

        using var third = await partner.SendJsonAsync(HttpMethod.Post, "/v1/webhooks", new WebhookRequest("https://hooks.example.com/3"));
        var adminsFirst = await admin.CreateWebhookAsync("https://hooks.example.com/admin");

        var problem = await third.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Webhooks:MaxPerOwner", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(adminsFirst.OwnerKeyId);
        Assert.Equal(2, (await partner.GetFromJsonAsync<ContentApi.Http.Page<WebhookResponse>>("/v1/webhooks", TestData.Json))!.Items.Count);
    }

    /// <summary>A TCP port on 127.0.0.1 whose connections the system accepts and no one ever answers.</summary>
    private sealed class SilentListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _accepted = [];
        private readonly Task _accepting;

        public SilentListener()
        {
            _listener.Start();
            _accepting = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var socket = await _listener.AcceptSocketAsync();
                        lock (_accepted)
                        {
                            _accepted.Add(socket);
                        }
                    }
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Stopped.
                }
            });
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public int Connections
        {
            get
            {
                lock (_accepted)
                {
                    return _accepted.Count;
                }
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            lock (_accepted)
            {
                _accepted.ForEach(s => s.Dispose());
            }
        }
    }
}
