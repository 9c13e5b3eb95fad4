using ContentApi.Changes;
using System.Globalization;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Webhooks;

/// <summary>The event types, and which one a change log entry is for an audience.</summary>
public static class WebhookEvents
{
    public const string Published = "article.published";
    public const string Updated = "article.updated";
    public const string Unpublished = "article.unpublished";
    public const string Deleted = "article.deleted";
    public const string Test = "webhook.test";

    /// <summary>The events a webhook may ask for.</summary>
    public static readonly string[] All = [Published, Updated, Unpublished, Deleted];

    /// <summary>
    /// What an entry means to one audience: it appeared (published), changed while visible (updated; a reach change
    /// by the clock alone is not an update), disappeared (unpublished, or deleted), or nothing (null).
    /// </summary>
    public static string? For(ChangeLogEntry entry, ArticleReach audience) =>
        ((entry.Before & audience) != 0, (entry.After & audience) != 0) switch
        {
            (false, true) => Published,
            (true, true) when entry.Kind is ChangeKind.Created or ChangeKind.Updated => Updated,
            (true, false) => entry.Kind == ChangeKind.Deleted ? Deleted : Unpublished,
            _ => null,
        };
}

/// <summary>
/// Turns the change log into deliveries. The log is the outbox: every article write appends to it in its own
/// transaction. The dispatcher reads the entries after its cursor, works out each live webhook's event for
/// each, and inserts the deliveries and moves the cursor in one transaction, so after a crash it resumes where
/// the last commit left it: nothing is lost and nothing is queued twice.
/// </summary>
public static class WebhookDispatcher
{
    private const int BatchSize = 100;

    /// <summary>Webhooks that get new deliveries: not disabled, and not owned by a revoked key.</summary>
    public static IQueryable<Webhook> LiveWebhooks(this ContentDb db) =>
        db.Webhooks.Where(w => (w.Status == WebhookStatus.Active || w.Status == WebhookStatus.Failing)
            && (w.OwnerKeyId == null || db.ApiKeys.Any(k => k.Id == w.OwnerKeyId && k.RevokedAt == null)));

    /// <summary>The last change log entry so far (0 for none).</summary>
    public static async Task<long> LastSequenceAsync(ContentDb db, CancellationToken ct) =>
        await db.ChangeLog.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;

    /// <summary>Queues the deliveries of the next batch of entries; returns how many it queued, or null when there was nothing to read.</summary>
    public static async Task<int?> DispatchAsync(
        ContentDb db, ContentReadModel model, AppliedChanges applied, IStoredPages pages, JsonSerializerOptions json, DateTime now, CancellationToken ct)
    {
        var cursor = await db.WebhookCursor.Where(c => c.Id == WebhookCursor.RowId).Select(c => c.Sequence).SingleAsync(ct);
        var webhooks = await db.LiveWebhooks().AsNoTracking().ToListAsync(ct);
        if (webhooks.Count == 0)
        {
            return null;
        }

        // Entries before every webhook's start concern none of them: skip them without reading.
        var from = Math.Max(cursor, webhooks.Min(w => w.StartSequence));
        // Payloads are made from the read model: only entries it has applied (the follower or the writer wakes this for the rest).
        var entries = applied.AppliedPrefix(await db.ChangeLog.AsNoTracking().Where(e => e.Sequence > from).OrderBy(e => e.Sequence).Take(BatchSize).ToListAsync(ct));
        if (entries.Count == 0)
        {
            return null;
        }

        var events = await FilterAsync(db,
            [
                .. from entry in entries
                   from webhook in webhooks
                   where entry.Sequence > webhook.StartSequence
                   let type = WebhookEvents.For(entry, webhook.Audience)
                   where type is not null && (webhook.Events.Count == 0 || webhook.Events.Contains(type))
                   select (Entry: entry, Webhook: webhook, Type: type),
            ], ct);
        var deliveries = await DeliveriesAsync(events, model, pages, json, now, ct);

        // The write lock (on PostgreSQL, the change log's lock), then a check that nothing moved meanwhile: another
        // dispatcher on this database got there first, or a webhook was registered, switched on or off, or deleted.
        // Registration reads the log's end and inserts in one transaction under the same lock, so a webhook that
        // commits after this one hears of every entry after these.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SqlDialect.Of(db).LockChangeLogAsync(db, ct);
        var live = await db.LiveWebhooks().OrderBy(w => w.Id).Select(w => new { w.Id, w.StartSequence }).ToListAsync(ct);
        if (!live.SequenceEqual(webhooks.OrderBy(w => w.Id).Select(w => new { w.Id, w.StartSequence }))
            || await db.WebhookCursor.Where(c => c.Id == WebhookCursor.RowId && c.Sequence == cursor)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Sequence, entries[^1].Sequence), ct) == 0)
        {
            return 0;
        }

        db.WebhookDeliveries.AddRange(deliveries);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return deliveries.Count;
    }

    /// <summary>
    /// Applies tag and section filters to the article as it is now. A deleted article has neither any more, so a
    /// deletion reaches every webhook of an audience that saw the article, filtered or not.
    /// </summary>
    private static async Task<List<(ChangeLogEntry Entry, Webhook Webhook, string Type)>> FilterAsync(
        ContentDb db, List<(ChangeLogEntry Entry, Webhook Webhook, string Type)> events, CancellationToken ct)
    {
        var filtered = events.Where(e => e.Type != WebhookEvents.Deleted && (e.Webhook.TagId is not null || e.Webhook.Section is not null)).ToList();
        if (filtered.Count == 0)
        {
            return events;
        }

        var ids = filtered.Select(e => e.Entry.ResourceId).Distinct().ToList();
        var sections = await db.Articles.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Section }).ToDictionaryAsync(a => a.Id, a => a.Section, ct);
        var tags = (await db.ArticleTags.Where(t => ids.Contains(t.ArticleId)).Select(t => new { t.ArticleId, t.TagId }).ToListAsync(ct))
            .ToLookup(t => t.ArticleId, t => t.TagId);
        return
        [
            .. events.Where(e => e.Type == WebhookEvents.Deleted
                || ((e.Webhook.Section is null || (sections.TryGetValue(e.Entry.ResourceId, out var section) && section == e.Webhook.Section))
                    && (e.Webhook.TagId is not { } tag || tags[e.Entry.ResourceId].Contains(tag)))),
        ];
    }

    /// <summary>
    /// One delivery per event, its payload made now: for published and updated, the article as the webhook's audience
    /// sees it now. One no longer visible to it is left out: a later entry says it went.
    /// </summary>
    private static async Task<List<WebhookDelivery>> DeliveriesAsync(
        List<(ChangeLogEntry Entry, Webhook Webhook, string Type)> events, ContentReadModel model, IStoredPages pages, JsonSerializerOptions json,
        DateTime now, CancellationToken ct)
    {
        var articles = new Dictionary<(ArticleReach, int), ArticleResponse>();
        foreach (var audience in events.Where(e => e.Type is WebhookEvents.Published or WebhookEvents.Updated).GroupBy(e => e.Webhook.Audience))
        {
            var ids = audience.Select(e => e.Entry.ResourceId).Distinct().ToList();
            foreach (var (id, page) in await ArticlePages.ReadManyAsync(ids, ArticleVisibility.For(audience.Key, now), model, pages, new HashSet<string>(), ct))
            {
                articles[(audience.Key, id)] = JsonSerializer.Deserialize<ArticleResponse>(page, json)!;
            }
        }

        var payloads = new Dictionary<(long, ArticleReach), string>();
        var deliveries = new List<WebhookDelivery>();
        foreach (var (entry, webhook, type) in events)
        {
            var article = articles.GetValueOrDefault((webhook.Audience, entry.ResourceId));
            if (article is null && type is WebhookEvents.Published or WebhookEvents.Updated)
            {
                continue;
            }

            if (!payloads.TryGetValue((entry.Sequence, webhook.Audience), out var payload))
            {
                // An article that went from this audience's sight goes under the slug the audience knew, not one a rename gave it as it went.
                var slug = type is WebhookEvents.Unpublished or WebhookEvents.Deleted ? entry.SlugLastSeen : entry.Slug;
                var data = new ArticleEventData(
                    entry.ResourceId.ToString(CultureInfo.InvariantCulture), slug, entry.Version, article,
                    entry.Keys?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []);
                payload = JsonSerializer.Serialize(new WebhookPayload(type, entry.At, data), json);
                payloads[(entry.Sequence, webhook.Audience)] = payload;
            }

            deliveries.Add(new WebhookDelivery
            {
                WebhookId = webhook.Id,
                ChangeSequence = entry.Sequence,
                ArticleId = entry.ResourceId,
                EventId = $"evt_{entry.Sequence.ToString(CultureInfo.InvariantCulture)}",
                EventType = type,
                Payload = payload,
                Status = DeliveryStatus.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
                QueuedAt = now,
            });
        }

        return deliveries;
    }
}
