using System.Buffers;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.ReadModel;

namespace ContentApi.Articles;

/// <summary>
/// An article's page (GET /v1/articles/{id}): its stored head and tail, read by id, around the bylines, tags, entities
/// and visible pinned articles the read model holds (see <see cref="ArticleJson.Page"/>).
/// </summary>
public static class ArticlePages
{
    /// <summary>How editors, who see every article, see a page.</summary>
    public static readonly ArticleVisibility EditorView = ArticleVisibility.For(ArticleReach.Editors, DateTime.MaxValue);

    /// <summary>
    /// The page as the caller sees it, with its answer's sources noted; null when the article is gone meanwhile. With
    /// <paramref name="related"/>, the page embeds its Related Articles box, computed from the same version of the model,
    /// and the answer names what the box shows and what may enter it, as GET /related does.
    /// </summary>
    public static async Task<JsonAnswer<ArticleResponse>?> ReadAsync(
        int id, ArticleVisibility visibility, HttpContext http, ContentReadModel model, IStoredPages pages, CancellationToken ct,
        Action<IBufferWriter<byte>, ArticleFacts, ContentReadModel.View, ISet<string>>? related = null)
    {
        if (await pages.ReadAsync(id, ct) is not { } stored)
        {
            return null;
        }

        var sources = http.AnswerSources();
        var output = new PooledBuffer(stored.Head.Length + stored.Tail.Length + 4096);
        sources.LastModified = model.Read(view =>
        {
            sources.ValidUntil = view.NextReachChange;
            var facts = FactsOf(stored, id, view);
            return ArticleJson.Page(output, stored, facts, view, visibility, sources.Keys,
                related is null ? null : box => related(box, facts, view, sources.Keys));
        });
        return new JsonAnswer<ArticleResponse>(output);
    }

    /// <summary>
    /// The pages of these articles the caller may see, in the order given, as JSON (sync pages and webhook payloads carry
    /// whole articles). Notes the surrogate keys of what they show.
    /// </summary>
    public static async Task<List<(int Id, byte[] Json)>> ReadManyAsync(
        IReadOnlyList<int> ids, ArticleVisibility visibility, ContentReadModel model, IStoredPages pages, ISet<string> keys, CancellationToken ct)
    {
        var visible = visibility.ForFacts();
        var shown = model.Read(view => ids.Where(id => view.Find(id) is { } facts && visible(facts)).ToList());
        var stored = await pages.ReadAsync(shown, ct);
        return model.Read(view => shown.Where(stored.ContainsKey).Select(id => (id, Page(stored[id], FactsOf(stored[id], id, view), view, visibility, keys))).ToList());
    }

    /// <summary>The entity tag of the page as editors see it now (for If-Match); null when the article is gone.</summary>
    public static async Task<string?> EditorTagAsync(int id, ContentReadModel model, IStoredPages pages, CancellationToken ct) =>
        await pages.ReadAsync(id, ct) is { } stored
            ? ETags.For(model.Read(view => Page(stored, FactsOf(stored, id, view), view, EditorView, new HashSet<string>())))
            : null;

    /// <summary>The page of a document just written, as editors see it (the read model has applied the write).</summary>
    public static ArticleResponse AsEditorSees(ArticleDocument document, ContentReadModel model, ArticleJson json)
    {
        var stored = new StoredPage(document.Revision, document.Head, document.Tail, "");
        var bytes = model.Read(view => Page(stored, document.Facts, view, EditorView, new HashSet<string>()));
        return JsonSerializer.Deserialize<ArticleResponse>(bytes, json.Options)!;
    }

    /// <summary>A page as an array of its own (off the hot path: writes, sync, webhooks).</summary>
    private static byte[] Page(StoredPage stored, ArticleFacts facts, ContentReadModel.View view, ArticleVisibility visibility, ISet<string> keys)
    {
        using var output = new PooledBuffer(stored.Head.Length + stored.Tail.Length + 4096);
        ArticleJson.Page(output, stored, facts, view, visibility, keys);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The facts the stored page was rendered with: the model's when it holds that rendering, else (a write committed and
    /// not yet applied, here or on another instance) those stored with it, so links and text always match.
    /// </summary>
    private static ArticleFacts FactsOf(StoredPage stored, int id, ContentReadModel.View view) =>
        view.RevisionOf(id) == stored.Revision && view.Find(id) is { } facts
            ? facts
            : JsonSerializer.Deserialize<ArticleFacts>(stored.Facts, ArticleDocuments.FactsJson)!;
}
