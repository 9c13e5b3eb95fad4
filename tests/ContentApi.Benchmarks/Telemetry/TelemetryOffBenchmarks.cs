using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using ContentApi.Http;
using ContentApi.Related;
using ContentApi.Telemetry;
using Microsoft.Extensions.Options;

namespace ContentApi.Benchmarks.Telemetry;

/// <summary>
/// What the service's spans and instruments cost on the hot paths, with nothing listening (telemetry off: no OTLP
/// endpoint, no Prometheus) and with a listener that records everything (as the OpenTelemetry SDK does when on):
/// a read-model lookup (a span), the response cache retiring a write's keys (a histogram), a timed related query's
/// wrapper (span and histogram) and a webhook delivery count (a counter with two tags).
///   dotnet run -c Release --project tests/ContentApi.Benchmarks -- --filter '*TelemetryOff*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class TelemetryOffBenchmarks : IDisposable
{
    private readonly string[] _keys = ["a1", "t2"];
    private ContentReadModel _model = null!;
    private ResponseCache _cache = null!;
    private ActivityListener? _spans;
    private MeterListener? _measurements;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = new ContentReadModel(Options.Create(new RelatedOptions()), TimeProvider.System);
        _model.Load([], new Dictionary<int, string[]>(), [], [], []);
        _cache = new ResponseCache(Options.Create(new ResponseCacheOptions()), () => _model.Version);
        if (!Listening)
        {
            return;
        }

        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ContentTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_spans);
        _measurements = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ContentTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _measurements.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        _measurements.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        _measurements.Start();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _spans?.Dispose();
        _measurements?.Dispose();
        _cache.Dispose();
        _model.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public int ReadModelLookup() => _model.Read(static view => view.ArticleCount);

    [Benchmark]
    public void CacheRetire() => _cache.Retire(_keys);

    [Benchmark]
#pragma warning disable CA1822 // BenchmarkDotNet runs instance methods
    public void TimedRelatedQuery()
    {
        using var timed = ContentTelemetry.Time(ContentTelemetry.RelatedDuration, "related.query");
    }

    [Benchmark]
    public void WebhookDeliveryCount() => ContentTelemetry.CountWebhookDelivery(3, "sent");
#pragma warning restore CA1822
}
