using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ContentApi.Benchmarks.Reliability;

/// <summary>
/// <c>crash-test</c>: runs the built service on a fresh SQLite file, lets concurrent writers create and rename
/// articles, kills the process mid-load (SIGKILL; or SIGTERM with --signal term, to check a graceful stop),
/// starts it again and checks that every write answered 2xx is there and intact, and that the database passes
/// PRAGMA integrity_check. Repeats for each round on the same database and prints the figures.
/// </summary>
internal static class CrashTestCommand
{
    public const string Usage = """
        Usage: crash-test [--rounds 5] [--writers 8] [--min-seconds 2] [--max-seconds 6] [--signal kill|term] [--synchronous full|normal] [--app PATH] [--seed 7]
          --app          the service's ContentApi.dll (default: src/ContentApi/bin/Release/net10.0, built first if missing)
          --signal       kill: SIGKILL, nothing gets to finish; term: SIGTERM, in-flight requests should finish
          --synchronous  Sqlite:Synchronous for the service under test
        """;

    private static int _reportedRefusal;

    private sealed record Expected(string Slug, HashSet<string> Headlines, string Body);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(Usage);
            return 0;
        }

        int rounds = 5, writers = 8, seed = 7;
        double minSeconds = 2, maxSeconds = 6;
        string signal = "kill", synchronous = "full";
        string? app = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--rounds": rounds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--writers": writers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--min-seconds": minSeconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--max-seconds": maxSeconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--signal": signal = value; break;
                case "--synchronous": synchronous = value; break;
                case "--app": app = value; break;
                case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        app ??= await ServiceProcess.BuiltAsync();
        var folder = Path.Combine(Path.GetTempPath(), "contentapi-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "content.db");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Content"] = $"Data Source={database}",
            ["Seed__SampleContent"] = "false",
            ["Sqlite__Synchronous"] = synchronous,
            ["RateLimits__Editor__PermitLimit"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var key = await CreateEditorKeyAsync(app, environment);
        var random = new Random(seed);
        var expected = new ConcurrentDictionary<string, Expected>();
        var totals = (Acknowledged: 0, Lost: 0, Damaged: 0);
        Console.WriteLine($"crash-test: {rounds} rounds, {writers} writers, SIG{signal.ToUpperInvariant()} after {minSeconds}-{maxSeconds} s, synchronous={synchronous}, database {database}");
        Console.WriteLine("round  acked-creates  acked-renames  writes/s  exit  lost  damaged  integrity");
        for (var round = 1; round <= rounds; round++)
        {
            var port = ServiceProcess.FreePort();
            using var service = ServiceProcess.Start(app, environment, ["--urls", $"http://127.0.0.1:{port}"]);
            using var client = Client(port, key);
            await ServiceProcess.WaitUntilReadyAsync(client, service, TimeSpan.FromSeconds(60));
            await WarmUpAsync(client);

            using var stop = new CancellationTokenSource();
            var counts = new int[2];
            var started = Stopwatch.GetTimestamp();
            var load = Enumerable.Range(0, writers).Select(w => WriteAsync(client, expected, counts, round * 1000 + w, stop.Token)).ToList();
            await Task.Delay(TimeSpan.FromSeconds(minSeconds + random.NextDouble() * (maxSeconds - minSeconds)));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (signal == "term")
            {
                Process.Start("kill", ["-TERM", service.Id.ToString(CultureInfo.InvariantCulture)]).WaitForExit();
            }
            else
            {
                service.Kill(entireProcessTree: true);
            }

            await service.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(load);

            var checkPort = ServiceProcess.FreePort();
            using var restarted = ServiceProcess.Start(app, environment, ["--urls", $"http://127.0.0.1:{checkPort}"]);
            using var checker = Client(checkPort, key);
            await ServiceProcess.WaitUntilReadyAsync(checker, restarted, TimeSpan.FromSeconds(60));
            var (lost, damaged) = await VerifyAsync(checker, expected.Values);
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
            var integrity = await IntegrityAsync(database);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{round,5}  {counts[0],13}  {counts[1],13}  {(counts[0] + counts[1]) / elapsed,8:F0}  {service.ExitCode,4}  {lost,4}  {damaged,7}  {integrity}"));
            totals = (totals.Acknowledged + counts[0] + counts[1], totals.Lost + lost, totals.Damaged + damaged);
            if (integrity != "ok")
            {
                totals.Damaged++;
            }
        }

        Console.WriteLine($"total: {totals.Acknowledged} acknowledged writes, {totals.Lost} lost, {totals.Damaged} damaged");
        Directory.Delete(folder, recursive: true);
        return totals.Lost + totals.Damaged == 0 ? 0 : 1;
    }

    /// <summary>Creates draft articles and renames its own ones until stopped; records what each 2xx promised.</summary>
    private static async Task WriteAsync(HttpClient client, ConcurrentDictionary<string, Expected> expected, int[] counts, int writer, CancellationToken stop)
    {
        var random = new Random(writer);
        var mine = new List<Expected>();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            try
            {
                if (mine.Count > 0 && random.Next(3) == 0)
                {
                    var target = mine[random.Next(mine.Count)];
                    var headline = $"Renamed {writer}-{n}";
                    lock (target.Headlines)
                    {
                        target.Headlines.Add(headline); // in flight: either headline may be stored until the answer comes
                    }

                    using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/v1/articles/{target.Slug}")
                    {
                        Content = new StringContent(JsonSerializer.Serialize(new { headline }), System.Text.Encoding.UTF8, "application/merge-patch+json"),
                    };
                    using var renamed = await client.SendAsync(patch, stop);
                    if (renamed.IsSuccessStatusCode)
                    {
                        lock (target.Headlines)
                        {
                            target.Headlines.Clear();
                            target.Headlines.Add(headline);
                        }

                        Interlocked.Increment(ref counts[1]);
                    }

                    continue;
                }

                var slug = $"crash-{writer}-{n}-{Guid.NewGuid():N}"[..40];
                var body = $"Paragraph {n} by writer {writer}: {Guid.NewGuid():N}.";
                var created = await client.PostAsJsonAsync("/v1/articles",
                    new { slug, headline = $"Story {writer}-{n}", body, section = "Test", status = "draft" }, stop);
                if (!created.IsSuccessStatusCode && Interlocked.Exchange(ref _reportedRefusal, 1) == 0)
                {
                    Console.Error.WriteLine($"A create was refused: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync(stop)}");
                }

                if (created.IsSuccessStatusCode)
                {
                    var promise = new Expected(slug, [$"Story {writer}-{n}"], body);
                    expected[slug] = promise;
                    mine.Add(promise);
                    Interlocked.Increment(ref counts[0]);
                }

                created.Dispose();
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                // The service went away mid-request: that write was never acknowledged.
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(10, CancellationToken.None);
            }
        }
    }

    /// <summary>How many acknowledged articles are missing, and how many differ from every state they may be in.</summary>
    private static async Task<(int Lost, int Damaged)> VerifyAsync(HttpClient client, IEnumerable<Expected> expected)
    {
        var (lost, damaged) = (0, 0);
        foreach (var article in expected)
        {
            using var response = await client.GetAsync($"/v1/articles/{article.Slug}");
            if (!response.IsSuccessStatusCode)
            {
                lost++;
                continue;
            }

            var stored = await response.Content.ReadFromJsonAsync<JsonElement>();
            var headline = stored.GetProperty("headline").GetString()!;
            var body = stored.GetProperty("body").GetProperty("markdown").GetString();
            bool known;
            lock (article.Headlines)
            {
                known = article.Headlines.Contains(headline);
                article.Headlines.Clear();
                article.Headlines.Add(headline);
            }

            if (!known || body != article.Body)
            {
                damaged++;
            }
        }

        return (lost, damaged);
    }

    private static async Task<string> CreateEditorKeyAsync(string app, Dictionary<string, string> environment)
    {
        var info = ServiceProcess.StartInfo(app, environment, ["keys", "create", "--role", "editor", "--name", "crash test"]);
        info.RedirectStandardOutput = true;
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Single(l => l.StartsWith("cak_", StringComparison.Ordinal));
    }

    private static HttpClient Client(int port, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>One write before the clock starts: the first request of a process pays for JIT and caches.</summary>
    private static async Task WarmUpAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/v1/articles",
            new { slug = $"warm-up-{Guid.NewGuid():N}", headline = "Warm-up", body = "Warm-up.", section = "Test", status = "draft" });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string> IntegrityAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
