using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;

namespace ContentApi.Tests.Fuzzing;

/// <summary>
/// Issue #7, "never fall over": random and malformed requests for every operation of the contract, by
/// every kind of caller, and for each answer: no 5xx, a status the contract documents for the operation,
/// every error an RFC 9457 problem, and nothing stored changed by a write that was refused.
/// <para>
/// One CsCheck sample is a whole run of <see cref="Requests"/> requests, sent in order: later requests
/// meet what earlier ones created or deleted, and CsCheck seeds only the first sample, so a run is one
/// sample from one seed. The default seed makes every run the same; a failure prints the seed to
/// reproduce it. FUZZ_ITERATIONS sets the number of requests, FUZZ_SEED the seed ("random" for a new one).
/// </para>
/// </summary>
public sealed class NeverFallOverTests(FuzzApiFactory api, ITestOutputHelper output) : IClassFixture<FuzzApiFactory>
{
    private const int DefaultRequests = 3_000;
    private const string DefaultSeed = "0N0XIzNsQ0O2";

    private static int Requests =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), out var requests) && requests > 0 ? requests : DefaultRequests;

    private static string? Seed => Environment.GetEnvironmentVariable("FUZZ_SEED") switch
    {
        null or "" => DefaultSeed,
        "random" => null,
        var seed => seed,
    };

    [Fact]
    public async Task RandomAndMalformedRequests_AreAnsweredAsTheContractSays_AndRefusedWritesChangeNothing()
    {
        var targets = await FuzzTargets.SeedAsync(api);
        using var stored = new StoredContent(api.Database);
        using var runner = new FuzzRunner(api, targets, stored);
        var watch = Stopwatch.StartNew();
        try
        {
            await RequestGen.Run(FuzzContract.Operations, Requests).SampleAsync(
                async requests =>
                {
                    foreach (var request in requests)
                    {
                        await runner.SendAsync(request);
                    }

                    runner.ThrowIfFailed();
                },
                seed: Seed, iter: 1, threads: 1, print: requests => $"a run of {requests.Length} requests");
        }
        finally
        {
            output.WriteLine(runner.Summary(watch.Elapsed));
        }
    }
}
