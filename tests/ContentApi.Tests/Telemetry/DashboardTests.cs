using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContentApi.Persistence;
using Npgsql;

namespace ContentApi.Tests.Telemetry;

/// <summary>The Grafana dashboard (src/ContentApi/Telemetry/grafana-dashboard.json) loads only metrics the service serves.</summary>
public sealed partial class DashboardTests(PrometheusApiFactory api) : IClassFixture<PrometheusApiFactory>
{
    /// <summary>
    /// Every metric a panel's query names is in a scrape taken after some traffic, or, for those that appear only once
    /// their event happens (a webhook delivery, an import, PostgreSQL's pool), is the Prometheus name of an instrument
    /// the service's meters or Npgsql's declare. The SQLite read pool's gauge is not served on PostgreSQL.
    /// </summary>
    [Fact]
    public async Task EveryMetricAPanelQueries_Exists()
    {
        var article = await api.CreateClient().CreateArticleAsync();
        using var reader = api.CreateClientFor(ApiRole.Reader);
        foreach (var url in new[] { $"/v1/articles/{article.Slug}", $"/v1/articles/{article.Slug}", $"/v1/articles/{article.Id}/related", "/v1/articles?q=minister" })
        {
            using var response = await reader.GetAsync(url);
        }

        var scrape = await PrometheusScrape.ReadAsync(api.CreateClientFor(null));
        var served = scrape.Samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var declared = DeclaredNames();

        var queried = Queries().SelectMany(q => MetricName().Matches(q).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.True(queried.Count >= 15, $"The dashboard's queries name {queried.Count} metrics.");
        // The pool of read connections the service keeps itself is SQLite's; on PostgreSQL that panel shows Npgsql's pool.
        string[] otherDatabaseOnly = TestDatabase.OnPostgres ? ["contentapi_db_read_connections"] : [];
        var missing = queried.Where(name => !served.Contains(name) && !declared.Contains(name) && !otherDatabaseOnly.Contains(name)).ToList();
        Assert.True(missing.Count == 0, $"The dashboard queries metrics the service does not serve: {string.Join(", ", missing)}");
        Assert.Contains(queried, served.Contains);
    }

    [Fact]
    public void HasThePanelsOperatorsNeed()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath()));
        var titles = dashboard.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()!).ToList();
        foreach (var needed in new[] { "Requests per second by route and status", "p99 latency by route", "Response cache hit ratio",
            "Replica lag behind the change log", "Webhook deliveries by webhook and outcome", "Memory" })
        {
            Assert.Contains(needed, titles);
        }
    }

    private static List<string> Queries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath()));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!)];
    }

    /// <summary>The Prometheus names (as the OpenTelemetry exporter writes them) of every instrument published in this process.</summary>
    private static HashSet<string> DeclaredNames()
    {
        // Npgsql declares its pool's instruments with its first data source.
        using (NpgsqlDataSource.Create("Host=127.0.0.1"))
        {
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                var name = instrument.Name.Replace('.', '_') + instrument.Unit switch
                {
                    "s" => "_seconds",
                    "By" => "_bytes",
                    _ => "",
                };
                var type = instrument.GetType().GetGenericTypeDefinition();
                if (type == typeof(Counter<>) || type == typeof(ObservableCounter<>))
                {
                    names.Add(name + "_total");
                }
                else if (type == typeof(Histogram<>))
                {
                    names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
                }
                else
                {
                    names.Add(name);
                }
            },
        };
        listener.Start();
        return names;
    }

    private static string DashboardPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "ContentApi", "Telemetry", "grafana-dashboard.json");
            if (File.Exists(Path.Combine(folder.FullName, "ContentApi.sln")) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("src/ContentApi/Telemetry/grafana-dashboard.json was not found above the test output folder.");
    }

    [GeneratedRegex("""([a-zA-Z_:][a-zA-Z0-9_:]*)\{""")]
    private static partial Regex MetricName();
}
