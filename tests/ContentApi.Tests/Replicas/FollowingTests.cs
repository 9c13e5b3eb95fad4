using ContentApi.Persistence;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;
using ContentApi.Tests.Syndication;
using ContentApi.Tests.Webhooks;
using ContentApi.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContentApi.Tests.Replicas;

/// <summary>
/// What reads the change log and then the read model (the webhook dispatcher, sync pages) on a replica that has not yet
/// followed another replica's write: it waits for its read model instead of making a payload from what it shows before
/// the write (a new article it does not know yet was left out of the webhooks and sent as a tombstone by sync).
/// The reading replica follows slowly here (every 10 s, no LISTEN), so it reads the log's new entry well before it has
/// applied it.
/// </summary>
public sealed class FollowingTests : IDisposable
{
    private static readonly (string, string)[] SlowFollower = [("Replicas:PollInterval", "00:00:10"), ("Replicas:Listen", "false")];
    private readonly TestDatabase _database = new();

    [Fact]
    public async Task AnotherReplicasNewArticle_ReachesWebhooksOfAReplicaThatFollowsItLater()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var writing = new WithoutWebhookWorker(_database);
        await using var dispatching = new WebhookApiFactory(_database, SlowFollower);
        var (url, name) = receiver.NewUrl();
        await dispatching.CreateClientFor(ApiRole.Admin).CreateWebhookAsync(url);

        var article = await writing.CreateClient().CreateArticleAsync();

        var received = await receiver.WaitForAsync(name, r => r.ArticleId == article.Id);
        Assert.Equal(WebhookEvents.Published, received.Type);
        Assert.Equal(article.Headline, received.Article!.Value.GetProperty("headline").GetString());
    }

    [Fact]
    public async Task AnotherReplicasNewArticle_IsNoTombstoneInSyncBeforeThisReplicaFollowsIt_AndComesAfter()
    {
        await using var writing = new WithoutWebhookWorker(_database);
        await using var reading = new ConfiguredApiFactory(_database, SlowFollower);
        var partner = new SyncReplica(reading.CreateClientFor(ApiRole.Partner));
        await partner.CatchUpAsync();

        var article = await writing.CreateClient().CreateArticleAsync();
        await partner.CatchUpAsync();
        Assert.DoesNotContain(partner.Tombstones, t => t.Id == article.Id);

        await WebhookTestHelpers.PollAsync(
            async () => (await partner.CatchUpAsync()).SelectMany(p => p.Articles).FirstOrDefault(a => a.Id == article.Id),
            meanwhile: null,
            () => "The article never came through sync.");
        Assert.DoesNotContain(partner.Tombstones, t => t.Id == article.Id);
        Assert.Equal(article.Headline, partner.Articles[article.Id].Headline);
    }

    public void Dispose() => _database.Dispose();

    /// <summary>A replica whose webhook worker does not run, so that the other replica's dispatches every delivery.</summary>
    private sealed class WithoutWebhookWorker(TestDatabase shared) : ConfiguredApiFactory(shared)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(WebhookWorker)).ToList())
                {
                    services.Remove(worker);
                }
            });
        }
    }
}
