namespace ContentApi.Changes;

/// <summary>
/// Wakes what follows the change log in this process (the webhook dispatcher) when entries were appended: by this
/// instance's writes (see ContentWriter), or by another's, once followed (see ChangeFeedFollower). What waits also
/// looks now and then on its own.
/// </summary>
public sealed class LoggedChanges : IDisposable
{
    private readonly SemaphoreSlim _notified = new(0, 1);

    public void Notify()
    {
        lock (_notified)
        {
            if (_notified.CurrentCount == 0)
            {
                _notified.Release();
            }
        }
    }

    /// <summary>Returns when notified (since the last wait) or when <paramref name="timeout"/> has passed.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _notified.WaitAsync(timeout, ct);

    public void Dispose() => _notified.Dispose();
}
