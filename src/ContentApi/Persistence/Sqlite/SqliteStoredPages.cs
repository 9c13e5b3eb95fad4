using System.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ContentApi.Persistence.Sqlite;

/// <summary>Article pages from the SQLite file: one lookup by primary key, through a prepared statement of the read pool.</summary>
public sealed class SqliteStoredPages(SqliteReadConnections connections) : IStoredPages
{
    private const string Columns = "Revision, Head, Tail, Facts";
    private const string One = $"SELECT {Columns} FROM ArticleDocuments WHERE ArticleId = $id";
    private const string Many = $"SELECT {Columns}, ArticleId FROM ArticleDocuments WHERE ArticleId IN (SELECT value FROM json_each($ids))";

    // SQLite runs a statement on the caller's thread either way: these reads are synchronous.
    public ValueTask<StoredPage?> ReadAsync(int id, CancellationToken ct) => ValueTask.FromResult(connections.Use(reader =>
    {
        var statement = reader.Statement(One, ("$id", SqliteType.Integer));
        statement.Parameters[0].Value = id;
        using var rows = statement.ExecuteReader(CommandBehavior.SingleRow);
        return rows.Read() ? Page(rows) : null;
    }));

    public Task<Dictionary<int, StoredPage>> ReadAsync(IReadOnlyCollection<int> ids, CancellationToken ct) => Task.FromResult(ids.Count == 0 ? [] : connections.Use(reader =>
    {
        var statement = reader.Statement(Many, ("$ids", SqliteType.Text));
        statement.Parameters[0].Value = JsonSerializer.Serialize(ids);
        using var rows = statement.ExecuteReader();
        var pages = new Dictionary<int, StoredPage>(ids.Count);
        while (rows.Read())
        {
            pages[rows.GetInt32(4)] = Page(rows)!;
        }

        return pages;
    }));

    private static StoredPage Page(SqliteDataReader row) =>
        new(row.GetInt32(0), row.GetFieldValue<byte[]>(1), row.GetFieldValue<byte[]>(2), row.GetString(3));
}
