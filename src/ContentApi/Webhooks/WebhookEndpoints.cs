using ContentApi.Persistence;
using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentApi.Access;
using ContentApi.Syndication;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Webhooks;

/// <summary>
/// Webhooks: admins register any (they hear what readers see), partners their own (they hear what their key
/// sees). A partner sees and changes only its own; another's is a 404, as if it did not exist.
/// </summary>
public static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/webhooks").WithTags("Webhooks");

        group.MapPost("/", CreateWebhook).WithName("CreateWebhook")
            .WithSummary("Register a webhook; the response is the only time its secret is shown").WithSecretsLeftOutOfReplays("secret")
            .ProducesProblem(StatusCodes.Status409Conflict).ForWebhookOwners();
        group.MapGet("/", ListWebhooks).WithName("ListWebhooks")
            .WithSummary("List webhooks: every one for admins, their own for partners").ForWebhookOwners();
        group.MapGet("/{id}", GetWebhook).WithName("GetWebhook").WithSummary("Get a webhook")
            .ProducesProblem(StatusCodes.Status404NotFound).ForWebhookOwners();
        group.MapPatch("/{id}", PatchWebhook).WithName("PatchWebhook")
            .WithSummary("Change some fields of a webhook (JSON Merge Patch), or switch it off and on")
            .Accepts<WebhookRequest>(JsonMergePatch.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ForWebhookOwners();
        group.MapDelete("/{id}", DeleteWebhook).WithName("DeleteWebhook").WithSummary("Delete a webhook and its delivery log")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ForWebhookOwners();
        group.MapPost("/{id}/rotate-secret", RotateSecret).WithName("RotateWebhookSecret")
            .WithSummary("Replace a webhook's secret; the old one also signs for 24 hours more")
            .WithSecretsLeftOutOfReplays("secret").ProducesProblem(StatusCodes.Status404NotFound).ForWebhookOwners();
        group.MapPost("/{id}/test", SendTestEvent).WithName("TestWebhook")
            .WithSummary("Queue a webhook.test event to the webhook now")
            .ProducesProblem(StatusCodes.Status404NotFound).ForWebhookOwners();
        group.MapGet("/{id}/deliveries", ListDeliveries).WithName("ListWebhookDeliveries")
            .WithSummary("The webhook's delivery log, newest first: each event's status, attempts and last error")
            .ProducesProblem(StatusCodes.Status404NotFound).ForWebhookOwners();
        group.MapPost("/{id}/deliveries/{deliveryId}/redeliver", Redeliver).WithName("RedeliverWebhookEvent")
            .WithSummary("Send a delivery again now, with the same event id and payload")
            .ProducesProblem(StatusCodes.Status404NotFound).ForWebhookOwners();
        return group;
    }

    internal static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        title: "Webhook not found", detail: $"No webhook of yours has the id '{id}'.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Created<WebhookResponse>, ProblemHttpResult>> CreateWebhook(
        WebhookRequest request, ClaimsPrincipal user, ContentDb db, TimeProvider clock, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var now = clock.UtcNow();
        var owner = caller.Role == ApiRole.Admin ? null : caller.KeyId;
        // Where it starts in the log is read and the webhook saved in one transaction (see WebhookDispatcher).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SqlDialect.Of(db).LockChangeLogAsync(db, ct);
        var limit = options.Value.MaxPerOwner;
        if (await db.Webhooks.CountAsync(w => w.OwnerKeyId == owner, ct) >= limit)
        {
            return TypedResults.Problem(
                title: "Too many webhooks",
                detail: $"{(owner is null ? "The admins have" : "This key has")} {limit} webhooks, the most one owner may have (Webhooks:MaxPerOwner). "
                    + "Delete one, or have one webhook filter less, before registering another.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var webhook = new Webhook
        {
            Secret = WebhookSignatures.NewSecret(),
            OwnerKeyId = owner,
            // Admins' webhooks announce public publication; a partner's, what its key may see.
            Audience = caller.Role == ApiRole.Admin ? ArticleReach.Readers : ArticleVisibility.For(caller, now).Reach,
            StartSequence = await WebhookDispatcher.LastSequenceAsync(db, ct),
            CreatedAt = now,
        };
        await ApplyAsync(webhook, request, db, now, ct);
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/v1/webhooks/{WebhookResponse.IdOf(webhook.Id)}", WebhookResponse.From(webhook, withSecret: true));
    }

    private static async Task<Ok<Page<WebhookResponse>>> ListWebhooks(
        [AsParameters] PageQuery page, ClaimsPrincipal user, HttpRequest http, ContentDb db, CancellationToken ct)
    {
        var query = Visible(db, Caller.From(user)).AsNoTracking();
        if (page.After is { } after)
        {
            query = query.Where(w => w.Id < after);
        }

        var webhooks = await query.OrderByDescending(w => w.Id).Take(page.Limit + 1).ToListAsync(ct);
        return TypedResults.Ok(page.ToPage(webhooks, w => WebhookResponse.IdOf(w.Id), http).Select(w => WebhookResponse.From(w)));
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetWebhook(
        string id, ClaimsPrincipal user, ContentDb db, CancellationToken ct) =>
        await FindAsync(db, user, id, ct) is { } webhook ? TypedResults.Ok(WebhookResponse.From(webhook)) : NotFound(id);

    private static async Task<Results<Ok<WebhookResponse>, ValidationProblem, ProblemHttpResult>> PatchWebhook(
        string id, JsonObject patch, ClaimsPrincipal user, HttpRequest http, ContentDb db, ETags etags, IValidator<WebhookRequest> validator,
        IOptions<JsonOptions> json, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, user, id, ct) is not { } webhook)
        {
            return NotFound(id);
        }

        var current = new WebhookRequest(webhook.Url, webhook.Description, webhook.Events, webhook.TagId is { } tag ? WebhookResponse.IdOf(tag) : null,
            webhook.Section, webhook.Status != WebhookStatus.Disabled);
        var (request, invalid) = JsonMergePatch.Apply(current, patch, json.Value.SerializerOptions);
        if ((invalid ?? await ValidationFilter.Validate(validator, request!, ct)) is { } problem)
        {
            return problem;
        }

        if (etags.PreconditionFailed(http, WebhookResponse.From(webhook)) is { } stale)
        {
            return stale;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SqlDialect.Of(db).LockChangeLogAsync(db, ct);
        await ApplyAsync(webhook, request!, db, clock.UtcNow(), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(WebhookResponse.From(webhook));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(
        string id, ClaimsPrincipal user, HttpRequest http, ContentDb db, ETags etags, CancellationToken ct)
    {
        if (await FindAsync(db, user, id, ct) is not { } webhook)
        {
            return NotFound(id);
        }

        if (etags.PreconditionFailed(http, WebhookResponse.From(webhook)) is { } stale)
        {
            return stale;
        }

        db.Webhooks.Remove(webhook);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> RotateSecret(
        string id, ClaimsPrincipal user, ContentDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, user, id, ct) is not { } webhook)
        {
            return NotFound(id);
        }

        var now = clock.UtcNow();
        (webhook.PreviousSecret, webhook.PreviousSecretExpiresAt) = (webhook.Secret, now + WebhookSignatures.RotationOverlap);
        webhook.Secret = WebhookSignatures.NewSecret();
        webhook.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(WebhookResponse.From(webhook, withSecret: true));
    }

    private static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> SendTestEvent(
        string id, ClaimsPrincipal user, ContentDb db, WebhookSignals signals, IOptions<JsonOptions> json, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, user, id, ct) is not { } webhook)
        {
            return NotFound(id);
        }

        var now = clock.UtcNow();
        var delivery = new WebhookDelivery
        {
            WebhookId = webhook.Id,
            EventId = $"evt_test_{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}",
            EventType = WebhookEvents.Test,
            Payload = JsonSerializer.Serialize(new WebhookPayload(WebhookEvents.Test, now, new TestEventData(WebhookResponse.IdOf(webhook.Id))), json.Value.SerializerOptions),
            Status = DeliveryStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            QueuedAt = now,
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        signals.Deliveries.Notify();
        return TypedResults.Accepted(DeliveriesPath(webhook.Id), WebhookDeliveryResponse.From(delivery));
    }

    private static async Task<Results<Ok<Page<WebhookDeliveryResponse>>, ProblemHttpResult>> ListDeliveries(
        string id, [AsParameters] PageQuery page, ClaimsPrincipal user, HttpRequest http, ContentDb db, CancellationToken ct)
    {
        if (await FindAsync(db, user, id, ct) is not { } webhook)
        {
            return NotFound(id);
        }

        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhook.Id);
        if (page.After is { } after)
        {
            query = query.Where(d => d.Id < after);
        }

        var deliveries = await query.OrderByDescending(d => d.Id).Take(page.Limit + 1).ToListAsync(ct);
        return TypedResults.Ok(page.ToPage(deliveries, d => WebhookResponse.IdOf(d.Id), http).Select(WebhookDeliveryResponse.From));
    }

    private static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> Redeliver(
        string id, [Description("The delivery's id, from the delivery log")] string deliveryId, ClaimsPrincipal user, ContentDb db,
        WebhookSignals signals, TimeProvider clock, CancellationToken ct)
    {
        var webhook = await FindAsync(db, user, id, ct);
        var delivery = webhook is not null && Lookup.TryParseId(deliveryId, out var key)
            ? await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == key && d.WebhookId == webhook.Id, ct)
            : null;
        if (delivery is null)
        {
            return webhook is null ? NotFound(id) : TypedResults.Problem(
                title: "Delivery not found", detail: $"Webhook {id} has no delivery with the id '{deliveryId}'.", statusCode: StatusCodes.Status404NotFound);
        }

        // Queued afresh: a new retry schedule and horizon, the same event id and payload.
        var now = clock.UtcNow();
        (delivery.Status, delivery.Attempts, delivery.NextAttemptAt, delivery.QueuedAt, delivery.DeliveredAt) = (DeliveryStatus.Pending, 0, now, now, null);
        await db.SaveChangesAsync(ct);
        signals.Deliveries.Notify();
        return TypedResults.Accepted(DeliveriesPath(webhook!.Id), WebhookDeliveryResponse.From(delivery));
    }

    /// <summary>Admins see every webhook; partners only their key's.</summary>
    private static IQueryable<Webhook> Visible(ContentDb db, Caller caller) =>
        caller.Role == ApiRole.Admin ? db.Webhooks : db.Webhooks.Where(w => w.OwnerKeyId == caller.KeyId);

    private static async Task<Webhook?> FindAsync(ContentDb db, ClaimsPrincipal user, string id, CancellationToken ct) =>
        Lookup.TryParseId(id, out var key) ? await Visible(db, Caller.From(user)).SingleOrDefaultAsync(w => w.Id == key, ct) : null;

    private static async Task ApplyAsync(Webhook webhook, WebhookRequest request, ContentDb db, DateTime now, CancellationToken ct)
    {
        webhook.Url = request.Url;
        webhook.Description = request.Description;
        webhook.Events = [.. request.Events ?? []];
        webhook.TagId = request.TagId is null ? null : int.Parse(request.TagId, CultureInfo.InvariantCulture);
        webhook.Section = request.Section;
        webhook.UpdatedAt = now;
        // Any update of a failing webhook makes it active: presumably what made it fail was fixed. One switched
        // on again hears of changes from now on, nothing of those made while it was off.
        if (request.Enabled && webhook.Status == WebhookStatus.Disabled)
        {
            webhook.StartSequence = await WebhookDispatcher.LastSequenceAsync(db, ct);
        }

        (webhook.Status, webhook.FailingSince) = (request.Enabled ? WebhookStatus.Active : WebhookStatus.Disabled, null);
    }

    private static string DeliveriesPath(int webhookId) => $"/v1/webhooks/{WebhookResponse.IdOf(webhookId)}/deliveries";
}
