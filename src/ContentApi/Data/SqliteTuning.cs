using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ContentApi.Data;

public sealed class SqliteOptions
{
    /// <summary>
    /// How much of the database file SQLite reads through memory-mapped I/O instead of read calls.
    /// Large article rows span several pages, so filtered lists that check many rows spend most of
    /// their time copying pages without it. 0 turns it off.
    /// </summary>
    public long MmapSizeBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}

/// <summary>Sets SQLite's per-connection settings each time EF Core opens a connection.</summary>
internal sealed class SqliteTuning(IOptions<SqliteOptions> options) : DbConnectionInterceptor
{
    // WAL with synchronous=NORMAL is durable against a crash of the service; only a power loss can
    // take back the last commits, and never corrupts the file.
    private string Pragmas => $"PRAGMA mmap_size={options.Value.MmapSizeBytes}; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
