using ContentApi.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Syndication;

/// <summary>
/// Changes of reach that need no write: a scheduled article's publication time, an embargo's end and a
/// syndication clearance's end come by the clock. Every write records when its article's reach next
/// changes (ReachChangesAt); this service wakes every Syndication:ClockInterval, recomputes the articles
/// that are due and logs a <see cref="ChangeKind.Timed"/> entry for each whose reach changed, so sync and
/// webhooks hear of a scheduled publication like any other. Sync catches up the same way before it reads.
/// </summary>
public sealed partial class ReachClock(
    IServiceScopeFactory scopes, ChangeLogWriter writer, TimeProvider clock, IOptions<SyndicationOptions> options, ILogger<ReachClock> log)
    : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await CatchUpAsync(scope.ServiceProvider.GetRequiredService<ContentDb>(), writer.Origin, clock.UtcNow(), stoppingToken);
                await Task.Delay(options.Value.ClockInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(log, e, options.Value.ClockInterval.TotalSeconds);
                await Task.Delay(options.Value.ClockInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Logs every reach change due by <paramref name="now"/>, a batch per transaction; returns how many articles changed reach.</summary>
    public static async Task<int> CatchUpAsync(ContentDb db, string origin, DateTime now, CancellationToken ct)
    {
        var changed = 0;
        while (await db.Articles.AnyAsync(a => a.ReachChangesAt <= now, ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var due = await db.Articles.AsNoTracking().Where(a => a.ReachChangesAt <= now)
                .OrderBy(a => a.ReachChangesAt).ThenBy(a => a.Id).Take(BatchSize)
                .Select(a => new Article
                {
                    Id = a.Id, Slug = a.Slug, Status = a.Status, PublishedAt = a.PublishedAt, EmbargoUntil = a.EmbargoUntil,
                    Syndication = a.Syndication, Reach = a.Reach, Version = a.Version,
                })
                .ToListAsync(ct);
            var entries = new List<ChangeLogWriter.Entry>();
            foreach (var article in due)
            {
                var reach = ArticleVisibility.ReachOf(article, now);
                var next = ArticleVisibility.NextReachChange(article, now);
                // Only if no other replica got there first: on PostgreSQL two clocks can read the same due articles (SQLite
                // lets one writer in at a time). The second update waits for the first to commit, then matches no row.
                var updated = await db.Articles.Where(a => a.Id == article.Id && a.Reach == article.Reach && a.ReachChangesAt <= now)
                    .ExecuteUpdateAsync(set => set.SetProperty(a => a.Reach, reach).SetProperty(a => a.ReachChangesAt, next), ct);
                if (updated == 1 && reach != article.Reach)
                {
                    entries.Add(new(article.Id, article.Slug, ChangeKind.Timed, article.Reach, reach, article.Version));
                }
            }

            await ChangeLogWriter.AppendAsync(db, origin, entries, now, ct);
            await transaction.CommitAsync(ct);
            changed += entries.Count;
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Due reach changes could not be logged; trying again in {Seconds} s.")]
    private static partial void LogFailed(ILogger logger, Exception exception, double seconds);
}

public sealed class SyndicationOptions
{
    /// <summary>How often scheduled publications, embargo ends and clearance ends are looked for.</summary>
    public TimeSpan ClockInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Base64 key (32 bytes or more) that signs sync tokens. When empty, a key is made once and kept in the
    /// database, so tokens survive restarts and hold across replicas of one database.
    /// </summary>
    public string? TokenKey { get; set; }
}
