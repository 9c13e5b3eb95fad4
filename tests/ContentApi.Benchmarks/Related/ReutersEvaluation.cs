using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace ContentApi.Benchmarks.Related;

/// <summary>
/// <c>evaluate-reuters</c>: the Reuters training split through the service, with its default settings. Imports
/// articles.ndjson into a fresh SQLite database with the service's own <c>import</c> command, starts the service on
/// 127.0.0.1 (response cache off, rate limits out of the way), asks GET /v1/articles/{slug}/related?limit=10 for each of
/// the 600 queries, with the default recency and with halfLifeDays=0, and scores both as the data's README says
/// (<see cref="ReutersCorpus"/>). The service is the Release build in src/ContentApi/bin (see <see cref="ServiceProcess"/>).
/// </summary>
internal static class ReutersEvaluation
{
    public const string Usage = "Usage: evaluate-reuters [--data ../shared/data/reuters-train] [--keep]";

    public static async Task<int> RunAsync(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var folder = ReutersCorpus.Find(args.SkipWhile(a => a != "--data").Skip(1).FirstOrDefault());
        var corpus = ReutersCorpus.Load(folder);
        var service = await ServiceProcess.BuiltAsync();
        var work = Directory.CreateTempSubdirectory("contentapi-reuters-");
        var database = Path.Combine(work.FullName, "content.db");
        var port = ServiceProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Content"] = $"Data Source={database}",
            ["Seed__SampleContent"] = "false",
            ["ResponseCache__Enabled"] = "false",
            ["RateLimits__Anonymous__PermitLimit"] = "1000000",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        Console.WriteLine($"Command: dotnet run -c Release --project tests/ContentApi.Benchmarks -- evaluate-reuters {string.Join(' ', args)}".TrimEnd());
        Console.WriteLine($"Service: {service}; database: {database}");
        var clock = Stopwatch.StartNew();
        var import = ServiceProcess.Start(service, environment, ["import", Path.GetFullPath(Path.Combine(folder, "articles.ndjson"))], quiet: true);
        await import.WaitForExitAsync();
        if (import.ExitCode != 0)
        {
            Console.Error.WriteLine($"The import failed ({import.ExitCode}).");
            return 1;
        }

        Console.WriteLine($"Imported in {clock.Elapsed.TotalSeconds:F0} s.");
        using var server = ServiceProcess.Start(service, environment, [], quiet: true);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await ServiceProcess.WaitUntilReadyAsync(http, server, TimeSpan.FromMinutes(2));
            Console.WriteLine($"Service ready after {clock.Elapsed.TotalSeconds:F0} s.");
            Console.WriteLine();
            Console.WriteLine("| settings | NDCG@10 | P@5 | related p50 ms | related p99 ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, query) in new[] { ("service defaults", ""), ("recency off (halfLifeDays=0)", "&halfLifeDays=0") })
            {
                var times = new List<double>();
                var rankings = new List<IReadOnlyList<string>>();
                foreach (var slug in corpus.Queries)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.GetAsync($"/v1/articles/{slug}/related?limit=10{query}");
                    response.EnsureSuccessStatusCode();
                    var list = await response.Content.ReadFromJsonAsync<JsonElement>();
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    rankings.Add([.. list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("article").GetProperty("slug").GetString()!)]);
                }

                times.Sort();
                var (ndcg, ndcgError, precision, precisionError) = corpus.Score(rankings);
                Console.WriteLine($"| {name} | {ndcg:F4} ± {ndcgError:F4} | {precision:F4} ± {precisionError:F4} " +
                    $"| {RelatedLatencyCommand.Percentile([.. times], 50):F1} | {RelatedLatencyCommand.Percentile([.. times], 99):F1} |");
            }

            Console.WriteLine();
            Console.WriteLine("Targets (issue 17): NDCG@10 ≥ 0.68 and P@5 ≥ 0.80 with the defaults; the defaults at most 0.01 below recency off. " +
                "Times are one request at a time over loopback, uncached, including the import's SQLite file on this machine.");
            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            if (!args.Contains("--keep"))
            {
                work.Delete(recursive: true);
            }
        }
    }
}
