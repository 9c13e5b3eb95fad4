namespace ContentApi.Persistence;

/// <summary>
/// A registered receiver of article events. Admins' webhooks (no owner) hear what readers may see; a partner
/// key's webhooks hear what that key may see (<see cref="Audience"/>, fixed when registered).
/// </summary>
public sealed class Webhook
{
    public int Id { get; set; }
    public string Url { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>Event types to send (article.published, ...); empty means all.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>Only articles with this tag (as they are when the event is sent).</summary>
    public int? TagId { get; set; }

    /// <summary>Only articles in this section.</summary>
    public string? Section { get; set; }

    /// <summary>Standard Webhooks secret: "whsec_" and the base64 of the signing key.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The secret before the last rotation, still used to sign (besides the new one) until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTime? PreviousSecretExpiresAt { get; set; }

    /// <summary>The partner key that registered it; null for admins' webhooks.</summary>
    public int? OwnerKeyId { get; set; }

    /// <summary>Whose view of articles it gets: one audience flag.</summary>
    public ArticleReach Audience { get; set; }

    public WebhookStatus Status { get; set; }

    /// <summary>The last change log entry before it was registered (or enabled again): it hears of those after.</summary>
    public long StartSequence { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FailingSince { get; set; }
    public DateTime? LastDeliveryAt { get; set; }
}

public enum WebhookStatus
{
    Active,

    /// <summary>A delivery gave up after the retry horizon. Deliveries go on; a successful one, or an update, makes it active again.</summary>
    Failing,

    /// <summary>Switched off by its owner: no new deliveries, and queued ones wait.</summary>
    Disabled,
}

/// <summary>One event for one webhook, with every attempt to send it summed up. The payload is fixed when it is queued.</summary>
public sealed class WebhookDelivery
{
    public int Id { get; set; }
    public int WebhookId { get; set; }

    /// <summary>The change log entry it reports; null for test pings.</summary>
    public long? ChangeSequence { get; set; }

    public int? ArticleId { get; set; }

    /// <summary>The webhook-id header: the same on every attempt and redelivery, for receivers' idempotency.</summary>
    public string EventId { get; set; } = "";

    public string EventType { get; set; } = "";

    /// <summary>The JSON body, exactly as signed and sent.</summary>
    public string Payload { get; set; } = "";

    public DeliveryStatus Status { get; set; }

    /// <summary>Attempts since it was last queued (created or redelivered).</summary>
    public int Attempts { get; set; }

    /// <summary>When it is next due (while pending); the retry horizon counts from <see cref="QueuedAt"/>.</summary>
    public DateTime? NextAttemptAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime QueuedAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime? DeliveredAt { get; set; }
}

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>The dispatcher's place in the change log: the last entry turned into deliveries. One row.</summary>
public sealed class WebhookCursor
{
    public const int RowId = 1;

    public int Id { get; set; }
    public long Sequence { get; set; }
}
