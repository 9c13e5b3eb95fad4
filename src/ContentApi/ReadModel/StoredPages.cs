namespace ContentApi.ReadModel;

/// <summary>The stored part of an article's page: its head and tail, which rendering, and the facts rendered with them.</summary>
public sealed record StoredPage(int Revision, byte[] Head, byte[] Tail, string Facts);

/// <summary>
/// Reads the stored part of article pages by id, straight from the database without EF (one indexed lookup per page):
/// the hot path of GET /v1/articles/{id}. One implementation per database (Persistence/Sqlite, Persistence/Postgres).
/// </summary>
public interface IStoredPages
{
    ValueTask<StoredPage?> ReadAsync(int id, CancellationToken ct);

    /// <summary>The stored pages of these articles (those that exist), by id.</summary>
    Task<Dictionary<int, StoredPage>> ReadAsync(IReadOnlyCollection<int> ids, CancellationToken ct);
}
