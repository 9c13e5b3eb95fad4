using System.Globalization;
using ContentApi.Access;
using ContentApi.Articles;
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

    private static async Task<Results<Ok<SyncPage>, ValidationProblem>> Sync(
        [AsParameters] SyncQuery query, ArticleVisibility visibility, HttpRequest http, ContentDb db, SyncTokens tokens, ChangeLogWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var keyId = Caller.From(http.HttpContext.User).KeyId ?? 0;
        var position = query.Token is null ? null : tokens.Read(query.Token);
        if (position is not null && (position.Audience != visibility.Reach || position.KeyId != keyId))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["token"] = ["This token was issued to another caller. Start again without a token."] },
                title: "Validation failed");
        }

        // Scheduled publications and embargo ends that are due go into the log first, so this answer includes them.
        await ReachClock.CatchUpAsync(db, writer.Origin, clock.UtcNow(), ct);
        position ??= new SyncPosition(visibility.Reach, keyId, Initial: true, await LastSequenceAsync(db, ct), AfterId: 0);
        var (articles, deleted, next, hasMore) = position.Initial
            ? await FirstPassAsync(position, query.Limit, visibility, db, ct)
            : await ChangesAsync(position, query.Limit, visibility, db, ct);

        var token = tokens.Issue(next);
        var nextUrl = QueryHelpers.AddQueryString("/v1/sync", new Dictionary<string, string?>
        {
            ["token"] = token,
            ["limit"] = query.Limit.ToString(CultureInfo.InvariantCulture),
        });
        if (hasMore)
        {
            http.HttpContext.Response.Headers.Link = $"<{nextUrl}>; rel=\"next\"";
        }

        return TypedResults.Ok(new SyncPage(articles, deleted, token, hasMore, nextUrl));
    }

    /// <summary>The next articles the caller may see, in id order; then on to the changes since the pass began.</summary>
    private static async Task<(List<ArticleResponse>, List<SyncTombstone>, SyncPosition, bool)> FirstPassAsync(
        SyncPosition position, int limit, ArticleVisibility visibility, ContentDb db, CancellationToken ct)
    {
        var audience = position.Audience;
        var ids = await db.Articles.Where(a => a.Id > position.AfterId && (a.Reach & audience) == audience)
            .OrderBy(a => a.Id).Select(a => a.Id).Take(limit + 1).ToListAsync(ct);
        var more = ids.Count > limit;
        ids = [.. ids.Take(limit)];
        var articles = await db.LoadResponsesAsync(ids, visibility, ct);
        if (more)
        {
            return (articles, [], position with { AfterId = ids[^1] }, true);
        }

        var changes = position with { Initial = false, AfterId = 0 };
        return (articles, [], changes, await db.ChangeLog.AnyAsync(e => e.Sequence > position.Sequence, ct));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> articles named by the log after the token, each as it is now. Entries about
    /// articles this audience never saw, before or after (a draft's edits, for readers), are passed over.
    /// </summary>
    private static async Task<(List<ArticleResponse>, List<SyncTombstone>, SyncPosition, bool)> ChangesAsync(
        SyncPosition position, int limit, ArticleVisibility visibility, ContentDb db, CancellationToken ct)
    {
        var audience = position.Audience;
        var scan = limit * EntriesPerArticle;
        var entries = await db.ChangeLog.AsNoTracking().Where(e => e.Sequence > position.Sequence)
            .OrderBy(e => e.Sequence).Take(scan).ToListAsync(ct);
        var latest = new Dictionary<int, ChangeLogEntry>();
        var end = position.Sequence;
        var full = false;
        foreach (var entry in entries)
        {
            var concerns = ((entry.Before | entry.After) & audience) != 0;
            if (concerns && !latest.ContainsKey(entry.ArticleId) && latest.Count == limit)
            {
                full = true;
                break;
            }

            end = entry.Sequence;
            if (concerns)
            {
                latest[entry.ArticleId] = entry;
            }
        }

        var ids = latest.Keys.ToList();
        var visible = await db.Articles.Where(a => ids.Contains(a.Id) && (a.Reach & audience) == audience).Select(a => a.Id).ToListAsync(ct);
        var articles = await db.LoadResponsesAsync([.. ids.Where(visible.Contains)], visibility, ct);
        var shown = articles.Select(a => a.Id).ToHashSet();
        var deleted = latest.Values.Where(e => !shown.Contains(Id(e.ArticleId)))
            .Select(e => new SyncTombstone(Id(e.ArticleId), (e.After & audience) == 0 ? e.SlugLastSeen : e.Slug,
                e.Kind == ChangeKind.Deleted ? "deleted" : "unpublished", e.At))
            .ToList();
        return (articles, deleted, position with { Sequence = end }, full || entries.Count == scan);
    }

    private static async Task<long> LastSequenceAsync(ContentDb db, CancellationToken ct) =>
        await db.ChangeLog.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
