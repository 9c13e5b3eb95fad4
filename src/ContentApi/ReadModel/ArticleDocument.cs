using ContentApi.Related;

namespace ContentApi.ReadModel;

/// <summary>
/// An article's representations as rendered at write time, stored in its ArticleDocuments row. Facts and the teaser are
/// held in memory by the read model; the head and tail (most of the bytes: the body in three forms) stay in the
/// database and are read by id. GET /v1/articles/{id} is the head, then the bylines, tags, entities and pinned
/// articles spliced in from memory, then the tail: byte for byte what serializing the whole ArticleResponse gives.
/// </summary>
/// <param name="Revision">Goes up each time the document is rendered: which rendering a read got.</param>
/// <param name="Head">The response's JSON from its opening brace through "syndication":{...}, with its trailing comma.</param>
/// <param name="Tail">From "entityMentions" through the closing brace.</param>
public sealed record ArticleDocument(ArticleFacts Facts, Teaser Teaser, byte[] Head, byte[] Tail, int Revision);

/// <summary>What changed in one committed write, as the read model applies it.</summary>
public sealed class ContentChanges
{
    /// <summary>Articles written, with the facts and teaser of their new documents; null for a deleted article.</summary>
    public Dictionary<int, ArticleDocumentFacts?> Articles { get; } = [];

    /// <summary>Articles whose reach alone changed (the clock): their new reach and next change.</summary>
    public Dictionary<int, (ArticleReach Reach, DateTime? ChangesAt)> Reach { get; } = [];

    /// <summary>The former slugs of written articles, as they are now (an article not here kept its own).</summary>
    public Dictionary<int, string[]> FormerSlugs { get; } = [];

    /// <summary>Bylines, tags and entities written, with their new fragments; null for a deleted one.</summary>
    public Dictionary<(FeatureKind Kind, int Id), ReferenceFragment?> References { get; } = [];

    /// <summary>The surrogate keys of what changed (see <see cref="SurrogateKeys"/>), as the change log has them.</summary>
    public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Articles.Count + Reach.Count + References.Count + FormerSlugs.Count == 0;
}

/// <summary>
/// Renders what the read model serves: an article's document and a byline's, tag's or entity's fragment, from the rows
/// as saved. Implemented by the Articles feature, which owns the response contracts.
/// </summary>
public interface IRepresentationRenderer
{
    /// <param name="corrections">The article's public corrections, oldest first (they live in its revisions).</param>
    ArticleDocument Render(Article article, IReadOnlyList<ArticleRevision> corrections, int revision);

    ReferenceFragment Render(Tag tag);

    ReferenceFragment Render(Byline byline);

    ReferenceFragment Render(NamedEntity entity);
}
