namespace ContentApi.Changes;

/// <summary>
/// Which change log entries this instance's read model has applied, so that what reads the log and then the read model
/// (the webhook dispatcher, sync pages) never runs ahead of it. Another instance's entry is applied once the change feed
/// follower has passed it; one this instance wrote, once its writer has shown it to reads. Until then the read model
/// still shows the article as it was: a webhook payload made then would be left out or stale, and a sync page would
/// send a tombstone for an article just published, with the token already past it.
/// </summary>
public sealed class AppliedChanges
{
    private readonly Lock _lock = new();
    private readonly List<(long First, long Last)> _showing = [];
    private long _followed;

    /// <summary>This instance of the service, on every entry it writes (see <see cref="ChangeLogEntry.Origin"/>).</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// Every entry up to here is applied: the follower has passed it, and no write of this instance up to here is still
    /// being shown. An entry after it may be applied too (see <see cref="IsApplied"/>).
    /// </summary>
    public long Through
    {
        get
        {
            lock (_lock)
            {
                return _showing.Count == 0 ? _followed : Math.Min(_followed, _showing.Min(s => s.First) - 1);
            }
        }
    }

    /// <summary>The follower has applied every other instance's entry up to this one (and passed over this instance's).</summary>
    public void Followed(long sequence)
    {
        lock (_lock)
        {
            _followed = Math.Max(_followed, sequence);
        }
    }

    /// <summary>A write of this instance is about to commit these entries; call <see cref="Shown"/> once reads show it (or it failed).</summary>
    public void Showing(long first, long last)
    {
        lock (_lock)
        {
            _showing.Add((first, last));
        }
    }

    public void Shown(long first, long last)
    {
        lock (_lock)
        {
            _showing.Remove((first, last));
        }
    }

    public bool IsApplied(ChangeLogEntry entry)
    {
        lock (_lock)
        {
            return entry.Origin == Origin
                ? !_showing.Exists(s => entry.Sequence >= s.First && entry.Sequence <= s.Last)
                : entry.Sequence <= _followed;
        }
    }

    /// <summary>The entries, in sequence order, up to the first one the read model has not applied.</summary>
    public List<ChangeLogEntry> AppliedPrefix(List<ChangeLogEntry> entries)
    {
        var applied = entries.FindIndex(e => !IsApplied(e));
        return applied < 0 ? entries : entries[..applied];
    }
}
