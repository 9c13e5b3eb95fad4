namespace ContentApi.Persistence;

/// <summary>
/// A deleted article, byline, tag or entity, kept until it is restored or purged. The live row is gone,
/// so nothing else sees it; the snapshot holds what restoring it with the same id needs.
/// </summary>
public sealed class TrashItem
{
    public int Id { get; set; }
    public TrashKind Kind { get; set; }

    /// <summary>The id it had, and gets back when restored.</summary>
    public int ResourceId { get; set; }

    public string Slug { get; set; } = "";

    /// <summary>An article's headline, or a byline's, tag's or entity's name.</summary>
    public string Name { get; set; } = "";

    public DateTime DeletedAt { get; set; }
    public int? DeletedByKeyId { get; set; }
    public string? DeletedByName { get; set; }

    /// <summary>JSON: a TrashedArticle or a TrashedReference (see Trash/TrashContracts.cs).</summary>
    public string Snapshot { get; set; } = "";
}

public enum TrashKind
{
    Article,
    Byline,
    Tag,
    Entity,
}
