using System.Globalization;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Changes;
using ContentApi.ReadModel;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Syndication;

/// <summary>
/// GET /v1/sync: a client's copy of what it may see, kept exact by following the change log. The first
/// calls page through the articles visible to the caller in id order, remembering the log's last entry
/// when they began; later calls read the log after the token's entry and answer each article it names
/// once, as it is now: in full if the caller may see it, else as a tombstone. A change made while a
/// client pages comes after the remembered entry, so the client gets it on a later call: following
/// tokens until hasMore is false leaves it with exactly the visible set, whatever was written meanwhile.
/// </summary>
public static class SyncEndpoints
{
    /// <summary>Most log entries one call reads, so a long run of changes nobody here may see stays cheap.</summary>
    private const int EntriesPerArticle = 20;

    public static RouteGroupBuilder MapSync(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/sync").WithTags("Sync");
        group.MapGet("/", Sync).WithName("Sync")
            .WithSummary("Delta sync: everything you may see, then what changed since your last call")
            .WithDescription("Start without a token; call again with the returned token until hasMore is false. Later, call with the last token for what changed since: created and updated articles in full, and tombstones for articles deleted, unpublished or no longer cleared for you. A token is tied to the key that got it.")
            .ForReaders();
        return group;
    }

    private static async Task<Results<JsonAnswer<SyncPage>, ValidationProblem>> Sync(
        [AsParameters] SyncQuery query, ArticleVisibility visibility, HttpContext http, ContentDb db, SyncTokens tokens, ContentWriter writer,
        ContentReadModel model, AppliedChanges applied, IStoredPages pages, ArticleJson json, TimeProvider clock, CancellationToken ct)
    {
        var keyId = Caller.From(http.User).KeyId ?? 0;
        var position = query.Token is null ? null : tokens.Read(query.Token);
        if (position is not null && (position.Audience != visibility.Reach || position.KeyId != keyId))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["token"] = ["This token was issued to another caller. Start again without a token."] },
                title: "Validation failed");
        }

        // Scheduled publications and embargo ends that are due go into the log first, so this answer includes them.
        await writer.LogReachChangesAsync(db, clock.UtcNow(), ct);
        // A first pass reads the read model: its changes start after the last entry the read model has applied.
        position ??= new SyncPosition(visibility.Reach, keyId, Initial: true, applied.Through, AfterId: 0);
        var (ids, deleted, keys, next, hasMore) = position.Initial
            ? await FirstPassAsync(position, query.Limit, db, model, ct)
            : await ChangesAsync(position, query.Limit, db, model, applied, ct);
        var articles = await ArticlePages.ReadManyAsync(ids, visibility, model, pages, new HashSet<string>(), ct);
        var shown = articles.Select(a => a.Id).ToHashSet();
        deleted.InsertRange(0, ids.Where(id => !shown.Contains(id)).Select(id => new SyncTombstone(Id(id), model.Read(view => view.Find(id)?.Slug) ?? "", "unpublished", clock.UtcNow())));

        var token = tokens.Issue(next);
        var nextUrl = QueryHelpers.AddQueryString("/v1/sync", new Dictionary<string, string?>
        {
            ["token"] = token,
            ["limit"] = query.Limit.ToString(CultureInfo.InvariantCulture),
        });
        if (hasMore)
        {
            http.Response.Headers.Link = $"<{nextUrl}>; rel=\"next\"";
        }

        http.AnswerSources().Volatile = true;
        var output = new PooledBuffer(4096 + articles.Sum(a => a.Json.Length));
        using (var page = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = json.Options.Encoder, SkipValidation = true }))
        {
            page.WriteStartObject();
            page.WriteStartArray("articles");
            foreach (var (_, article) in articles)
            {
                page.WriteRawValue(article, skipInputValidation: true);
            }

            page.WriteEndArray();
            page.WritePropertyName("deleted");
            JsonSerializer.Serialize(page, deleted, json.Options);
            page.WritePropertyName("surrogateKeys");
            JsonSerializer.Serialize(page, keys.Order(StringComparer.Ordinal).ToList(), json.Options);
            page.WriteString("token", token);
            page.WriteBoolean("hasMore", hasMore);
            page.WriteString("next", nextUrl);
            page.WriteEndObject();
        }

        return new JsonAnswer<SyncPage>(output);
    }

    /// <summary>The next articles the caller may see, in id order; then on to the changes since the pass began.</summary>
    private static async Task<(List<int>, List<SyncTombstone>, HashSet<string>, SyncPosition, bool)> FirstPassAsync(
        SyncPosition position, int limit, ContentDb db, ContentReadModel model, CancellationToken ct)
    {
        var audience = position.Audience;
        var ids = model.Read(view => view.All().Where(a => a.Id > position.AfterId && (a.Reach & audience) == audience)
            .Select(a => a.Id).Take(limit + 1).ToList());
        var more = ids.Count > limit;
        ids = [.. ids.Take(limit)];
        if (more)
        {
            return (ids, [], [], position with { AfterId = ids[^1] }, true);
        }

        var changes = position with { Initial = false, AfterId = 0 };
        return (ids, [], [], changes, await db.ChangeLog.AnyAsync(e => e.Sequence > position.Sequence, ct));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> articles named by the log after the token, each as it is now, and the surrogate keys
    /// of what the entries read changed. Entries about articles this audience never saw, before or after (a draft's
    /// edits, for readers), are passed over, keys and all; those about bylines, tags and entities give their keys.
    /// </summary>
    private static async Task<(List<int>, List<SyncTombstone>, HashSet<string>, SyncPosition, bool)> ChangesAsync(
        SyncPosition position, int limit, ContentDb db, ContentReadModel model, AppliedChanges applied, CancellationToken ct)
    {
        var audience = position.Audience;
        var scan = limit * EntriesPerArticle;
        // Articles are sent as the read model shows them: only entries it has applied, or a new article would be a tombstone.
        var read = await db.ChangeLog.AsNoTracking().Where(e => e.Sequence > position.Sequence)
            .OrderBy(e => e.Sequence).Take(scan).ToListAsync(ct);
        var entries = applied.AppliedPrefix(read);
        var latest = new Dictionary<int, ChangeLogEntry>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var end = position.Sequence;
        var full = false;
        foreach (var entry in entries)
        {
            var isArticle = entry.Resource == ChangedResource.Article;
            var concerns = isArticle && ((entry.Before | entry.After) & audience) != 0;
            if (concerns && !latest.ContainsKey(entry.ResourceId) && latest.Count == limit)
            {
                full = true;
                break;
            }

            end = entry.Sequence;
            if (concerns)
            {
                latest[entry.ResourceId] = entry;
            }

            if ((concerns || !isArticle) && entry.Keys is { } changed)
            {
                keys.UnionWith(changed.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        var visible = model.Read(view => latest.Keys.Where(id => view.Find(id) is { } facts && (facts.Reach & audience) == audience).ToList());
        var deleted = latest.Values.Where(e => !visible.Contains(e.ResourceId))
            .Select(e => new SyncTombstone(Id(e.ResourceId), (e.After & audience) == 0 ? e.SlugLastSeen : e.Slug,
                e.Kind == ChangeKind.Deleted ? "deleted" : "unpublished", e.At))
            .ToList();
        return (visible, deleted, keys, position with { Sequence = end }, full || read.Count == scan);
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
