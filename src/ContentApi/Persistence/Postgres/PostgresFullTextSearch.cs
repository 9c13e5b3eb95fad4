using System.Globalization;
using ContentApi.Articles;
using Npgsql;
using NpgsqlTypes;

namespace ContentApi.Persistence.Postgres;

/// <summary>
/// Search on PostgreSQL's ArticleSearch table (a tsvector per article under the contentapi configuration: simple and
/// unaccent, weights A headline, B standfirst, C names, D body), ranked by ts_rank with weights 1.0, 0.4, 0.3 and 0.1;
/// snippets from ts_headline. A budget is the connection's statement_timeout for the call (none for Timeout.InfiniteTimeSpan).
/// </summary>
public sealed class PostgresFullTextSearch(PostgresReadConnections connections) : IFullTextSearch
{
    /// <summary>PostgreSQL's weights, in its order D (body), C (names), B (standfirst), A (headline).</summary>
    private static readonly float[] TsRankWeights = [0.1f, 0.3f, 0.4f, 1.0f];

    public Task<List<SearchHit>> RankedAsync(string match, TimeSpan budget, CancellationToken ct) => ReadAsync("""
        SELECT "ArticleId", (-ts_rank($2, "Document", q, 1))::float8 FROM "ArticleSearch", to_tsquery('contentapi', $1) q WHERE "Document" @@ q
        """, [Text(ArticleSearchIndex.ToTsQuery(match)), new NpgsqlParameter<float[]> { TypedValue = TsRankWeights }], budget,
        row => new SearchHit(row.GetInt32(0), row.GetDouble(1)), ct);

    public Task<List<int>> MatchingAsync(string match, TimeSpan budget, CancellationToken ct) => ReadAsync("""
        SELECT "ArticleId" FROM "ArticleSearch" WHERE "Document" @@ to_tsquery('contentapi', $1)
        """, [Text(ArticleSearchIndex.ToTsQuery(match))], budget, row => row.GetInt32(0), ct);

    public async Task<Dictionary<int, string>> SnippetsAsync(string match, IReadOnlyCollection<int> ids, TimeSpan budget, CancellationToken ct) =>
        ids.Count == 0 ? [] : (await ReadAsync("""
            SELECT a."Id", ts_headline('contentapi',
                concat_ws(' ', a."Headline", a."Standfirst", (SELECT b."Text" FROM "ArticleBodies" b WHERE b."ArticleId" = a."Id")), q,
                'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', MinWords=8, MaxWords=16, ShortWord=0, MaxFragments=1')
            FROM "Articles" a, to_tsquery('contentapi', $1) q WHERE a."Id" = ANY($2)
            """, [Text(ArticleSearchIndex.ToTsQuery(match)), new NpgsqlParameter<int[]> { TypedValue = [.. ids], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer }],
            budget, row => (Id: row.GetInt32(0), Snippet: row.GetString(1)), ct)).ToDictionary(r => r.Id, r => r.Snippet);

    public bool IsSyntaxError(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.SyntaxError } postgres && postgres.MessageText.Contains("tsquery", StringComparison.OrdinalIgnoreCase);

    public bool IsOverBudget(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled };

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    /// <summary>Runs one query under statement_timeout, set for the call on the connection and reset before it goes back to the pool (unless broken).</summary>
    private async Task<List<T>> ReadAsync<T>(string sql, NpgsqlParameter[] parameters, TimeSpan budget, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var connection = await connections.Source.OpenConnectionAsync(ct);
        var limited = budget != Timeout.InfiniteTimeSpan;
        if (limited)
        {
            await using var limit = new NpgsqlCommand("SELECT set_config('statement_timeout', $1, false)", connection);
            limit.Parameters.Add(Text(Math.Max(1, (long)budget.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
            await limit.ExecuteNonQueryAsync(ct);
        }

        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters);
            await using var rows = await command.ExecuteReaderAsync(ct);
            var results = new List<T>();
            while (await rows.ReadAsync(ct))
            {
                results.Add(read(rows));
            }

            return results;
        }
        finally
        {
            // A query cancelled by the caller (a client that went away) can leave the connection broken; the pool then
            // drops it, and resetting it would only throw over the first exception.
            if (limited && connection.State == System.Data.ConnectionState.Open)
            {
                await using var reset = new NpgsqlCommand("RESET statement_timeout", connection);
                await reset.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }
}
