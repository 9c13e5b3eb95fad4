using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Webhooks;

/// <summary>Standard Webhooks signatures: HMAC-SHA256 over "id.timestamp.body", keyed with the secret's bytes.</summary>
public static class WebhookSignatures
{
    public const string SecretPrefix = "whsec_";

    /// <summary>How long the secret before a rotation still signs, so receivers can switch without losing events.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>One signature: "v1," and the base64 HMAC.</summary>
    public static string Sign(string secret, string eventId, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(
            Convert.FromBase64String(secret[SecretPrefix.Length..]),
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{eventId}.{timestamp}.{body}"))));

    /// <summary>The webhook-signature header: the current secret's signature, and the previous secret's while it overlaps.</summary>
    public static string Header(Webhook webhook, string eventId, long timestamp, string body, DateTime now) =>
        string.Join(' ', new[] { webhook.Secret, webhook.PreviousSecretExpiresAt > now ? webhook.PreviousSecret : null }
            .OfType<string>().Select(secret => Sign(secret, eventId, timestamp, body)));
}

/// <summary>
/// Sends due deliveries: POSTs the stored payload, signed, and records the outcome. A 2xx delivers it; anything
/// else (another status, a refused address, no connection within Webhooks:ConnectTimeout or no answer within
/// Webhooks:Timeout) schedules a retry with exponential backoff and full jitter, until the next try would fall after
/// Webhooks:RetryHorizon from when it was queued: then the delivery has failed and its webhook is failing. Each attempt
/// is claimed in the database first, so two senders never make the same attempt, and one a stopped process left
/// unfinished is due again after a lease.
/// <para>
/// Slots are shared fairly among owners (each partner key, and the admins together): at most Webhooks:MaxConcurrency
/// attempts run at once, at most Webhooks:MaxConcurrencyPerOwner of them for one owner's webhooks, and free slots go to
/// the owners with due deliveries in turn, oldest due first. An attempt starts as soon as a slot is free, whatever the
/// others are doing, so one owner's silent receivers hold only that owner's slots.
/// </para>
/// </summary>
public sealed partial class WebhookSender(
    IServiceScopeFactory scopes, IHttpClientFactory http, WebhookSignals signals, TimeProvider clock, IOptions<WebhookOptions> options,
    ILogger<WebhookSender> log)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly Dictionary<int, (int Owner, Task Attempt)> _inFlight = [];

    /// <summary>Starts attempts of due deliveries in the slots that are free (see the class summary); returns how many it started.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        int free;
        Dictionary<int, int> busy;
        lock (_gate)
        {
            free = options.Value.MaxConcurrency - _inFlight.Count;
            busy = _inFlight.Values.GroupBy(a => a.Owner).ToDictionary(g => g.Key, g => g.Count());
        }

        if (free <= 0)
        {
            return 0;
        }

        var perOwner = options.Value.MaxConcurrencyPerOwner;
        var due = new List<DueDelivery>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
            var now = clock.UtcNow();
            var pending = db.WebhookDeliveries.Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .Join(db.LiveWebhooks(), d => d.WebhookId, w => w.Id, (d, w) => new { d.Id, Owner = w.OwnerKeyId ?? 0, At = d.NextAttemptAt!.Value });
            // Each owner's oldest due deliveries, as many as it could start: one owner's backlog never hides another's.
            foreach (var owner in await pending.Select(d => d.Owner).Distinct().ToListAsync(ct))
            {
                due.AddRange(await pending.Where(d => d.Owner == owner).OrderBy(d => d.At).ThenBy(d => d.Id).Take(perOwner)
                    .Select(d => new DueDelivery(d.Id, d.Owner, d.At)).ToListAsync(ct));
            }
        }

        var started = 0;
        lock (_gate)
        {
            foreach (var delivery in InTurns(due.Where(d => !_inFlight.ContainsKey(d.Id)), busy, perOwner).Take(free))
            {
                _inFlight[delivery.Id] = (delivery.Owner, AttemptInSlotAsync(delivery.Id, ct));
                started++;
            }
        }

        return started;
    }

    /// <summary>Finishes when every attempt under way has (the worker waits for them when the service stops).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_inFlight.Values.Select(a => a.Attempt));
        }
    }

    /// <summary>
    /// Due deliveries in the order they get slots: one of each owner's in turn (owners by their oldest due delivery),
    /// then a second of each, and so on, never past an owner's share.
    /// </summary>
    internal static IEnumerable<DueDelivery> InTurns(IEnumerable<DueDelivery> due, Dictionary<int, int> busy, int perOwner)
    {
        var queues = due.GroupBy(d => d.Owner).OrderBy(g => g.Min(d => d.At))
            .Select(g => (Owner: g.Key, Queue: new Queue<DueDelivery>(g.OrderBy(d => d.At).ThenBy(d => d.Id)))).ToList();
        while (queues.Count > 0)
        {
            foreach (var (owner, queue) in queues)
            {
                if (busy.GetValueOrDefault(owner) < perOwner && queue.TryDequeue(out var next))
                {
                    busy[owner] = busy.GetValueOrDefault(owner) + 1;
                    yield return next;
                }
            }

            queues.RemoveAll(q => q.Queue.Count == 0 || busy.GetValueOrDefault(q.Owner) >= perOwner);
        }
    }

    private async Task AttemptInSlotAsync(int id, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await AttemptAsync(id, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the claimed attempt is due again after its lease.
        }
        catch (Exception e)
        {
            LogAttemptFailed(log, e, id);
        }
        finally
        {
            lock (_gate)
            {
                _inFlight.Remove(id);
            }

            // A slot is free: look for what waits.
            signals.Deliveries.Notify();
        }
    }

    /// <summary>The longest wait before attempt <paramref name="attempt"/> + 1 is RetryDelay × 2^(attempt - 1), at most MaxRetryDelay; <paramref name="jitter"/> (0-1) picks the wait.</summary>
    public static TimeSpan Backoff(int attempt, WebhookOptions options, double jitter) =>
        TimeSpan.FromTicks((long)(jitter * Math.Min(options.MaxRetryDelay.Ticks, options.RetryDelay.Ticks * Math.Pow(2, Math.Clamp(attempt - 1, 0, 62)))));

    private async Task AttemptAsync(int id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        var now = clock.UtcNow();
        var delivery = await db.WebhookDeliveries.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Id == id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now, ct);
        var webhook = delivery is null ? null : await db.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.Id == delivery.WebhookId, ct);
        if (delivery is null || webhook is null)
        {
            return;
        }

        var attempt = delivery.Attempts + 1;
        var claimed = await db.WebhookDeliveries.Where(d => d.Id == id && d.Status == DeliveryStatus.Pending && d.Attempts == delivery.Attempts)
            .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Attempts, attempt).SetProperty(d => d.LastAttemptAt, now)
                .SetProperty(d => d.NextAttemptAt, now + options.Value.Timeout + Lease), ct);
        if (claimed == 0)
        {
            return;
        }

        var (status, error) = await PostAsync(webhook, delivery, now, ct);
        await RecordAsync(db, delivery, attempt, status, error, ct);
    }

    private async Task<(int? Status, string? Error)> PostAsync(Webhook webhook, WebhookDelivery delivery, DateTime now, CancellationToken ct)
    {
        var timestamp = new DateTimeOffset(now).ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.EventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignatures.Header(webhook, delivery.EventId, timestamp, delivery.Payload, now));
        try
        {
            using var response = await http.CreateClient(WebhookSetup.ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return (status, response.IsSuccessStatusCode ? null : $"The receiver answered {status} {response.ReasonPhrase}.");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"No answer within {options.Value.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
        catch (HttpRequestException e) when (e.InnerException is TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return (null, $"No connection within {options.Value.ConnectTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, Describe(e));
        }
    }

    /// <summary>Records an attempt, unless the delivery was redelivered or deleted meanwhile (then that attempt counts, not this one).</summary>
    private async Task RecordAsync(ContentDb db, WebhookDelivery delivery, int attempt, int? status, string? error, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var attempted = db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending && d.Attempts == attempt);
        var webhook = db.Webhooks.Where(w => w.Id == delivery.WebhookId);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (error is null)
        {
            if (await attempted.ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.Status, DeliveryStatus.Delivered).SetProperty(d => d.DeliveredAt, now)
                    .SetProperty(d => d.NextAttemptAt, (DateTime?)null).SetProperty(d => d.LastStatusCode, status)
                    .SetProperty(d => d.LastError, (string?)null), ct) > 0)
            {
                await webhook.ExecuteUpdateAsync(set => set
                    .SetProperty(w => w.Status, w => w.Status == WebhookStatus.Failing ? WebhookStatus.Active : w.Status)
                    .SetProperty(w => w.FailingSince, (DateTime?)null).SetProperty(w => w.LastDeliveryAt, now), ct);
            }
        }
        else
        {
            var next = now + Backoff(attempt, options.Value, Random.Shared.NextDouble());
            var givingUp = next > delivery.QueuedAt + options.Value.RetryHorizon;
            if (await attempted.ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.Status, givingUp ? DeliveryStatus.Failed : DeliveryStatus.Pending)
                    .SetProperty(d => d.NextAttemptAt, givingUp ? null : next)
                    .SetProperty(d => d.LastStatusCode, status).SetProperty(d => d.LastError, error), ct) > 0 && givingUp)
            {
                LogGaveUp(log, delivery.Id, delivery.WebhookId, attempt, error);
                await webhook.Where(w => w.Status == WebhookStatus.Active).ExecuteUpdateAsync(set => set
                    .SetProperty(w => w.Status, WebhookStatus.Failing).SetProperty(w => w.FailingSince, now), ct);
            }
        }

        await transaction.CommitAsync(ct);
    }

    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (!messages.Any(m => m.Contains(inner.Message, StringComparison.Ordinal)))
            {
                messages.Add(inner.Message);
            }
        }

        var text = string.Join(" ", messages);
        return text.Length > Limits.Description ? text[..Limits.Description] : text;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId}: its attempt failed; it is due again after its lease.")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, int deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to webhook {WebhookId} given up after {Attempts} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, int deliveryId, int webhookId, int attempts, string error);
}

/// <summary>A delivery that is due, the owner of its webhook (a partner key's id, 0 for the admins) and when it came due.</summary>
internal sealed record DueDelivery(int Id, int Owner, DateTime At);
