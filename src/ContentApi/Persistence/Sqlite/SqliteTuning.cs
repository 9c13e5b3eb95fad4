using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ContentApi.Persistence.Sqlite;

public sealed class SqliteOptions
{
    /// <summary>
    /// How much of the database file the service's EF connections (writes, loading the read model) read through
    /// memory-mapped I/O instead of read calls. Off by default: reads are served from the read model and stored pages
    /// (read without it), and mapped pages would count in the service's resident memory (at 100,000 articles, loading
    /// the read model through it mapped some 900 MiB of the file).
    /// </summary>
    public long MmapSizeBytes { get; set; }

    /// <summary>
    /// SQLite's synchronous setting. Full (the default) syncs the write-ahead log at every commit, so an
    /// acknowledged write survives a power cut as well as a crash of the service; Normal syncs only at
    /// checkpoints: faster writes, still safe against a crash of the service, but a power cut can take back
    /// the last commits. Reads cost the same either way.
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;
}

public enum SqliteSynchronous
{
    Normal,
    Full,
}

/// <summary>
/// Sets SQLite's per-connection settings when EF Core opens a connection. The settings live with SQLite's own
/// connection, which the pool hands out again and again: each is set up once, not on every open (every query).
/// </summary>
internal sealed class SqliteTuning(IOptions<SqliteOptions> options) : DbConnectionInterceptor
{
    private static readonly object Tuned = new();
    private readonly ConditionalWeakTable<object, object> _tuned = new();

    private string Pragmas =>
        $"PRAGMA mmap_size={options.Value.MmapSizeBytes}; PRAGMA synchronous={options.Value.Synchronous.ToString().ToUpperInvariant()};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsTuned(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsTuned(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    private bool IsTuned(DbConnection connection) => connection is SqliteConnection { Handle: { } handle } && _tuned.TryGetValue(handle, out _);

    private void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _tuned.AddOrUpdate(handle, Tuned);
        }
    }
}
