using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ContentApi.Articles;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Revisions;

/// <summary>
/// Keeps an article's history. Every write goes through ArticleChanges.ApplyAsync, which ends here: the state
/// after the write becomes the next revision when it differs from the latest one or carries a correction.
/// A revision's snapshot is ArticleQueries.ToRequest of the article (everything an editor controls, with
/// publishAt as stored), so a diff compares request fields and a restore is a write of that request.
/// </summary>
public static class ArticleRevisions
{
    /// <summary>How snapshots are written and read: the API's JSON (camelCase names, enums as strings).</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>How snapshots are written: as <see cref="Json"/>, with the request's correction left out.</summary>
    private static readonly JsonSerializerOptions SnapshotJson = CreateSnapshotJson();

    /// <summary>An existing article as it was before a write.</summary>
    public sealed record Before(ArticleRequest Request, DateTime UpdatedAt);

    /// <summary>The article before a write changes it; null for a new one.</summary>
    public static Before? Capture(Article article) => article.Id == 0 ? null : new(ArticleQueries.ToRequest(article), article.UpdatedAt);

    /// <summary>
    /// Tracks the revision for a write just applied to <paramref name="article"/> (the caller saves it). An article
    /// written before revisions were kept first gets revision 1 for the state it had, so its next write has a
    /// previous version too. A write that changes nothing an editor controls and carries no correction adds none.
    /// </summary>
    public static async Task RecordAsync(
        ContentDb db, Article article, Before? before, string? correction, RevisionSource source, DateTime now, CancellationToken ct)
    {
        var latest = source.RestoredHistory is { Count: > 0 } history ? Restore(db, article, history)
            : before is null ? null
            : await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct)
              ?? Add(db, article, 1, Snapshot(before.Request), [], null, null, before.UpdatedAt);
        var snapshot = Snapshot(ArticleQueries.ToRequest(article));
        var changed = latest is null ? [] : ChangedFields(latest.Snapshot, snapshot);
        if (latest is null || changed.Count > 0 || correction is not null)
        {
            Add(db, article, (latest?.Number ?? 0) + 1, snapshot, changed, correction, source.Author, now);
        }
    }

    /// <summary>The request an article snapshot holds, as JSON (without a correction, which belongs to one write).</summary>
    public static string Snapshot(ArticleRequest request) => JsonSerializer.Serialize(request, SnapshotJson);

    public static ArticleRequest Read(string snapshot) => JsonSerializer.Deserialize<ArticleRequest>(snapshot, Json)!;

    /// <summary>Every field whose value differs between two snapshots, in request order; an absent field counts as null.</summary>
    public static List<FieldChange> Diff(string from, string to)
    {
        var (a, b) = (JsonNode.Parse(from)!.AsObject(), JsonNode.Parse(to)!.AsObject());
        return
        [
            .. b.Select(p => p.Key).Concat(a.Select(p => p.Key)).Distinct()
                .Where(field => !JsonNode.DeepEquals(a[field], b[field]))
                .Select(field => new FieldChange(field, Element(a[field]), Element(b[field]))),
        ];
    }

    /// <summary>The public corrections of these articles, oldest first.</summary>
    public static async Task<ILookup<int, ArticleCorrectionResponse>> CorrectionsAsync(ContentDb db, IReadOnlyCollection<int> articleIds, CancellationToken ct)
    {
        var rows = await db.ArticleRevisions.AsNoTracking()
            .Where(r => articleIds.Contains(r.ArticleId) && r.Correction != null)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Number)
            .Select(r => new { r.ArticleId, r.CreatedAt, r.Correction })
            .ToListAsync(ct);
        return rows.ToLookup(r => r.ArticleId, r => new ArticleCorrectionResponse(r.CreatedAt, r.Correction!));
    }

    private static List<string> ChangedFields(string from, string to) => [.. Diff(from, to).Select(c => c.Field)];

    /// <summary>Puts back the revisions an article had when it went to the trash; returns the latest.</summary>
    private static ArticleRevision Restore(ContentDb db, Article article, IReadOnlyList<ArticleRevision> history)
    {
        foreach (var revision in history)
        {
            revision.Id = 0;
            revision.Article = article;
            db.ArticleRevisions.Add(revision);
        }

        return history.MaxBy(r => r.Number)!;
    }

    private static ArticleRevision Add(
        ContentDb db, Article article, int number, string snapshot, List<string> changed, string? correction, Author? author, DateTime at)
    {
        var revision = new ArticleRevision
        {
            Article = article,
            Number = number,
            CreatedAt = at,
            AuthorKeyId = author?.KeyIdNumber(),
            AuthorName = author?.Name,
            ChangedFields = changed,
            Correction = correction,
            Snapshot = snapshot,
        };
        db.ArticleRevisions.Add(revision);
        return revision;
    }

    private static JsonElement? Element(JsonNode? node) => node is null ? null : JsonSerializer.SerializeToElement(node, Json);

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        HttpSetup.ConfigureJson(options);
        return options;
    }

    private static JsonSerializerOptions CreateSnapshotJson() => new(Json)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                type =>
                {
                    if (type.Type == typeof(ArticleRequest))
                    {
                        type.Properties.Remove(type.Properties.Single(p => p.Name == "correction"));
                    }
                },
            },
        },
    };
}
