using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ContentApi.Articles;

/// <summary>What a search (q on lists and feeds) may cost: anyone may search, anonymous callers included.</summary>
public sealed class SearchOptions
{
    /// <summary>Most different words and "phrases" in one search.</summary>
    public int MaxTerms { get; set; } = 10;

    /// <summary>Fewest letters before the * of a prefix: a shorter prefix matches a large part of the vocabulary.</summary>
    public int MinPrefixLength { get; set; } = 3;

    /// <summary>Most prefixes (word*) in one search: each one reads the index entries of every word it starts.</summary>
    public int MaxPrefixTerms { get; set; } = 3;

    /// <summary>How long the database may work on one search request before it is stopped with a 400.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

}

public static class SearchSetup
{
    public static IServiceCollection AddSearchLimits(this IServiceCollection services)
    {
        services.AddOptions<SearchOptions>().BindConfiguration("Search")
            .Validate(o => o.MaxTerms is >= 1 and <= 100, "Search:MaxTerms must be 1-100")
            .Validate(o => o.MinPrefixLength is >= 1 and <= 20, "Search:MinPrefixLength must be 1-20")
            .Validate(o => o.MaxPrefixTerms is >= 0 and <= 100, "Search:MaxPrefixTerms must be 0-100")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(5), "Search:Timeout must be positive and at most 5 minutes")
            .ValidateOnStart();
        return services;
    }
}

/// <summary>
/// The time budget of one search request: every query it makes on its connection, the full-text match, ranks, snippets
/// and facet counts included, is stopped once Search:Timeout has passed since it began. SQLite has no statement timeout:
/// a progress handler, called every hundred virtual-machine steps, interrupts the statement that is running (it fails
/// with SQLITE_INTERRUPT); PostgreSQL's statement_timeout is set on the connection for the request and reset after.
/// </summary>
internal sealed class SearchBudget : IAsyncDisposable
{
    /// <summary>Virtual-machine steps between two looks at the clock.</summary>
    private const int Steps = 100;

    private const int SqliteInterrupt = 9;

    private readonly ContentDb _db;
    private readonly SqliteConnection? _sqlite;

    private SearchBudget(ContentDb db, SqliteConnection? sqlite) => (_db, _sqlite) = (db, sqlite);

    public static async Task<SearchBudget> StartAsync(ContentDb db, TimeSpan timeout, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            SQLitePCL.raw.sqlite3_progress_handler(sqlite.Handle, Steps, _ => Stopwatch.GetTimestamp() > deadline ? 1 : 0, null);
            return new SearchBudget(db, sqlite);
        }

        var milliseconds = Math.Max(1, (long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        await db.Database.ExecuteSqlAsync($"SELECT set_config('statement_timeout', {milliseconds}, false)", ct);
        return new SearchBudget(db, null);
    }

    /// <summary>Whether a query failed because the budget ran out.</summary>
    public static bool IsExceeded(Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: SqliteInterrupt } => true,
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } => true,
        { InnerException: { } inner } => IsExceeded(inner),
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        if (_sqlite is not null)
        {
            // Off before the connection goes back to the pool, where another request would inherit this deadline.
            SQLitePCL.raw.sqlite3_progress_handler(_sqlite.Handle, 0, null, null);
        }
        else
        {
            try
            {
                await _db.Database.ExecuteSqlRawAsync("RESET statement_timeout");
            }
            catch (DbException)
            {
                // A broken connection is not returned to the pool as it is; a pooled one is reset when returned.
            }
        }

        await _db.Database.CloseConnectionAsync();
    }
}
