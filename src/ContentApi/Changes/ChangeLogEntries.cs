namespace ContentApi.Changes;

/// <summary>
/// A change log entry before it is stored (its sequence and time are the database's and the write's). SlugBefore only
/// for a change that renamed the article (see <see cref="ChangeLogEntry.SlugBefore"/>).
/// </summary>
public sealed record NewChange(
    ChangedResource Resource, int ResourceId, string Slug, ChangeKind Kind, ArticleReach Before, ArticleReach After, int Version, string Keys,
    string? SlugBefore = null)
{
    /// <summary>An article's change.</summary>
    public static NewChange Article(
        int id, string slug, ChangeKind kind, ArticleReach before, ArticleReach after, int version, IEnumerable<string> keys, string? slugBefore = null) =>
        new(ChangedResource.Article, id, slug, kind, before, after, version, string.Join(' ', keys.Order(StringComparer.Ordinal)),
            slugBefore == slug ? null : slugBefore);
}
