using System.Diagnostics;
using System.Security.Claims;

namespace ContentApi.Http;

/// <summary>
/// One structured log line per request (method, route, status, duration, the caller's key name, never the
/// key, and the trace id), and the trace id in every response as X-Trace-Id: the same id problem+json bodies
/// carry as traceId, so a client's report leads to the log line.
/// </summary>
public static partial class RequestLog
{
    public const string TraceHeader = "X-Trace-Id";

    /// <summary>The request's W3C trace id (as in traceparent), or the server's request id without one.</summary>
    public static string TraceIdOf(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;

    public static WebApplication UseRequestLog(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ContentApi.Requests");
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var traceId = TraceIdOf(context);
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[TraceHeader] = traceId;
                return Task.CompletedTask;
            });
            try
            {
                await next(context);
            }
            finally
            {
                var level = context.Request.Path.StartsWithSegments("/health") ? LogLevel.Debug : LogLevel.Information;
                if (log.IsEnabled(level))
                {
                    var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
                    var caller = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.Name) : null;
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Served(log, level, context.Request.Method, route, context.Response.StatusCode, elapsed, caller ?? "anonymous", traceId);
                }
            }
        });
        return app;
    }

    [LoggerMessage(Message = "{Method} {Route} answered {Status} in {ElapsedMs:0.0} ms for {Caller} (trace {TraceId})")]
    private static partial void Served(ILogger logger, LogLevel level, string method, string route, int status, double elapsedMs, string caller, string traceId);
}
