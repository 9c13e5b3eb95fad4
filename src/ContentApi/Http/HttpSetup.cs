using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.ResponseCompression;

namespace ContentApi.Http;

public sealed class HttpOptions
{
    /// <summary>Largest request body accepted, in bytes; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest body of POST /v1/import, in bytes: a newsroom's archive can be large.</summary>
    public long MaxImportBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Longest query string, in characters; longer ones get 414.</summary>
    public int MaxQueryStringLength { get; set; } = 4096;

    /// <summary>Largest total size of the request headers (names and values), in bytes; larger ones get 431.</summary>
    public int MaxRequestHeadersBytes { get; set; } = 16 * 1024;

    /// <summary>How long a request may take before it is abandoned with 503 (imports excepted).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

public static class HttpSetup
{
    public static IServiceCollection AddContentHttp(this IServiceCollection services)
    {
        services.AddOptions<HttpOptions>().BindConfiguration("Http")
            .Validate(o => o.MaxRequestBodyBytes is >= 1024 and <= 100 * 1024 * 1024, "Http:MaxRequestBodyBytes must be between 1 KiB and 100 MiB")
            .Validate(o => o.MaxImportBytes is >= 1024 and <= 64L * 1024 * 1024 * 1024, "Http:MaxImportBytes must be between 1 KiB and 64 GiB")
            .Validate(o => o.MaxQueryStringLength is >= 256 and <= KestrelLimit, $"Http:MaxQueryStringLength must be between 256 and {KestrelLimit}")
            .Validate(o => o.MaxRequestHeadersBytes is >= 1024 and <= KestrelLimit, $"Http:MaxRequestHeadersBytes must be between 1 KiB and {KestrelLimit}")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, "Http:RequestTimeout must be positive")
            .ValidateOnStart();
        // Kestrel's own limits sit above ours, so what exceeds ours gets a problem+json answer from the app, not a bare one from the server.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestHeadersTotalSize = KestrelLimit;
            o.Limits.MaxRequestLineSize = KestrelLimit;
        });
        services.AddRequestTimeouts();
        services.AddOptions<Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<HttpOptions>>((timeouts, http) => timeouts.DefaultPolicy = new()
            {
                Timeout = http.Value.RequestTimeout,
                TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
                WriteTimeoutResponse = context => Results.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable, title: "Request timed out",
                    detail: $"The request took longer than {http.Value.RequestTimeout.TotalSeconds:0.###} s and was abandoned. Retry it; a write retried with the same Idempotency-Key is not done twice.")
                    .ExecuteAsync(context),
            });
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        // Bad requests throw, so the exception handler can say what was wrong with them.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Detail ??= DefaultDetail(c.ProblemDetails.Status, c.HttpContext.Request);
            c.ProblemDetails.Extensions["traceId"] = RequestLog.TraceIdOf(c.HttpContext);
        });
        services.AddSingleton<IProblemDetailsWriter, AnyAcceptProblemWriter>();
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.AddSingleton<ETags>();
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/problem+json", "application/x-ndjson", "application/atom+xml", "application/rss+xml", "application/feed+json"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.AddSingleton(TimeProvider.System);
        UseJsonNamesInValidationErrors();
        return services;
    }

    /// <summary>Validation errors name fields as clients send them: "featuredImage.url", not "FeaturedImage.Url".</summary>
    private static void UseJsonNamesInValidationErrors()
    {
        static string? JsonPath(MemberInfo? member, LambdaExpression? expression)
        {
            var chain = new List<string>();
            for (var node = (expression?.Body as MemberExpression); node is not null; node = node.Expression as MemberExpression)
            {
                chain.Insert(0, JsonNamingPolicy.CamelCase.ConvertName(node.Member.Name));
            }

            return chain.Count > 0 ? string.Join('.', chain) : member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        }

        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) => JsonPath(member, expression);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, expression) => JsonPath(member, expression);
    }

    /// <summary>What to tell a client when the framework itself refused the request.</summary>
    private static string? DefaultDetail(int? status, HttpRequest request) => status switch
    {
        StatusCodes.Status404NotFound => $"Nothing is at {request.Path}. The API's operations are listed in /openapi/v1.json.",
        StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}.",
        StatusCodes.Status415UnsupportedMediaType =>
            $"The body was sent as '{request.ContentType ?? "no content type"}'. Send JSON with Content-Type: application/json (application/merge-patch+json for PATCH).",
        _ => null,
    };

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    public static WebApplication UseContentHttp(this WebApplication app)
    {
        app.UseRequestLog();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(EnforceLimits);
        app.Use(RedirectTrailingSlash);
        app.Use(RefuseUnknownCharsets);
        app.UseRequestTimeouts();
        return app;
    }

    private const int KestrelLimit = 64 * 1024;

    /// <summary>414, 431 and 413 as problems: the query string, the headers and the body each have a limit.</summary>
    private static Task EnforceLimits(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<HttpOptions>>().Value;
        if (context.Request.QueryString.Value?.Length > options.MaxQueryStringLength)
        {
            throw new BadHttpRequestException(
                $"The query string is {context.Request.QueryString.Value.Length} characters; the limit is {options.MaxQueryStringLength}.",
                StatusCodes.Status414UriTooLong);
        }

        var headerBytes = context.Request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0));
        if (headerBytes > options.MaxRequestHeadersBytes)
        {
            throw new BadHttpRequestException(
                $"The request headers are {headerBytes} bytes; the limit is {options.MaxRequestHeadersBytes} bytes.",
                StatusCodes.Status431RequestHeaderFieldsTooLarge);
        }

        var limit = context.Request.Path.StartsWithSegments("/v1/import") ? options.MaxImportBytes : options.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException(
                $"The request body is {context.Request.ContentLength} bytes; the limit is {limit} bytes.",
                StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        return next(context);
    }

    /// <summary>
    /// One address per resource: a path with a trailing slash (/v1/articles/) answers 308 Permanent Redirect to the path
    /// without it, with the same query, for every method (308 keeps the method and body). Routing reads both alike, so
    /// POST /v1/articles/ created an article under an address the contract does not have.
    /// </summary>
    private static Task RedirectTrailingSlash(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
        if (path is not { Length: > 1 } || !path.EndsWith('/'))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        var trimmed = path.TrimEnd('/');
        context.Response.Headers.Location = context.Request.PathBase + (trimmed.Length == 0 ? "/" : trimmed) + context.Request.QueryString;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The charset of a body the endpoint reads: 415 for one .NET does not know (`charset=nope`), and a quoted
    /// one (`charset="utf-8"`) unquoted, since the framework's JSON reader takes the quotes as part of the
    /// name. Either would otherwise be a 500.
    /// </summary>
    private static Task RefuseUnknownCharsets(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is not null
            && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && mediaType.Charset is { HasValue: true } quoted)
        {
            var charset = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(quoted);
            if (!IsKnownEncoding(charset.Value!))
            {
                throw new BadHttpRequestException(
                    $"The body's charset '{charset}' is not one the API can read. Send JSON in UTF-8.", StatusCodes.Status415UnsupportedMediaType);
            }

            if (charset.Length != quoted.Length)
            {
                mediaType.Charset = charset;
                context.Request.ContentType = mediaType.ToString();
            }
        }

        return next(context);
    }

    private static bool IsKnownEncoding(string charset)
    {
        try
        {
            return System.Text.Encoding.GetEncoding(charset) is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

internal static class Times
{
    /// <summary>Times from clients become UTC, to the microsecond; one without an offset is taken to be UTC already.</summary>
    public static DateTime ToUtc(DateTime time) =>
        ToMicroseconds(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime());

    public static DateTime? ToUtc(DateTime? time) => time is { } t ? ToUtc(t) : null;

    /// <summary>The current time in UTC to the microsecond, from the injected clock.</summary>
    public static DateTime UtcNow(this TimeProvider clock) => ToMicroseconds(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// PostgreSQL keeps times to the microsecond, where .NET counts tenths of one. Every time the service stores is cut
    /// to the microsecond first, so what it keeps in memory (the catalog, cursors, ETags) is what either database returns.
    /// </summary>
    private static DateTime ToMicroseconds(DateTime time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMicrosecond));
}
