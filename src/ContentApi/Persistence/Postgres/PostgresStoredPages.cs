using NpgsqlTypes;

namespace ContentApi.Persistence.Postgres;

/// <summary>Article pages from PostgreSQL: one lookup by primary key, through the read data source's automatically prepared statements.</summary>
public sealed class PostgresStoredPages(PostgresReadConnections connections) : IStoredPages
{
    private const string Columns = "\"Revision\", \"Head\", \"Tail\", \"Facts\"";

    public async ValueTask<StoredPage?> ReadAsync(int id, CancellationToken ct)
    {
        await using var command = connections.Source.CreateCommand($"SELECT {Columns} FROM \"ArticleDocuments\" WHERE \"ArticleId\" = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<int> { TypedValue = id });
        await using var rows = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
        return await rows.ReadAsync(ct) ? Page(rows) : null;
    }

    public async Task<Dictionary<int, StoredPage>> ReadAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var pages = new Dictionary<int, StoredPage>(ids.Count);
        if (ids.Count == 0)
        {
            return pages;
        }

        await using var command = connections.Source.CreateCommand($"SELECT {Columns}, \"ArticleId\" FROM \"ArticleDocuments\" WHERE \"ArticleId\" = ANY($1)");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<int[]> { TypedValue = [.. ids], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        await using var rows = await command.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            pages[rows.GetInt32(4)] = Page(rows);
        }

        return pages;
    }

    private static StoredPage Page(Npgsql.NpgsqlDataReader row) =>
        new(row.GetInt32(0), row.GetFieldValue<byte[]>(1), row.GetFieldValue<byte[]>(2), row.GetString(3));
}
