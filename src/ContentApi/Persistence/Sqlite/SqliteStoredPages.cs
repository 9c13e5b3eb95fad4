using System.Collections.Concurrent;
using System.Data;
using System.Text.Json;
using ContentApi.ReadModel;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ContentApi.Persistence.Sqlite;

/// <summary>
/// Article pages from the SQLite file through connections of its own, each with its statements prepared once: a page
/// costs one lookup by primary key and no statement compiling. SQLite runs a statement on the caller's thread either
/// way, so reads are synchronous. Connections are kept for reuse, as many as were ever in use at once.
/// </summary>
public sealed class SqliteStoredPages(string connectionString, IOptions<SqliteOptions> options) : IStoredPages, IDisposable
{
    private const string Columns = "Revision, Head, Tail, Facts";
    private readonly ConcurrentBag<Reader> _idle = [];
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

    public ValueTask<StoredPage?> ReadAsync(int id, CancellationToken ct)
    {
        var reader = Rent();
        try
        {
            reader.One.Parameters[0].Value = id;
            using var rows = reader.One.ExecuteReader(CommandBehavior.SingleRow);
            return ValueTask.FromResult(rows.Read() ? Page(rows) : null);
        }
        finally
        {
            _idle.Add(reader);
        }
    }

    public Task<Dictionary<int, StoredPage>> ReadAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var pages = new Dictionary<int, StoredPage>(ids.Count);
        if (ids.Count == 0)
        {
            return Task.FromResult(pages);
        }

        var reader = Rent();
        try
        {
            reader.Many.Parameters[0].Value = JsonSerializer.Serialize(ids);
            using var rows = reader.Many.ExecuteReader();
            while (rows.Read())
            {
                pages[rows.GetInt32(4)] = Page(rows)!;
            }

            return Task.FromResult(pages);
        }
        finally
        {
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

    private static StoredPage Page(SqliteDataReader row) =>
        new(row.GetInt32(0), row.GetFieldValue<byte[]>(1), row.GetFieldValue<byte[]>(2), row.GetString(3));

    private Reader Rent() => _idle.TryTake(out var reader) ? reader : new Reader(_connectionString, options.Value.MmapSizeBytes);

    private sealed class Reader : IDisposable
    {
        public Reader(string connectionString, long mmapSize)
        {
            Connection = new SqliteConnection(connectionString);
            Connection.Open();
            using (var pragma = Connection.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA mmap_size={mmapSize};";
                pragma.ExecuteNonQuery();
            }

            One = Connection.CreateCommand();
            One.CommandText = $"SELECT {Columns} FROM ArticleDocuments WHERE ArticleId = $id";
            One.Parameters.Add("$id", SqliteType.Integer);
            One.Prepare();
            Many = Connection.CreateCommand();
            Many.CommandText = $"SELECT {Columns}, ArticleId FROM ArticleDocuments WHERE ArticleId IN (SELECT value FROM json_each($ids))";
            Many.Parameters.Add("$ids", SqliteType.Text);
            Many.Prepare();
        }

        public SqliteConnection Connection { get; }

        public SqliteCommand One { get; }

        public SqliteCommand Many { get; }

        public void Dispose()
        {
            One.Dispose();
            Many.Dispose();
            Connection.Dispose();
        }
    }
}
