using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using ContentApi.Articles;
using ContentApi.Related;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

namespace ContentApi.Benchmarks.Related;

/// <summary>
/// One related-articles query with the service's defaults (limit 5, every candidate accepted), rotating
/// over 1,000 source articles picked by a seeded shuffle, so each invocation is one query and the
/// reported times are per query. Median, P95 and P99 are over iterations (each the mean of many
/// queries); for percentiles over single queries run <c>related-latency</c>.
/// <code>dotnet run -c Release --project tests/ContentApi.Benchmarks -- --filter '*RelatedQueryBenchmarks*'</code>
/// </summary>
[Config(typeof(RelatedQueryConfig))]
public class RelatedQueryBenchmarks
{
    private const int Sources = 1_000;

    private RelatedIndex _index = null!;
    private ArticleFacts[] _sources = [];
    private RelatedQuery? _query;
    private int _next;

    [Params(10_000, 100_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var corpus = SyntheticFacts.Generate(N);
        _index = ServiceQuery.Index(new RelatedOptions(), corpus.Entities);
        _index.Load(corpus.Articles);
        _sources = [.. corpus.SampleIds(Sources, SyntheticFacts.DefaultSeed + 1).Select(id => corpus.Articles[id - 1])];
        _query = ServiceQuery.From(new RelatedOptions(), limit: 5);

        // At 1M a query takes tens of milliseconds, so BenchmarkDotNet's warm-up runs it only a few dozen times:
        // keep calling it for a second first, so tiered compilation has promoted Query to optimized code.
        var warmUp = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 100 || warmUp.Elapsed < TimeSpan.FromSeconds(1); i++)
        {
            _index.Query(_sources[i % _sources.Length], _query);
        }
    }

    [Benchmark]
    public int Query()
    {
        var source = _sources[_next];
        _next = (_next + 1) % _sources.Length;
        return _index.Query(source, _query!).Count;
    }
}

/// <summary>
/// Building the index over 1,000,000 synthetic articles (the catalog's start-up and reload cost).
/// MemoryDiagnoser's Allocated is everything Load allocates, garbage included; the memory the index
/// keeps is measured by <c>related-latency</c> (managed heap before and after Load).
/// </summary>
[Config(typeof(RelatedLoadConfig))]
public class RelatedLoadBenchmarks
{
    private SyntheticFacts _corpus = null!;

    [Params(1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _corpus = SyntheticFacts.Generate(N);

    [Benchmark]
    public int Load()
    {
        var index = ServiceQuery.Index(new RelatedOptions(), _corpus.Entities);
        index.Load(_corpus.Articles);
        return index.ArticleCount;
    }
}

/// <summary>Few, short iterations (the 1M setup alone takes seconds); median and tail percentiles; allocations per query.</summary>
internal sealed class RelatedQueryConfig : ManualConfig
{
    public RelatedQueryConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(20)
            .WithIterationTime(TimeInterval.FromMilliseconds(500))
            .WithId("Related"));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.Max);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>Each Load is seconds long: run it a few times, once per iteration, no unrolling.</summary>
internal sealed class RelatedLoadConfig : ManualConfig
{
    public RelatedLoadConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("Load"));
        AddColumn(StatisticColumn.Median, StatisticColumn.Max);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>A percentile of the iteration times BenchmarkDotNet's StatisticColumn has no field for (it has P95, not P99).</summary>
internal sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => $"{nameof(PercentileColumn)}.P{percentile}";

    public string ColumnName => $"P{percentile}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => $"Percentile {percentile} of the iteration times (each the mean of many invocations)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } statistics)
        {
            return "NA";
        }

        var nanoseconds = statistics.Percentiles.Percentile(percentile);
        var unit = style.TimeUnit ?? TimeUnit.GetBestTimeUnit(statistics.Mean);
        return (nanoseconds * TimeUnit.Nanosecond.BaseUnits / unit.BaseUnits).ToString("N3", style.CultureInfo) + (style.PrintUnitsInContent ? " " + unit.Abbreviation : "");
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
