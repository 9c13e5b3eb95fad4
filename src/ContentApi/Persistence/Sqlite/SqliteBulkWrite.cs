using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Persistence.Sqlite;

/// <summary>
/// An import's batches on SQLite. Each batch commits some 30 MB to the write-ahead log, and by default the commit that
/// takes the log past 1,000 pages also copies it into the database file and syncs both, while the next batch waits: at
/// 100,000 articles that was most of the 33 s the commits took. So while the scope lasts:
/// <list type="bullet">
/// <item>the import's connection never checkpoints: a loop on a connection of its own copies the log into the database
/// file in the background, on the other core, and the log starts again from its beginning once that copy has caught up;</item>
/// <item>the import's connection syncs the log only at those checkpoints (synchronous NORMAL), not at each commit: a crash
/// of the service loses nothing committed, and a power cut can take back only the last batches, which running the import
/// again (or the job resuming) writes again. Another write's commit, at FULL, syncs the log with them.</item>
/// </list>
/// <see cref="CompleteAsync"/> ends with a checkpoint, which syncs the log first: what the import reports written survives a
/// power cut too. The connection gets its own settings back when the scope ends.
/// </summary>
internal sealed class SqliteBulkWrite : BulkWrite
{
    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromMilliseconds(100);

    private readonly DbContext _db;
    private readonly long _synchronous;
    private readonly long _autoCheckpoint;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _checkpoints;

    private SqliteBulkWrite(DbContext db, long synchronous, long autoCheckpoint)
    {
        _db = db;
        _synchronous = synchronous;
        _autoCheckpoint = autoCheckpoint;
        var connection = db.Database.GetConnectionString()!;
        _checkpoints = Task.Run(() => CheckpointUntilStoppedAsync(connection, _stop.Token));
    }

    public static async Task<BulkWrite> BeginAsync(DbContext db, CancellationToken ct)
    {
        var synchronous = await ScalarAsync(db, "PRAGMA synchronous", ct);
        var autoCheckpoint = await ScalarAsync(db, "PRAGMA wal_autocheckpoint", ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;", ct);
        return new SqliteBulkWrite(db, synchronous, autoCheckpoint);
    }

    public override async Task CompleteAsync(CancellationToken ct)
    {
        await StopCheckpointsAsync();
        await _db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE)", ct);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await StopCheckpointsAsync();
        }
        finally
        {
            // Settings are the connection's, which the pool hands out again: the next user must not inherit these.
            await _db.Database.ExecuteSqlRawAsync(string.Create(CultureInfo.InvariantCulture, $"PRAGMA synchronous={_synchronous}; PRAGMA wal_autocheckpoint={_autoCheckpoint};"));
            _stop.Dispose();
            await base.DisposeAsync();
        }
    }

    private async Task StopCheckpointsAsync()
    {
        await _stop.CancelAsync();
        await _checkpoints;
    }

    /// <summary>
    /// A passive checkpoint copies what it can without waiting for the writer or for readers, and never makes them wait.
    /// </summary>
    private static async Task CheckpointUntilStoppedAsync(string connectionString, CancellationToken stop)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (!stop.IsCancellationRequested)
        {
            await checkpoint.ExecuteNonQueryAsync(CancellationToken.None);
            try
            {
                await Task.Delay(CheckpointEvery, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<long> ScalarAsync(DbContext db, string sql, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
