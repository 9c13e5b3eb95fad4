using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Articles;

/// <summary>
/// The SQLite FTS5 index of articles (table ArticleSearch, made by the Search migration): headline,
/// standfirst, body text and the names of the article's tags, bylines and entities, with
/// diacritics removed. Rows are rewritten by the same transaction that changes the article.
/// </summary>
public static class ArticleSearchIndex
{
    /// <summary>
    /// The articles matching an FTS5 expression (see ToMatchExpression), with their bm25 rank: lower is
    /// better; the columns weigh headline 10, standfirst 4, body 1, names 3.
    /// </summary>
    public static IQueryable<SearchHit> Hits(ContentDb db, string match) => db.Database.SqlQuery<SearchHit>($"""
        SELECT rowid AS ArticleId, bm25(ArticleSearch, 10.0, 4.0, 1.0, 3.0) AS Rank FROM ArticleSearch WHERE ArticleSearch MATCH {match}
        """);

    /// <summary>The ids of every article matching an FTS5 expression, unranked.</summary>
    public static Task<List<int>> MatchingIdsAsync(ContentDb db, string match, CancellationToken ct) => db.Database.SqlQuery<int>($"""
        SELECT rowid AS Value FROM ArticleSearch WHERE ArticleSearch MATCH {match}
        """).ToListAsync(ct);

    /// <summary>The passage of each article that best matches, with &lt;mark&gt; around matched words.</summary>
    public static async Task<Dictionary<int, string>> SnippetsAsync(ContentDb db, string match, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var idList = JsonSerializer.Serialize(ids);
        var rows = await db.Database.SqlQuery<SearchSnippet>($"""
            SELECT rowid AS ArticleId, snippet(ArticleSearch, -1, '<mark>', '</mark>', '…', 16) AS Snippet
            FROM ArticleSearch WHERE ArticleSearch MATCH {match} AND rowid IN (SELECT value FROM json_each({idList}))
            """).ToListAsync(ct);
        return rows.ToDictionary(r => r.ArticleId, r => r.Snippet);
    }

    /// <summary>Rewrites the index rows of these articles from the database.</summary>
    public static async Task ReindexAsync(ContentDb db, IReadOnlyCollection<int> articleIds, CancellationToken ct)
    {
        foreach (var chunk in articleIds.Chunk(500))
        {
            var ids = JsonSerializer.Serialize(chunk);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                DELETE FROM ArticleSearch WHERE rowid IN (SELECT value FROM json_each({ids}));
                """, ct);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO ArticleSearch (rowid, Headline, Standfirst, Body, Names)
                SELECT a.Id, a.Headline, COALESCE(a.Standfirst, ''), (SELECT b.Text FROM ArticleBodies b WHERE b.ArticleId = a.Id),
                    COALESCE((SELECT group_concat(t.Name, ' ') FROM ArticleTags l JOIN Tags t ON t.Id = l.TagId WHERE l.ArticleId = a.Id), '') || ' ' ||
                    COALESCE((SELECT group_concat(b.Name, ' ') FROM ArticleBylines l JOIN Bylines b ON b.Id = l.BylineId WHERE l.ArticleId = a.Id), '') || ' ' ||
                    COALESCE((SELECT group_concat(e.Name || ' ' || replace(replace(replace(e.Aliases, '[', ''), ']', ''), '"', ''), ' ')
                              FROM ArticleEntities l JOIN Entities e ON e.Id = l.EntityId WHERE l.ArticleId = a.Id), '')
                FROM Articles a WHERE a.Id IN (SELECT value FROM json_each({ids}));
                """, ct);
        }
    }

    /// <summary>Saves the tracked changes and the affected articles' index rows in one transaction.</summary>
    /// <param name="affectedArticles">Read after saving, so new articles have their ids.</param>
    public static async Task SaveWithIndexAsync(
        this ContentDb db, Func<CancellationToken, Task<List<int>>> affectedArticles, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await ReindexAsync(db, await affectedArticles(ct), ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Turns what a reader typed into an FTS5 query that cannot be a syntax error: each word is
    /// quoted (so AND, OR, NEAR, columns and brackets are plain words), "phrases" stay phrases, and a
    /// trailing * on a word keeps it a prefix search. Returns null when nothing searchable is left.
    /// </summary>
    public static string? ToMatchExpression(string text)
    {
        var terms = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            if (text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                end = end < 0 ? text.Length : end;
                AddTerm(terms, text[(i + 1)..end], prefix: false);
                i = end + 1;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
            {
                i++;
            }

            var word = text[start..i];
            AddTerm(terms, word.TrimEnd('*'), prefix: word.EndsWith('*'));
        }

        return terms.Count == 0 ? null : string.Join(' ', terms);
    }

    private static void AddTerm(List<string> terms, string raw, bool prefix)
    {
        var cleaned = new StringBuilder();
        foreach (var c in raw)
        {
            cleaned.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        var words = cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 0)
        {
            terms.Add($"\"{string.Join(' ', words)}\"{(prefix ? "*" : "")}");
        }
    }

    public static bool IsSearchSyntaxError(Exception e) =>
        e is SqliteException { SqliteErrorCode: 1 } sqlite && sqlite.Message.Contains("fts5", StringComparison.OrdinalIgnoreCase);

    public sealed record SearchHit(int ArticleId, double Rank);

    public sealed record SearchSnippet(int ArticleId, string Snippet);
}
