using ContentApi.Articles;
using ContentApi.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Replicas;

public sealed class ReplicaOptions
{
    /// <summary>
    /// How often the change log is read for article writes made by other processes on the same database (other
    /// replicas, the command-line import). It bounds how long this instance's lists, facets, related articles and
    /// kept answers may lag such a write.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Keeps what this instance holds in memory (the article catalog with its related-articles index, and the
/// answers the response cache keeps) coherent with article writes made elsewhere. Every article write, by any
/// process, appends to the change log in its own transaction; this reads the entries after the last one it saw,
/// every Replicas:PollInterval, and rereads those articles into the catalog (with the names of tags, bylines and
/// entities it did not know yet). That moves the catalog's version, which every kept answer is stamped with
/// (see ResponseCache), so answers computed before are not sent again.
/// Entries of this instance's own writes come round too: rereading them costs a little, and is harmless.
/// </summary>
public sealed partial class ChangeLogFollower(
    IServiceScopeFactory scopes, ArticleCatalog catalog, IOptions<ReplicaOptions> options, ILogger<ChangeLogFollower> log)
    : BackgroundService
{
    private const int BatchSize = 1_000;
    private long _seen;

    /// <summary>Follows from the log's end as it is now: called before the catalog is loaded, so no write falls between the two.</summary>
    public async Task StartFromLogEndAsync(ContentDb db, CancellationToken ct) => _seen = await WebhookDispatcher.LastSequenceAsync(db, ct);

    /// <summary>Applies the next entries after the last one seen; returns how many it read (0: caught up).</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        var entries = await db.ChangeLog.AsNoTracking().Where(e => e.Sequence > _seen).OrderBy(e => e.Sequence).Take(BatchSize)
            .Select(e => new { e.Sequence, e.ArticleId }).ToListAsync(ct);
        if (entries.Count == 0)
        {
            return 0;
        }

        var changed = new ChangedIds();
        changed.Articles.UnionWith(entries.Select(e => e.ArticleId));
        await catalog.RefreshAsync(db, changed, ct);
        var named = new ChangedIds();
        foreach (var article in changed.Articles.Select(catalog.Find).OfType<ArticleFacts>())
        {
            named.Tags.UnionWith(article.TagIds.Where(id => !catalog.Tags.ContainsKey(id)));
            named.Bylines.UnionWith(article.BylineIds.Where(id => !catalog.Bylines.ContainsKey(id)));
            named.Entities.UnionWith(article.EntityIds.Where(id => !catalog.Entities.ContainsKey(id)));
        }

        if (!named.IsEmpty)
        {
            await catalog.RefreshAsync(db, named, ct);
        }

        _seen = entries[^1].Sequence;
        return entries.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await CatchUpAsync(stoppingToken) < BatchSize)
                {
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(log, e, options.Value.PollInterval.TotalSeconds);
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The change log could not be followed; trying again in {Seconds} s.")]
    private static partial void LogFailed(ILogger logger, Exception exception, double seconds);
}

public static class ReplicaSetup
{
    public static IServiceCollection AddReplicas(this IServiceCollection services)
    {
        services.AddOptions<ReplicaOptions>().BindConfiguration("Replicas")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PollInterval <= TimeSpan.FromMinutes(10), "Replicas:PollInterval must be more than 0 and at most 10 minutes")
            .ValidateOnStart();
        services.AddSingleton<ChangeLogFollower>();
        services.AddHostedService(provider => provider.GetRequiredService<ChangeLogFollower>());
        return services;
    }
}
