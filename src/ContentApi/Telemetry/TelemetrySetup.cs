using System.Diagnostics.Metrics;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Changes;
using ContentApi.Persistence;
using ContentApi.Persistence.Postgres;
using ContentApi.Persistence.Sqlite;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ContentApi.Telemetry;

public sealed class PrometheusOptions
{
    /// <summary>Serve the metrics in Prometheus's text format (off by default).</summary>
    public bool Enabled { get; set; }

    /// <summary>The path they are served at.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// When set, they are served only to requests that came in on this port, which the service must also listen on
    /// (ASPNETCORE_HTTP_PORTS="8080;9464" or ASPNETCORE_URLS), so the API's port need not expose them; 0 for the API's port.
    /// </summary>
    public int Port { get; set; }
}

public sealed class TelemetryOptions
{
    public PrometheusOptions Prometheus { get; set; } = new();
}

/// <summary>
/// OpenTelemetry for the service: traces and metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (with the
/// other standard OTEL_* variables), metrics for Prometheus to scrape when Telemetry:Prometheus:Enabled, and nothing at
/// all (no provider, no listener, no decorator) when neither.
/// </summary>
public static partial class TelemetrySetup
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The meters read besides the service's own: ASP.NET Core's and HttpClient's (by the instrumentations), the runtime's, EF Core's, Npgsql's pool.</summary>
    private static readonly string[] OtherMeters = ["Microsoft.EntityFrameworkCore", "Npgsql"];

    public static IServiceCollection AddContentTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration("Telemetry")
            .Validate(o => o.Prometheus.Path.StartsWith('/') && o.Prometheus.Path.Length > 1, "Telemetry:Prometheus:Path must be a path such as /metrics")
            .Validate(o => o.Prometheus.Port is >= 0 and <= 65535, "Telemetry:Prometheus:Port must be 0 (the API's port) or a port number")
            .ValidateOnStart();
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);
        var prometheus = configuration.GetValue<bool>("Telemetry:Prometheus:Enabled");
        if (!otlp && !prometheus)
        {
            return services;
        }

        Decorate<IFullTextSearch>(services, search => new ObservedFullTextSearch(search));
        Decorate<IStoredPages>(services, pages => new ObservedStoredPages(pages));
        Decorate<IRepresentationRenderer>(services, renderer => new ObservedRenderer(renderer));
        var system = DataSetup.ProviderOf(configuration) == DatabaseProvider.Postgres ? "postgresql" : "sqlite";
        var database = new DatabaseTelemetry(system);
        services.ConfigureDbContext<ContentDb>(options => options.AddInterceptors(database), ServiceLifetime.Singleton);
        services.ConfigureDbContext<PostgresContentDb>(options => options.AddInterceptors(database), ServiceLifetime.Singleton);
        services.AddSingleton<ContentMetrics>();

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "contentapi"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ContentTelemetry.Name, ContentMetrics.Name).AddMeter(OtherMeters)
                    .AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (prometheus)
                {
                    // Each scrape collects afresh: the exporter would otherwise send the same answer for 300 ms.
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(ContentTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }

        return services;
    }

    /// <summary>
    /// The scrape endpoint (before anything else: never logged as an API request, rate limited, authenticated or held to
    /// the API's query rules) and, on every request, the cache and caller attributes of its span and the cache counter.
    /// Adds nothing when telemetry is off.
    /// </summary>
    public static WebApplication UseContentTelemetry(this WebApplication app)
    {
        if (app.Services.GetService<ContentMetrics>() is not { } metrics)
        {
            return app;
        }

        var prometheus = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus;
        if (prometheus.Enabled)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null,
                predicate: http => http.Request.Path == prometheus.Path && (prometheus.Port == 0 || http.Connection.LocalPort == prometheus.Port),
                path: null, configureBranchedPipeline: null, optionsName: null);
            if (prometheus.Port != 0)
            {
                app.Lifetime.ApplicationStarted.Register(() => WarnUnlessListening(app, prometheus.Port));
            }
        }

        metrics.Start();
        app.Use(static async (context, next) =>
        {
            await next(context);
            Describe(context);
        });
        return app;
    }

    /// <summary>Counts the response cache's answer (the X-Cache header) and tags the request's span with it and the caller's role.</summary>
    private static void Describe(HttpContext context)
    {
        var header = context.Response.Headers[ETagFilter.CacheHeader];
        var cache = header == "hit" ? "hit" : header == "miss" ? "miss" : null;
        if (cache is not null)
        {
            ContentTelemetry.CacheRequests.Add(1, new KeyValuePair<string, object?>("result", cache));
        }

        if (context.Features.Get<IHttpActivityFeature>()?.Activity is { IsAllDataRequested: true } span)
        {
            span.SetTag(ContentTelemetry.Cache, cache ?? "none");
            span.SetTag(ContentTelemetry.CallerRole, Caller.From(context.User).Role switch
            {
                ApiRole.Reader => "reader",
                ApiRole.Partner => "partner",
                ApiRole.Editor => "editor",
                ApiRole.Admin => "admin",
                _ => "anonymous",
            });
        }
    }

    /// <summary>Says so in the log when the service does not listen on the metrics' own port (it must be among its addresses).</summary>
    private static void WarnUnlessListening(WebApplication app, int port)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is { Count: > 0 } && !addresses.Any(a => BindingAddress.Parse(a).Port == port))
        {
            LogNotListening(app.Logger, port, string.Join(", ", addresses));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Telemetry:Prometheus:Port is {Port} but the service listens only on {Addresses}: add the port to ASPNETCORE_HTTP_PORTS or ASPNETCORE_URLS, or set it to 0.")]
    private static partial void LogNotListening(ILogger logger, int port, string addresses);

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health");

    /// <summary>Puts <paramref name="decorate"/> around the implementation registered last for <typeparamref name="TService"/>.</summary>
    private static void Decorate<TService>(IServiceCollection services, Func<TService, TService> decorate) where TService : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TService));
        if (registered is null)
        {
            return;
        }

        services.Remove(registered);
        services.Add(ServiceDescriptor.Describe(typeof(TService), provider => decorate((TService)(registered switch
        {
            { ImplementationInstance: { } instance } => instance,
            { ImplementationFactory: { } factory } => factory(provider),
            _ => ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!),
        })), registered.Lifetime));
    }
}

/// <summary>
/// The gauges read from the service's state at each collection: the read model's size, version and lag, the change log
/// follower's position, SQLite's pooled read connections. A meter of the host's (from <see cref="IMeterFactory"/>), so its
/// callbacks go with the host.
/// </summary>
public sealed class ContentMetrics(IMeterFactory meters, ContentReadModel model, ChangeFeedFollower follower, IServiceProvider services)
{
    public const string Name = "ContentApi.State";

    private int _started;

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        var meter = meters.Create(Name);
        meter.CreateObservableGauge("contentapi.read_model.articles", () => model.IsLoaded ? model.Read(v => v.ArticleCount) : 0,
            "{article}", "Articles the read model holds");
        meter.CreateObservableGauge("contentapi.read_model.version", () => model.Version, "{change}", "Changes the read model has applied since start");
        meter.CreateObservableGauge("contentapi.read_model.lag", () => model.Lag.TotalSeconds,
            "s", "Time since the start of the last read of the change log that reached its end: writes older than this are in the read model");
        meter.CreateObservableGauge("contentapi.change_log.position", () => follower.Position,
            "{entry}", "The last change log sequence this instance's follower has read");
        if (services.GetService<SqliteReadConnections>() is { } sqlite)
        {
            meter.CreateObservableGauge("contentapi.db.read_connections", () => sqlite.Pooled,
                "{connection}", "SQLite read connections open and idle in the pool (search and stored pages)");
        }
    }
}
