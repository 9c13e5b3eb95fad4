using System.Threading.Channels;

namespace ContentApi.Jobs;

/// <summary>
/// A background worker that runs stored jobs one at a time, each in exactly one of the processes (replicas) that share the
/// database. A runner claims a queued job with a conditional update, so only one claim succeeds, and holds it with a lease in
/// the job's row (its <see cref="Holder"/> and a time <see cref="Lease"/> ahead) that it renews as it works. A job whose lease
/// has run out (its process stopped or hung) is queued again by any runner; one whose lease another runner renewed meanwhile
/// is not, and a runner that finds it lost its lease stops working on it (<see cref="LeaseLostException"/>).
/// Subclasses say how their table is requeued and how a job runs; this class is the loop around them. Hosted by the web app
/// only: command-line runs do not start runners.
/// </summary>
public abstract partial class LeasedJobRunner(IServiceScopeFactory scopes, JobSignal signal, ILogger log) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    /// <summary>How long a claim or a renewal holds a job: far longer than the work between two renewals takes.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>This runner's name in the jobs it holds: its machine and process, for people, and a unique part (at most 64 characters).</summary>
    public string Holder { get; } = $"{Environment.MachineName[..Math.Min(20, Environment.MachineName.Length)]}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>For work a job does outside the scope it runs in (a second reader, a progress writer).</summary>
    protected IServiceScopeFactory Scopes => scopes;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await RequeueAbandonedAsync(scope.ServiceProvider.GetRequiredService<ContentDb>(), stoppingToken);
                }

                bool ran;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    ran = await RunNextAsync(scope.ServiceProvider, stoppingToken);
                }

                if (!ran)
                {
                    await signal.WaitAsync(Idle, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogUnavailable(log, e, GetType().Name, Idle.TotalSeconds);
                await signal.WaitAsync(Idle, stoppingToken);
            }
        }
    }

    /// <summary>Queues again the running jobs whose lease has run out.</summary>
    protected abstract Task RequeueAbandonedAsync(ContentDb db, CancellationToken ct);

    /// <summary>Claims and runs the oldest queued job; false when there is none.</summary>
    protected abstract Task<bool> RunNextAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>A failure's message as a job row keeps it.</summary>
    protected static string ErrorOf(Exception e, int maxLength) => e.Message.Length > maxLength ? e.Message[..maxLength] : e.Message;

    [LoggerMessage(Level = LogLevel.Error, Message = "{Runner} could not read its jobs; trying again in {Seconds} s.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string runner, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Runner}: job {JobId} failed.")]
    protected static partial void LogFailed(ILogger logger, Exception exception, string runner, int jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Runner}: job {JobId} was taken over by another runner after this one's lease ran out; leaving it to that one.")]
    protected static partial void LogLeaseLost(ILogger logger, string runner, int jobId);

    /// <summary>The job's lease was not renewed in time and another runner holds the job now.</summary>
    protected sealed class LeaseLostException : Exception;
}

/// <summary>Wakes a job runner when a job is queued; the runner also looks now and then on its own.</summary>
public abstract class JobSignal
{
    private readonly Channel<bool> _queued = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _queued.Writer.TryWrite(true);

    /// <summary>Waits until notified or until <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            await _queued.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Timed out: look anyway.
        }
    }
}
