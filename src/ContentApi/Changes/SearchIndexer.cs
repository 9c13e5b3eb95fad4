using Microsoft.Extensions.Options;

namespace ContentApi.Changes;

/// <summary>
/// Reindexes the articles a rename queued (see <see cref="SearchReindex"/>), a batch at a time, each batch through the
/// writer (<see cref="ContentWriter.ReindexQueuedAsync"/>), which logs that search changed so every instance retires the
/// searches it keeps. Woken by the writer when it queues; also looks every Search:ReindexInterval, for what other
/// instances queued or a stop left behind. Hosted by the web app only.
/// </summary>
public sealed partial class SearchIndexer(
    IServiceScopeFactory scopes, ContentWriter writer, SearchIndexer.Signal signal, IOptions<ReplicaOptions> options, ILogger<SearchIndexer> log)
    : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var interval = options.Value.PollInterval * 5;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
                    while (await writer.ReindexQueuedAsync(db, BatchSize, stoppingToken) == BatchSize)
                    {
                    }
                }

                await signal.WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(log, e, interval.TotalSeconds);
                await Task.Delay(interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Queued articles could not be reindexed for search; trying again in {Seconds} s.")]
    private static partial void LogFailed(ILogger logger, Exception exception, double seconds);

    /// <summary>Wakes the indexer when articles were queued.</summary>
    public sealed class Signal : IDisposable
    {
        private readonly LoggedChanges _queued = new();

        public void Notify() => _queued.Notify();

        public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _queued.WaitAsync(timeout, ct);

        public void Dispose() => _queued.Dispose();
    }
}
