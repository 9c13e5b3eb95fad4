using ContentApi.Revisions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Trash;

public sealed class TrashOptions
{
    /// <summary>How long a deleted item stays restorable before it is purged.</summary>
    public int RetentionDays { get; set; } = 30;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}

/// <summary>
/// Purges trash items older than Trash:RetentionDays: at start-up, then every hour by the clock. Every purge,
/// scheduled or asked for (DELETE /v1/trash/{id}), goes through <see cref="PurgeAsync"/> and is logged.
/// </summary>
public sealed partial class TrashPurger(IServiceScopeFactory scopes, TimeProvider clock, IOptions<TrashOptions> options, ILogger<TrashPurger> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Purges every item whose retention has passed; returns how many it purged.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        var cutoff = clock.UtcNow() - options.Value.Retention;
        var expired = await db.Trash.AsNoTracking().Where(i => i.DeletedAt <= cutoff).OrderBy(i => i.Id).ToListAsync(ct);
        var purged = 0;
        foreach (var item in expired)
        {
            purged += await PurgeAsync(db, item, $"its {options.Value.RetentionDays} days in the trash passed", ct) ? 1 : 0;
        }

        return purged;
    }

    /// <summary>Deletes a trash item for good and logs it; false when it was already gone (purged or restored meanwhile).</summary>
    public async Task<bool> PurgeAsync(ContentDb db, TrashItem item, string reason, CancellationToken ct)
    {
        if (await db.Trash.Where(i => i.Id == item.Id).ExecuteDeleteAsync(ct) == 0)
        {
            return false;
        }

        LogPurged(log, item.Kind, item.ResourceId, item.Slug, item.DeletedAt, reason);
        return true;
    }

    public static string PurgedBy(Author? author) => author is null ? "purged on request" : $"purged by key {author.KeyId} ({author.Name})";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeExpiredAsync(stoppingToken);
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(log, e, Interval.TotalMinutes);
                await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Purged {Kind} {ResourceId} '{Slug}' from the trash (deleted at {DeletedAt:O}): {Reason}")]
    private static partial void LogPurged(ILogger logger, TrashKind kind, int resourceId, string slug, DateTime deletedAt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Expired trash could not be purged; trying again in {Minutes} min.")]
    private static partial void LogFailed(ILogger logger, Exception exception, double minutes);
}

public static class TrashSetup
{
    public static IServiceCollection AddTrash(this IServiceCollection services)
    {
        services.AddOptions<TrashOptions>().BindConfiguration("Trash")
            .Validate(o => o.RetentionDays is > 0 and <= 36500, "Trash:RetentionDays must be 1-36500")
            .ValidateOnStart();
        services.AddSingleton<TrashPurger>();
        services.AddHostedService(provider => provider.GetRequiredService<TrashPurger>());
        return services;
    }
}
