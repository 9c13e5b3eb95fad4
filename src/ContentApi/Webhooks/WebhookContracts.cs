using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;
using ContentApi.Access;
using ContentApi.Articles;

namespace ContentApi.Webhooks;

/// <summary>What an admin or partner sends to register or change a webhook.</summary>
public sealed record WebhookRequest(
    [property: Description("Where events are POSTed: an absolute https URL (http where allowed); never a private or loopback address unless configured")] string Url,
    [property: Description("What it is for, such as Acme Daily's publishing system")] string? Description = null,
    [property: Description("Events to send: article.published, article.updated, article.unpublished, article.deleted; empty or omitted means all")] IReadOnlyList<string>? Events = null,
    [property: Description("Only articles with this tag (its id); deletions are sent whatever the filter")] string? TagId = null,
    [property: Description("Only articles in this section; deletions are sent whatever the filter")] string? Section = null,
    [property: Description("False switches it off: no events are queued for it and queued ones wait. An update of a failing webhook makes it active again."), DefaultValue(true)] bool Enabled = true);

/// <summary>A webhook. Its secret appears only in the answers of create and rotate-secret.</summary>
public sealed record WebhookResponse(
    string Id,
    string Url,
    string? Description,
    IReadOnlyList<string> Events,
    string? TagId,
    string? Section,
    [property: Description("Whose view of articles it gets: readers (admins' webhooks), partners or cleared-partners (a partner key's, by its embargo clearance)")] string Audience,
    [property: Description("The partner key that registered it; null for admins' webhooks")] string? OwnerKeyId,
    [property: Description("active; failing (a delivery was given up: deliveries go on, and a successful one or an update makes it active); disabled")] WebhookStatus Status,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: Description("Since when it has been failing")] DateTime? FailingSince,
    [property: Description("When a delivery last succeeded")] DateTime? LastDeliveryAt,
    [property: Description("Until when the secret before the last rotation also signs requests")] DateTime? PreviousSecretExpiresAt,
    [property: Description("The signing secret (whsec_ and base64): only in the answers of create and rotate-secret, and not in an idempotent replay of them. Store it now."),
               JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null)
{
    public static WebhookResponse From(Webhook webhook, bool withSecret = false) => new(
        IdOf(webhook.Id), webhook.Url, webhook.Description, webhook.Events, webhook.TagId is { } tag ? IdOf(tag) : null, webhook.Section,
        ArticleVisibility.For(webhook.Audience, default).Audience, webhook.OwnerKeyId is { } owner ? IdOf(owner) : null, webhook.Status,
        webhook.CreatedAt, webhook.UpdatedAt, webhook.FailingSince, webhook.LastDeliveryAt, webhook.PreviousSecretExpiresAt,
        withSecret ? webhook.Secret : null);

    internal static string IdOf(long id) => id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One event for one webhook, with the outcome of its attempts.</summary>
public sealed record WebhookDeliveryResponse(
    string Id,
    [property: Description("The webhook-id header: the same on every attempt and redelivery")] string EventId,
    [property: Description("article.published, article.updated, article.unpublished, article.deleted or webhook.test")] string EventType,
    [property: Description("The article the event is about; null for test pings")] string? ArticleId,
    [property: Description("pending (waiting for its next attempt), delivered, or failed (given up)")] DeliveryStatus Status,
    [property: Description("Attempts since it was queued or last redelivered")] int Attempts,
    DateTime CreatedAt,
    [property: Description("When it is next tried, while pending")] DateTime? NextAttemptAt,
    DateTime? LastAttemptAt,
    [property: Description("The receiver's HTTP status at the last attempt; null when there was no answer")] int? LastStatusCode,
    [property: Description("Why the last attempt failed")] string? LastError,
    DateTime? DeliveredAt)
{
    public static WebhookDeliveryResponse From(WebhookDelivery d) => new(
        WebhookResponse.IdOf(d.Id), d.EventId, d.EventType, d.ArticleId is { } article ? WebhookResponse.IdOf(article) : null, d.Status, d.Attempts,
        d.CreatedAt, d.NextAttemptAt, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.DeliveredAt);
}

/// <summary>The JSON body of every delivery, in the Standard Webhooks shape.</summary>
/// <param name="Timestamp">When the change happened.</param>
public sealed record WebhookPayload(string Type, DateTime Timestamp, object Data);

/// <summary>
/// An article event's data: the article as the webhook's audience sees it when the event is queued (null for
/// unpublished and deleted), with its embargoUntil for partners cleared for embargoes, and the surrogate keys of what
/// the change changed (what a CDN in front of the API should purge; see the Surrogate-Key header).
/// </summary>
public sealed record ArticleEventData(string Id, string Slug, int Version, ArticleResponse? Article, IReadOnlyList<string> SurrogateKeys);

/// <summary>A test ping's data.</summary>
public sealed record TestEventData(string WebhookId);
