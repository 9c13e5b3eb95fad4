using System.Text.Json.Serialization;

namespace ContentApi.Persistence;

/// <summary>
/// One version of an article as its editors left it: written by every create, update, revision restore
/// and import that changes something an editor controls or carries a correction. Numbered 1, 2, 3... per
/// article; the snapshot is the article request that would write it again (see ArticleRevisions).
/// </summary>
public sealed class ArticleRevision
{
    public int Id { get; set; }
    public int ArticleId { get; set; }

    /// <summary>Set instead of ArticleId while the article is new, so the save fills the id in.</summary>
    [JsonIgnore]
    public Article? Article { get; set; }

    public int Number { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The API key that wrote it, and its name at the time; null for the command line and sample content.</summary>
    public int? AuthorKeyId { get; set; }

    public string? AuthorName { get; set; }

    /// <summary>The names of the request fields that differ from the previous revision (none for the first).</summary>
    public List<string> ChangedFields { get; set; } = [];

    /// <summary>The public correction note the write carried, if any: the article's corrections are these.</summary>
    public string? Correction { get; set; }

    /// <summary>The ArticleRequest (JSON, without a correction) that recreates this version.</summary>
    public string Snapshot { get; set; } = "";
}
