using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ContentApi.Persistence.Sqlite;

/// <summary>
/// Search on SQLite's FTS5 table ArticleSearch (headline, standfirst, body and names), ranked by bm25 with weights 10, 4,
/// 1 and 3, through prepared statements of the read pool; a budget interrupts a statement that runs past it.
/// </summary>
public sealed class SqliteFullTextSearch(SqliteReadConnections connections) : IFullTextSearch
{
    private const int Interrupted = 9;
    private const string Ranked = "SELECT rowid, bm25(ArticleSearch, 10.0, 4.0, 1.0, 3.0) FROM ArticleSearch WHERE ArticleSearch MATCH $match";
    private const string Matching = "SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH $match";
    private const string Snippets = """
        SELECT rowid, snippet(ArticleSearch, -1, char(1), char(2), '…', 16) FROM ArticleSearch
        WHERE ArticleSearch MATCH $match AND rowid IN (SELECT value FROM json_each($ids))
        """;

    public Task<List<SearchHit>> RankedAsync(string match, TimeSpan budget, CancellationToken ct) => Task.FromResult(connections.Use(reader =>
    {
        var statement = reader.Statement(Ranked, ("$match", SqliteType.Text));
        statement.Parameters[0].Value = match;
        using var rows = statement.ExecuteReader();
        var hits = new List<SearchHit>();
        while (rows.Read())
        {
            hits.Add(new SearchHit(rows.GetInt32(0), rows.GetDouble(1)));
        }

        return hits;
    }, budget));

    public Task<List<int>> MatchingAsync(string match, TimeSpan budget, CancellationToken ct) => Task.FromResult(connections.Use(reader =>
    {
        var statement = reader.Statement(Matching, ("$match", SqliteType.Text));
        statement.Parameters[0].Value = match;
        using var rows = statement.ExecuteReader();
        var ids = new List<int>();
        while (rows.Read())
        {
            ids.Add(rows.GetInt32(0));
        }

        return ids;
    }, budget));

    public Task<Dictionary<int, string>> SnippetsAsync(string match, IReadOnlyCollection<int> ids, TimeSpan budget, CancellationToken ct) =>
        Task.FromResult(ids.Count == 0 ? [] : connections.Use(reader =>
        {
            var statement = reader.Statement(Snippets, ("$match", SqliteType.Text), ("$ids", SqliteType.Text));
            statement.Parameters[0].Value = match;
            statement.Parameters[1].Value = JsonSerializer.Serialize(ids);
            using var rows = statement.ExecuteReader();
            var snippets = new Dictionary<int, string>(ids.Count);
            while (rows.Read())
            {
                snippets[rows.GetInt32(0)] = rows.GetString(1);
            }

            return snippets;
        }, budget));

    public bool IsSyntaxError(Exception e) =>
        e is SqliteException { SqliteErrorCode: 1 } sqlite && sqlite.Message.Contains("fts5", StringComparison.OrdinalIgnoreCase);

    public bool IsOverBudget(Exception e) => e is SqliteException { SqliteErrorCode: Interrupted };
}
