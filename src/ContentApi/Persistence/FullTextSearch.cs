namespace ContentApi.Persistence;

/// <summary>An article a search matches, with its rank: lower is better (bm25 on SQLite, minus ts_rank on PostgreSQL).</summary>
public readonly record struct SearchHit(int ArticleId, double Rank);

/// <summary>
/// The full-text index's reads (the hits of a search, their snippets), straight from the database through connections of
/// their own, without EF: one implementation per database (Sqlite/, Postgres/). Every call has a time budget (see
/// Search:Timeout; Timeout.InfiniteTimeSpan for none); past it the database stops and the call throws what
/// <see cref="IsOverBudget"/> recognises. The search
/// expression is what ArticleSearchIndex.ToMatchExpression makes of what a reader typed.
/// </summary>
public interface IFullTextSearch
{
    /// <summary>Every article matching the expression, with its rank.</summary>
    Task<List<SearchHit>> RankedAsync(string match, TimeSpan budget, CancellationToken ct);

    /// <summary>Every article matching the expression, unranked (cheaper: ranks read every hit's index entry).</summary>
    Task<List<int>> MatchingAsync(string match, TimeSpan budget, CancellationToken ct);

    /// <summary>
    /// The passage of each of these articles that best matches, with matches between the characters \u0001 and \u0002
    /// (ArticleSearchIndex.Highlighted makes them &lt;mark&gt; in escaped text).
    /// </summary>
    Task<Dictionary<int, string>> SnippetsAsync(string match, IReadOnlyCollection<int> ids, TimeSpan budget, CancellationToken ct);

    /// <summary>Whether the database refused the expression as it stands.</summary>
    bool IsSyntaxError(Exception e);

    /// <summary>Whether a call was stopped because it outlasted its budget.</summary>
    bool IsOverBudget(Exception e);
}
