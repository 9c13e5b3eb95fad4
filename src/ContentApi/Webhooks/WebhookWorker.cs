using ContentApi.Changes;
using ContentApi.ReadModel;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ContentApi.Webhooks;

/// <summary>
/// Runs webhooks in the background, in two loops: the dispatcher turns new change log entries into deliveries,
/// the sender sends the deliveries that are due. Each wakes when there is work (a committed write, queued
/// deliveries) and otherwise looks every Webhooks:PollInterval, so other processes' writes and retries that
/// come due are noticed too. Both keep their state in the database: a restart resumes where they were.
/// Hosted by the web app only: command-line runs do not start it.
/// </summary>
public sealed partial class WebhookWorker(
    IServiceScopeFactory scopes, WebhookSender sender, WebhookSignals signals, LoggedChanges logged, ContentReadModel model, AppliedChanges applied, IStoredPages pages,
    TimeProvider clock, IOptions<WebhookOptions> options, IOptions<JsonOptions> json, ILogger<WebhookWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(
            RunAsync("dispatch", DispatchAsync, logged, stoppingToken),
            RunAsync("send", sender.SendDueAsync, signals.Deliveries, stoppingToken));
        await sender.WhenIdleAsync();
    }

    /// <summary>Queues one batch of deliveries; returns how many entries' worth it read (0: caught up).</summary>
    private async Task<int> DispatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queued = await WebhookDispatcher.DispatchAsync(
            scope.ServiceProvider.GetRequiredService<ContentDb>(), model, applied, pages, json.Value.SerializerOptions, clock.UtcNow(), ct);
        if (queued > 0)
        {
            signals.Deliveries.Notify();
        }

        return queued is null ? 0 : 1;
    }

    /// <summary>Runs a step again at once while it finds work; otherwise waits to be woken or for the poll interval.</summary>
    private async Task RunAsync(string name, Func<CancellationToken, Task<int>> step, LoggedChanges wakeup, CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await step(ct) == 0)
                {
                    await wakeup.WaitAsync(options.Value.PollInterval, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(log, e, name, options.Value.PollInterval.TotalSeconds);
                await Task.Delay(options.Value.PollInterval, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {Step} failed; trying again in {Seconds} s.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string step, double seconds);
}
