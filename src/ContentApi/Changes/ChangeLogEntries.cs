namespace ContentApi.Changes;

/// <summary>A change log entry before it is stored (its sequence and time are the database's and the write's).</summary>
public sealed record NewChange(
    ChangedResource Resource, int ResourceId, string Slug, ChangeKind Kind, ArticleReach Before, ArticleReach After, int Version, string Keys)
{
    /// <summary>An article's change.</summary>
    public static NewChange Article(int id, string slug, ChangeKind kind, ArticleReach before, ArticleReach after, int version, IEnumerable<string> keys) =>
        new(ChangedResource.Article, id, slug, kind, before, after, version, string.Join(' ', keys.Order(StringComparer.Ordinal)));
}
