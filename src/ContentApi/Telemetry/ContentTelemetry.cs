using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ContentApi.Telemetry;

/// <summary>
/// The service's own spans and instruments: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>. With no listener (telemetry off) a span is never started and a measurement is dropped at once,
/// without allocating: the hot paths call these unconditionally. The names below are the contract the README, the
/// Grafana dashboard and the tests share; the Prometheus exporter turns dots into underscores and adds the unit
/// (<c>_seconds</c>) and, for counters, <c>_total</c>.
/// </summary>
public static class ContentTelemetry
{
    public const string Name = "ContentApi";

    /// <summary>Span attribute: who called (anonymous, reader, partner, editor, admin).</summary>
    public const string CallerRole = "contentapi.caller.role";

    /// <summary>Span attribute: whether the response cache answered (hit), computed and kept the answer (miss), or neither (none).</summary>
    public const string Cache = "contentapi.cache";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Readers' GETs answered from the response cache (result=hit) or computed and kept (result=miss): the X-Cache header.</summary>
    public static readonly Counter<long> CacheRequests = Meter.CreateCounter<long>(
        "contentapi.cache.requests", "{request}", "Readers' GETs answered from the response cache (hit) or computed and kept (miss)");

    /// <summary>Answers the response cache retired, one measurement per write (or per batch of other replicas' writes).</summary>
    public static readonly Histogram<long> CacheRetired = Meter.CreateHistogram<long>(
        "contentapi.cache.retired", "{answer}", "Kept answers retired per write",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000] });

    /// <summary>Kept answers a write may have changed, checked before they were sent again: result=held (sent) or changed (computed afresh).</summary>
    public static readonly Counter<long> CacheChecked = Meter.CreateCounter<long>(
        "contentapi.cache.checked", "{answer}", "Kept answers a write may have changed, checked at their next request (held or changed)");

    public static readonly Histogram<double> SearchDuration = Meter.CreateHistogram<double>(
        "contentapi.search.duration", "s", "Full-text search calls (operation=ranked, matching or snippets)", advice: LatencyBuckets);

    public static readonly Histogram<double> RelatedDuration = Meter.CreateHistogram<double>(
        "contentapi.related.duration", "s", "Related-article scoring of one source article", advice: LatencyBuckets);

    public static readonly Histogram<double> DatabaseDuration = Meter.CreateHistogram<double>(
        "contentapi.db.command.duration", "s", "Database commands sent through EF Core (their sum is the time the database was busy for this instance)",
        advice: LatencyBuckets);

    public static readonly Histogram<double> FollowerApplyDelay = Meter.CreateHistogram<double>(
        "contentapi.change_log.apply_delay", "s", "From another replica's write (its change log entry's time) to this instance applying it",
        advice: LatencyBuckets);

    /// <summary>Webhook deliveries by webhook id and outcome: queued, sent, retried (failed, due again) or failed (given up).</summary>
    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "contentapi.webhook.deliveries", "{delivery}", "Webhook deliveries by webhook and outcome (queued, sent, retried, failed)");

    public static readonly Counter<long> ExtractionJobs = Meter.CreateCounter<long>(
        "contentapi.extraction.jobs", "{job}", "Entity extraction jobs finished, by outcome (done, failed)");

    public static readonly Counter<long> ImportJobs = Meter.CreateCounter<long>(
        "contentapi.import.jobs", "{job}", "Imports finished, by outcome (done, refused)");

    private static InstrumentAdvice<double> LatencyBuckets => new()
    {
        HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    /// <summary>A span (when something listens) and a duration recorded into <paramref name="histogram"/> when disposed.</summary>
    public static Timed Time(Histogram<double> histogram, string span, string? operation = null)
    {
        var activity = Source.StartActivity(span);
        if (operation is not null)
        {
            activity?.SetTag("contentapi.operation", operation);
        }

        return new(histogram, activity, operation, histogram.Enabled ? Stopwatch.GetTimestamp() : 0);
    }

    public static void Count(Counter<long> counter, string outcome) =>
        counter.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void CountWebhookDelivery(int webhookId, string outcome, int deliveries = 1)
    {
        if (WebhookDeliveries.Enabled && deliveries > 0)
        {
            WebhookDeliveries.Add(deliveries,
                new KeyValuePair<string, object?>("webhook", webhookId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>Counts deliveries just queued, per webhook.</summary>
    public static void CountQueued(List<WebhookDelivery> deliveries)
    {
        if (!WebhookDeliveries.Enabled)
        {
            return;
        }

        foreach (var webhook in deliveries.GroupBy(d => d.WebhookId))
        {
            CountWebhookDelivery(webhook.Key, "queued", webhook.Count());
        }
    }

    /// <summary>Ends a span started by <see cref="Time"/> and records its duration.</summary>
    public readonly struct Timed(Histogram<double> histogram, Activity? activity, string? operation, long started) : IDisposable
    {
        public Activity? Activity => activity;

        public void Dispose()
        {
            if (started != 0)
            {
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (operation is null)
                {
                    histogram.Record(seconds);
                }
                else
                {
                    histogram.Record(seconds, new KeyValuePair<string, object?>("operation", operation));
                }
            }

            activity?.Dispose();
        }
    }
}
