using Microsoft.Extensions.Options;

namespace ContentApi.Changes;

/// <summary>
/// Changes of reach that need no write: a scheduled article's publication time, an embargo's end and a syndication
/// clearance's end come by the clock. Every write records when its article's reach next changes (ReachChangesAt); this
/// service wakes every Syndication:ClockInterval and has the writer log the changes that are due (see
/// <see cref="ContentWriter.LogReachChangesAsync"/>), so sync, webhooks and the read model hear of a scheduled
/// publication like any other change. Sync catches up the same way before it reads.
/// </summary>
public sealed partial class ReachClock(
    IServiceScopeFactory scopes, ContentWriter writer, TimeProvider clock, IOptions<SyndicationOptions> options, ILogger<ReachClock> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await writer.LogReachChangesAsync(scope.ServiceProvider.GetRequiredService<ContentDb>(), clock.UtcNow(), stoppingToken);
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
