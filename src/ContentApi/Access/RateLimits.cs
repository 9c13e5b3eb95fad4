using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ContentApi.Access;

public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>Requests allowed per window: per key for key holders, per client IP for anonymous callers.</summary>
public sealed class RateLimitOptions
{
    public RateLimitRule Anonymous { get; set; } = new() { PermitLimit = 120 };
    public RateLimitRule Reader { get; set; } = new() { PermitLimit = 1200 };
    public RateLimitRule Partner { get; set; } = new() { PermitLimit = 600 };
    public RateLimitRule Editor { get; set; } = new() { PermitLimit = 1200 };
    public RateLimitRule Admin { get; set; } = new() { PermitLimit = 1200 };

    public RateLimitRule For(ApiRole? role) => role switch
    {
        ApiRole.Reader => Reader,
        ApiRole.Partner => Partner,
        ApiRole.Editor => Editor,
        ApiRole.Admin => Admin,
        _ => Anonymous,
    };

    public IEnumerable<RateLimitRule> All => [Anonymous, Reader, Partner, Editor, Admin];
}

/// <summary>
/// Fixed-window limits on System.Threading.RateLimiting (the limiter ASP.NET Core's middleware uses),
/// answered with the IETF draft headers on every response: RateLimit-Limit, RateLimit-Remaining and
/// RateLimit-Reset (seconds until the window ends); over the limit, 429 with Retry-After.
/// </summary>
public sealed class RateLimits : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly ConcurrentDictionary<string, long> _windowStarts = new();
    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly IProblemDetailsService _problems;

    public RateLimits(IOptions<RateLimitOptions> options, IProblemDetailsService problems)
    {
        _options = options.Value;
        _problems = problems;
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var (partition, rule) = PartitionOf(context);
            return RateLimitPartition.GetFixedWindowLimiter(partition, key =>
            {
                // The limiter's windows run on the monotonic clock from the partition's creation.
                _windowStarts[key] = Stopwatch.GetTimestamp();
                return new FixedWindowRateLimiterOptions
                {
                    PermitLimit = rule.PermitLimit,
                    Window = TimeSpan.FromSeconds(rule.WindowSeconds),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                };
            });
        });
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // The API and its OpenAPI document (anonymous, and large); not the health probes.
        if (!context.Request.Path.StartsWithSegments("/v1") && !context.Request.Path.StartsWithSegments("/openapi"))
        {
            await next(context);
            return;
        }

        var (partition, rule) = PartitionOf(context);
        using var lease = _limiter.AttemptAcquire(context);
        var remaining = _limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
        var reset = SecondsToReset(partition, rule);
        var headers = context.Response.Headers;
        headers["RateLimit-Limit"] = rule.PermitLimit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);

        if (lease.IsAcquired)
        {
            await next(context);
            return;
        }

        headers.RetryAfter = reset.ToString(CultureInfo.InvariantCulture);
        await _problems.WriteProblemAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests",
            $"This caller may make {rule.PermitLimit} requests every {rule.WindowSeconds} seconds. Retry after {reset} seconds.");
    }

    public void Dispose() => _limiter.Dispose();

    private (string Partition, RateLimitRule Rule) PartitionOf(HttpContext context)
    {
        var caller = Caller.From(context.User);
        return caller.KeyId is { } id
            ? ($"key:{id}", _options.For(caller.Role))
            : ($"ip:{context.Connection.RemoteIpAddress}", _options.Anonymous);
    }

    private long SecondsToReset(string partition, RateLimitRule rule)
    {
        var elapsed = _windowStarts.TryGetValue(partition, out var start) ? Stopwatch.GetElapsedTime(start) : TimeSpan.Zero;
        var intoWindow = elapsed.Ticks % TimeSpan.FromSeconds(rule.WindowSeconds).Ticks;
        return Math.Max(1, (long)Math.Ceiling(TimeSpan.FromSeconds(rule.WindowSeconds).Subtract(TimeSpan.FromTicks(intoWindow)).TotalSeconds));
    }
}

public static class RateLimitSetup
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits")
            .Validate(o => o.All.All(r => r.PermitLimit is > 0 and <= 1_000_000 && r.WindowSeconds is > 0 and <= 86_400),
                "RateLimits: every PermitLimit must be 1-1000000 and every WindowSeconds 1-86400")
            .ValidateOnStart();
        services.AddSingleton<RateLimits>();
        return services;
    }

    public static WebApplication UseRateLimits(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<RateLimits>();
        app.Use(limits.InvokeAsync);
        return app;
    }
}
