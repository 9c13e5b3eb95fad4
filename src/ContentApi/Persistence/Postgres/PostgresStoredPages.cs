using ContentApi.ReadModel;
using Npgsql;
using NpgsqlTypes;

namespace ContentApi.Persistence.Postgres;

/// <summary>Article pages from PostgreSQL through Npgsql's own pool, with statements it prepares once per connection.</summary>
public sealed class PostgresStoredPages(string connectionString) : IStoredPages, IDisposable
{
    private const string Columns = "\"Revision\", \"Head\", \"Tail\", \"Facts\"";
    private readonly NpgsqlDataSource _source = new NpgsqlDataSourceBuilder(
        new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 8, AutoPrepareMinUsages = 2 }.ToString()).Build();

    public async ValueTask<StoredPage?> ReadAsync(int id, CancellationToken ct)
    {
        await using var command = _source.CreateCommand($"SELECT {Columns} FROM \"ArticleDocuments\" WHERE \"ArticleId\" = $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
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

        await using var command = _source.CreateCommand($"SELECT {Columns}, \"ArticleId\" FROM \"ArticleDocuments\" WHERE \"ArticleId\" = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. ids], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        await using var rows = await command.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            pages[rows.GetInt32(4)] = Page(rows);
        }

        return pages;
    }

    public void Dispose() => _source.Dispose();

    private static StoredPage Page(NpgsqlDataReader row) =>
        new(row.GetInt32(0), row.GetFieldValue<byte[]>(1), row.GetFieldValue<byte[]>(2), row.GetString(3));
}
