using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ContentApi.Http;

/// <summary>The thresholds of readiness: past the first it reports degraded (still 200), past the second unhealthy (503).</summary>
public sealed class HealthOptions
{
    /// <summary>How far the read model may lag behind the change log (see ContentReadModel.Lag) before readiness is degraded.</summary>
    public TimeSpan ReadModelLagDegraded { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>... and before it is unhealthy: a replica that far behind is taken out of rotation.</summary>
    public TimeSpan ReadModelLagUnhealthy { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the database may take to answer the readiness check's queries before readiness is degraded.</summary>
    public TimeSpan DatabaseSlow { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// /health/live: the process answers (restart it if not). /health/ready: it can serve, meaning the database
/// answers, every migration is applied and the article catalog with its related-articles index is loaded
/// (send it traffic only then), the database answered within Health:DatabaseSlow and the read model is no further behind
/// the change log than Health:ReadModelLagDegraded (degraded past it, still 200; unhealthy past Health:ReadModelLagUnhealthy).
/// Both answer 200 or 503 with each check's status; neither needs a key.
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddContentHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration("Health")
            .Validate(o => o.ReadModelLagDegraded > TimeSpan.Zero && o.ReadModelLagUnhealthy >= o.ReadModelLagDegraded,
                "Health:ReadModelLagDegraded must be more than 0 and at most Health:ReadModelLagUnhealthy")
            .Validate(o => o.DatabaseSlow > TimeSpan.Zero, "Health:DatabaseSlow must be more than 0")
            .ValidateOnStart();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<CatalogHealthCheck>("catalog", tags: [Ready])
            .AddCheck<ReadModelLagHealthCheck>("readModelLag", tags: [Ready]);
        return services;
    }

    public static void MapContentHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), detail = e.Value.Description }),
        }));
    }

    private sealed class DatabaseHealthCheck(ContentDb db, IOptions<HealthOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var started = Stopwatch.GetTimestamp();
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            var took = Stopwatch.GetElapsedTime(started);
            if (pending.Count > 0)
            {
                return HealthCheckResult.Unhealthy($"Migrations not applied: {string.Join(", ", pending)}.");
            }

            var answered = $"Answered in {Milliseconds(took)}, every migration applied";
            return took > options.Value.DatabaseSlow
                ? HealthCheckResult.Degraded($"{answered}: slower than Health:DatabaseSlow ({Milliseconds(options.Value.DatabaseSlow)}).")
                : HealthCheckResult.Healthy(answered + ".");
        }
    }

    private sealed class ReadModelLagHealthCheck(ContentApi.ReadModel.ContentReadModel model, IOptions<HealthOptions> options) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var lag = model.Lag;
            var limits = options.Value;
            var current = $"Every write older than {Milliseconds(lag)} is in the read model";
            return Task.FromResult(!model.IsLoaded ? HealthCheckResult.Unhealthy("The read model is still loading.")
                : lag > limits.ReadModelLagUnhealthy ? HealthCheckResult.Unhealthy($"{current}: behind by more than Health:ReadModelLagUnhealthy ({Milliseconds(limits.ReadModelLagUnhealthy)}).")
                : lag > limits.ReadModelLagDegraded ? HealthCheckResult.Degraded($"{current}: behind by more than Health:ReadModelLagDegraded ({Milliseconds(limits.ReadModelLagDegraded)}).")
                : HealthCheckResult.Healthy(current + "."));
        }
    }

    private static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    private sealed class CatalogHealthCheck(ContentApi.ReadModel.ContentReadModel model) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(model.IsLoaded
                ? HealthCheckResult.Healthy("Read model and related-articles index loaded.")
                : HealthCheckResult.Unhealthy("The read model and related-articles index are still loading."));
    }
}
