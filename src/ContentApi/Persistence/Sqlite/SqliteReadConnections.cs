using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ContentApi.Persistence.Sqlite;

/// <summary>
/// Connections to the SQLite file for the hot read paths (stored pages, full-text search), each with its statements
/// prepared once, kept for reuse: as many as were ever in use at once. Memory-mapped I/O is off on them: pages read go to
/// SQLite's cache and the operating system's, not into the service's resident memory.
/// </summary>
public sealed class SqliteReadConnections(string connectionString) : IDisposable
{
    private readonly ConcurrentBag<Reader> _idle = [];
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

    /// <summary>
    /// Runs <paramref name="read"/> with a connection of the pool, stopped once <paramref name="budget"/> has passed (when
    /// given and not <see cref="Timeout.InfiniteTimeSpan"/>).
    /// </summary>
    public T Use<T>(Func<Reader, T> read, TimeSpan? budget = null)
    {
        var reader = _idle.TryTake(out var idle) ? idle : new Reader(_connectionString);
        var limited = budget is { } given && given != Timeout.InfiniteTimeSpan;
        try
        {
            if (limited && budget is { } limit)
            {
                var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
                // Every hundred virtual-machine steps: past the deadline, the running statement stops with SQLITE_INTERRUPT.
                SQLitePCL.raw.sqlite3_progress_handler(reader.Connection.Handle, 100, _ => Stopwatch.GetTimestamp() > deadline ? 1 : 0, null);
            }

            return read(reader);
        }
        finally
        {
            if (limited)
            {
                SQLitePCL.raw.sqlite3_progress_handler(reader.Connection.Handle, 0, null, null);
            }

            _idle.Add(reader);
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    /// <summary>A connection and its prepared statements, by their SQL.</summary>
    public sealed class Reader : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);

        public Reader(string connectionString)
        {
            Connection = new SqliteConnection(connectionString);
            Connection.Open();
            using var pragma = Connection.CreateCommand();
            pragma.CommandText = "PRAGMA mmap_size=0;";
            pragma.ExecuteNonQuery();
        }

        public SqliteConnection Connection { get; }

        /// <summary>The statement for this SQL, prepared on first use, with its parameters named (all text unless set otherwise).</summary>
        public SqliteCommand Statement(string sql, params (string Name, SqliteType Type)[] parameters)
        {
            if (!_statements.TryGetValue(sql, out var command))
            {
                command = Connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, type) in parameters)
                {
                    command.Parameters.Add(name, type);
                }

                command.Prepare();
                _statements[sql] = command;
            }

            return command;
        }

        public void Dispose()
        {
            foreach (var command in _statements.Values)
            {
                command.Dispose();
            }

            Connection.Dispose();
        }
    }
}
