using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ContentApi.Articles;

/// <summary>
/// The full-text index of articles (table ArticleSearch): headline, standfirst, body text and the names of the
/// article's tags, bylines and entities, with diacritics removed and no stemming. On SQLite it is an FTS5 table
/// (the Search migration) ranked by bm25; on PostgreSQL a tsvector per article with a GIN index (the Postgres
/// Initial migration) ranked by ts_rank. Both weigh headline 10, standfirst 4, names 3, body 1. Rows are
/// rewritten by the same transaction that changes the article.
/// </summary>
public static partial class ArticleSearchIndex
{
    /// <summary>PostgreSQL's weights, in its order D (body), C (names), B (standfirst), A (headline).</summary>
    private static readonly float[] TsRankWeights = [0.1f, 0.3f, 0.4f, 1.0f];

    /// <summary>
    /// The articles matching a search expression (see ToMatchExpression), with their rank: lower is better (bm25 on
    /// SQLite, minus ts_rank on PostgreSQL).
    /// </summary>
    public static IQueryable<SearchHit> Hits(ContentDb db, string match) => db.IsPostgres()
        ? db.Database.SqlQuery<SearchHit>($"""
            SELECT "ArticleId", (-ts_rank({TsRankWeights}, "Document", to_tsquery('contentapi', {ToTsQuery(match)}), 1))::float8 AS "Rank"
            FROM "ArticleSearch" WHERE "Document" @@ to_tsquery('contentapi', {ToTsQuery(match)})
            """)
        : db.Database.SqlQuery<SearchHit>($"""
            SELECT rowid AS ArticleId, bm25(ArticleSearch, 10.0, 4.0, 1.0, 3.0) AS Rank FROM ArticleSearch WHERE ArticleSearch MATCH {match}
            """);

    public static Task<List<SearchHit>> HitsAsync(ContentDb db, string match, CancellationToken ct) => Hits(db, match).ToListAsync(ct);

    /// <summary>The ids of every article matching a search expression, unranked.</summary>
    public static Task<List<int>> MatchingIdsAsync(ContentDb db, string match, CancellationToken ct) => (db.IsPostgres()
        ? db.Database.SqlQuery<int>($"""
            SELECT "ArticleId" AS "Value" FROM "ArticleSearch" WHERE "Document" @@ to_tsquery('contentapi', {ToTsQuery(match)})
            """)
        : db.Database.SqlQuery<int>($"""
            SELECT rowid AS Value FROM ArticleSearch WHERE ArticleSearch MATCH {match}
            """)).ToListAsync(ct);

    /// <summary>
    /// The passage of each article that best matches, as HTML: the text escaped, with &lt;mark&gt; around matched words, the
    /// only markup. The databases mark matches with two control characters, which escaping leaves alone, so text that
    /// looks like a tag (a code span in a body) stays text.
    /// </summary>
    public static async Task<Dictionary<int, string>> SnippetsAsync(ContentDb db, string match, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var rows = db.IsPostgres()
            ? await db.Database.SqlQuery<SearchSnippet>($"""
                SELECT a."Id" AS "ArticleId", ts_headline('contentapi',
                    concat_ws(' ', a."Headline", a."Standfirst", (SELECT b."Text" FROM "ArticleBodies" b WHERE b."ArticleId" = a."Id")), q,
                    {$"StartSel={MarkStart}, StopSel={MarkEnd}, MinWords=8, MaxWords=16, ShortWord=0, MaxFragments=1"}) AS "Snippet"
                FROM "Articles" a, to_tsquery('contentapi', {ToTsQuery(match)}) q WHERE a."Id" = ANY({ids.ToArray()})
                """).ToListAsync(ct)
            : await db.Database.SqlQuery<SearchSnippet>($"""
                SELECT rowid AS ArticleId, snippet(ArticleSearch, -1, {MarkStart.ToString()}, {MarkEnd.ToString()}, '…', 16) AS Snippet
                FROM ArticleSearch WHERE ArticleSearch MATCH {match} AND rowid IN (SELECT value FROM json_each({JsonSerializer.Serialize(ids)}))
                """).ToListAsync(ct);
        return rows.ToDictionary(r => r.ArticleId, r => Highlighted(r.Snippet));
    }

    /// <summary>Where the databases' snippets start and end a match, before <see cref="Highlighted"/> makes them &lt;mark&gt;.</summary>
    private const char MarkStart = '\u0001', MarkEnd = '\u0002';

    /// <summary>
    /// A snippet as HTML: every character of the text escaped (&amp;, &lt;, &gt;, quotes), matches in &lt;mark&gt;. A marker
    /// the text itself held, or one out of turn, is dropped, so the marks always pair up.
    /// </summary>
    internal static string Highlighted(string snippet)
    {
        var html = new StringBuilder(snippet.Length + 32);
        var open = false;
        foreach (var c in snippet)
        {
            switch (c)
            {
                case MarkStart when !open:
                    html.Append("<mark>");
                    open = true;
                    break;
                case MarkEnd when open:
                    html.Append("</mark>");
                    open = false;
                    break;
                case MarkStart or MarkEnd:
                    break;
                default:
                    html.AppendEscaped(c);
                    break;
            }
        }

        return open ? html.Append("</mark>").ToString() : html.ToString();
    }

    /// <summary>Rewrites the index rows of these articles from the database.</summary>
    public static async Task ReindexAsync(ContentDb db, IReadOnlyCollection<int> articleIds, CancellationToken ct)
    {
        foreach (var chunk in articleIds.Chunk(500))
        {
            if (db.IsPostgres())
            {
                // An upsert, not a delete and an insert: two transactions indexing one article must not both insert it.
                // A deleted article's row goes with it (ON DELETE CASCADE).
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO "ArticleSearch" ("ArticleId", "Document")
                    SELECT a."Id",
                        setweight(to_tsvector('contentapi', a."Headline"), 'A') ||
                        setweight(to_tsvector('contentapi', COALESCE(a."Standfirst", '')), 'B') ||
                        setweight(to_tsvector('contentapi', concat_ws(' ',
                            (SELECT string_agg(t."Name", ' ') FROM "ArticleTags" l JOIN "Tags" t ON t."Id" = l."TagId" WHERE l."ArticleId" = a."Id"),
                            (SELECT string_agg(b."Name", ' ') FROM "ArticleBylines" l JOIN "Bylines" b ON b."Id" = l."BylineId" WHERE l."ArticleId" = a."Id"),
                            (SELECT string_agg(e."Name" || ' ' || array_to_string(e."Aliases", ' '), ' ')
                             FROM "ArticleEntities" l JOIN "Entities" e ON e."Id" = l."EntityId" WHERE l."ArticleId" = a."Id"))), 'C') ||
                        setweight(to_tsvector('contentapi', COALESCE((SELECT b."Text" FROM "ArticleBodies" b WHERE b."ArticleId" = a."Id"), '')), 'D')
                    FROM "Articles" a WHERE a."Id" = ANY({chunk})
                    ON CONFLICT ("ArticleId") DO UPDATE SET "Document" = excluded."Document";
                    """, ct);
                continue;
            }

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

    /// <summary>
    /// Turns what a reader typed into an FTS5 query that cannot be a syntax error: each word is
    /// quoted (so AND, OR, NEAR, columns and brackets are plain words), "phrases" stay phrases, and a
    /// trailing * on a word keeps it a prefix search. A term typed twice counts once (case aside): every
    /// repetition multiplied the cost of ranking and highlighting. Returns null when nothing searchable is left.
    /// </summary>
    public static string? ToMatchExpression(string text)
    {
        var terms = Terms(text);
        return terms.Count == 0 ? null : string.Join(' ', terms.Select(t => $"\"{t.Words}\"{(t.Prefix ? "*" : "")}"));
    }

    /// <summary>The distinct terms of what a reader typed: words and phrases, each a prefix or not (see ToMatchExpression).</summary>
    public static IReadOnlyList<SearchTerm> Terms(string text)
    {
        var terms = new List<SearchTerm>();
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

        return terms;
    }

    /// <summary>
    /// Why a search would cost more than a reader's search may (too many terms or prefixes, too short a prefix), or null.
    /// Checked before the search runs; the time budget (<see cref="SearchBudget"/>) bounds what is left.
    /// </summary>
    public static string? Refusal(string text, SearchOptions options)
    {
        var terms = Terms(text);
        if (terms.Count > options.MaxTerms)
        {
            return $"A search may have at most {options.MaxTerms} different words or \"phrases\"; this one has {terms.Count}.";
        }

        if (terms.FirstOrDefault(t => t.Prefix && t.Words.Split(' ')[^1].Length < options.MinPrefixLength) is { } shortPrefix)
        {
            return $"A prefix search needs at least {options.MinPrefixLength} letters before the *, not '{shortPrefix.Words.Split(' ')[^1]}*'.";
        }

        var prefixes = terms.Count(t => t.Prefix);
        return prefixes > options.MaxPrefixTerms
            ? $"A search may have at most {options.MaxPrefixTerms} prefixes (word*); this one has {prefixes}."
            : null;
    }

    private static void AddTerm(List<SearchTerm> terms, string raw, bool prefix)
    {
        var cleaned = new StringBuilder();
        foreach (var c in raw)
        {
            cleaned.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        var words = cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var term = new SearchTerm(string.Join(' ', words), prefix);
        if (words.Length > 0 && !terms.Any(t => t.Prefix == prefix && string.Equals(t.Words, term.Words, StringComparison.OrdinalIgnoreCase)))
        {
            terms.Add(term);
        }
    }

    /// <summary>
    /// The same expression as a PostgreSQL tsquery: "a b"* becomes ('a' &lt;-&gt; 'b':*), terms are joined by &amp;, or by |
    /// where the expression joins them with OR. Every word holds only letters and digits (see AddTerm).
    /// </summary>
    internal static string ToTsQuery(string match)
    {
        var query = new StringBuilder();
        var previousEnd = 0;
        foreach (Match term in QuotedTerm().Matches(match))
        {
            if (query.Length > 0)
            {
                query.Append(match[previousEnd..term.Index].Trim() == "OR" ? " | " : " & ");
            }

            var words = term.Groups["words"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var prefix = term.Groups["prefix"].Success ? ":*" : "";
            query.Append('(').AppendJoin(" <-> ", words.Select((w, i) => $"'{w}'{(i == words.Length - 1 ? prefix : "")}")).Append(')');
            previousEnd = term.Index + term.Length;
        }

        return query.ToString();
    }

    [GeneratedRegex("\"(?<words>[^\"]*)\"(?<prefix>\\*)?")]
    private static partial Regex QuotedTerm();

    public static bool IsSearchSyntaxError(Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: 1 } sqlite => sqlite.Message.Contains("fts5", StringComparison.OrdinalIgnoreCase),
        PostgresException { SqlState: PostgresErrorCodes.SyntaxError } postgres => postgres.MessageText.Contains("tsquery", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public sealed record SearchHit(int ArticleId, double Rank);

    public sealed record SearchSnippet(int ArticleId, string Snippet);

    /// <summary>A word or phrase of a search (its words joined by single spaces), and whether its last word is a prefix.</summary>
    public sealed record SearchTerm(string Words, bool Prefix);
}
