using System.Net;
using System.Text.Json;

using ContentApi.Tests.Access;

namespace ContentApi.Tests.Telemetry;

/// <summary>Readiness reports the read model's lag behind the change log against Health:ReadModelLag* and the database's answer time.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task ReadModelLag_IsHealthyWithinTheThreshold()
    {
        using var api = new ContentApiFactory();
        var checks = await ReadyChecksAsync(api, HttpStatusCode.OK);

        Assert.Equal("healthy", checks.GetProperty("readModelLag").GetProperty("status").GetString());
        Assert.StartsWith("Every write older than", checks.GetProperty("readModelLag").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Answered in", checks.GetProperty("database").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadModelLag_PastTheDegradedThreshold_IsDegraded_StillServing()
    {
        // The change log is read once, at start-up, then not for ten minutes: the lag grows from there.
        using var api = new ConfiguredApiFactory(("Replicas:PollInterval", "00:10:00"), ("Replicas:Listen", "false"),
            ("Health:ReadModelLagDegraded", "00:00:00.200"), ("Health:ReadModelLagUnhealthy", "00:10:00"));
        await ReadyChecksAsync(api, HttpStatusCode.OK);
        api.Clock.Advance(TimeSpan.FromMilliseconds(400));

        var checks = await ReadyChecksAsync(api, HttpStatusCode.OK);
        Assert.Equal("degraded", checks.GetProperty("readModelLag").GetProperty("status").GetString());
        Assert.Contains("Health:ReadModelLagDegraded (200 ms)", checks.GetProperty("readModelLag").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadModelLag_PastTheUnhealthyThreshold_IsUnhealthy_503()
    {
        using var api = new ConfiguredApiFactory(("Replicas:PollInterval", "00:10:00"), ("Replicas:Listen", "false"),
            ("Health:ReadModelLagDegraded", "00:00:00.100"), ("Health:ReadModelLagUnhealthy", "00:00:00.200"));
        await ReadyChecksAsync(api, null);
        api.Clock.Advance(TimeSpan.FromMilliseconds(400));

        var checks = await ReadyChecksAsync(api, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", checks.GetProperty("readModelLag").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ADatabaseSlowerThanTheThreshold_IsDegraded()
    {
        // No database answers two queries in a tick.
        using var api = new ConfiguredApiFactory(("Health:DatabaseSlow", "00:00:00.0000001"));
        var checks = await ReadyChecksAsync(api, HttpStatusCode.OK);

        Assert.Equal("degraded", checks.GetProperty("database").GetProperty("status").GetString());
    }

    private static async Task<JsonElement> ReadyChecksAsync(ContentApiFactory api, HttpStatusCode? expected)
    {
        using var response = await api.CreateClientFor(null).GetAsync("/health/ready");
        if (expected is { } status)
        {
            await response.ShouldHaveStatusAsync(status);
        }

        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").Clone();
    }
}
