namespace ContentApi.Persistence;

/// <summary>
/// An article's representations as rendered by its last write (see ReadModel.ArticleDocument), one row per article,
/// written in the same transaction as the article. Reads load the facts and teaser into memory at start-up and when a
/// change is followed, and read the head and tail by id for an article's page.
/// </summary>
public sealed class ArticleDocumentRow
{
    public int ArticleId { get; set; }

    /// <summary>Goes up by one each time the article is rendered again.</summary>
    public int Revision { get; set; }

    /// <summary>Which version of the renderer wrote it: start-up renders again the rows an older one wrote.</summary>
    public int RendererVersion { get; set; }

    /// <summary>The facts the read model keeps (ArticleFacts as JSON).</summary>
    public string Facts { get; set; } = "";

    /// <summary>The list item (ArticleListItem's base fields) as UTF-8 JSON.</summary>
    public byte[] Teaser { get; set; } = [];

    /// <summary>The article's JSON up to and including its syndication, with the comma after it.</summary>
    public byte[] Head { get; set; } = [];

    /// <summary>The article's JSON from its entity mentions to the closing brace.</summary>
    public byte[] Tail { get; set; } = [];
}

/// <summary>
/// An article whose full-text index row is to be written again: renaming a byline, tag or entity that many articles
/// show queues them here in the rename's transaction, and the search indexer reindexes them in batches (see
/// ContentWriter.ReindexQueuedAsync), so the rename commits at once whatever the number of articles.
/// </summary>
public sealed class SearchReindex
{
    public int ArticleId { get; set; }
}
