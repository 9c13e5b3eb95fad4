using System.Security.Cryptography;
using ContentApi.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Http;

public sealed class IdempotencyOptions
{
    /// <summary>How long a key's answer is kept for retries.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>
/// Idempotency-Key on writes (POST, PUT, PATCH, DELETE by a key holder), after the IETF draft of that name. The
/// first request with a key is recorded as in progress, run, and its answer kept (unless it failed with a 5xx, so
/// a retry can try again). A retry with the same key and the same request gets the kept answer, marked
/// Idempotent-Replayed, and writes nothing; the same key with a different request is a 422; a retry while the first
/// is still running is a 409. Keys belong to the API key that sent them and expire after Idempotency:Retention.
/// </summary>
/// <summary>
/// Endpoint metadata: the answer carries a secret shown once (an API key, a webhook secret), so what is kept for a replay
/// leaves these top-level JSON properties out. A retry gets the answer without them: the resource exists (its id and
/// Location are there), but the secret is not kept anywhere in clear; make or rotate another if the first answer was lost.
/// </summary>
public sealed record RedactedInReplays(params string[] Properties)
{
    /// <summary>The JSON body without the secret properties (a body that is not a JSON object is kept as nothing).</summary>
    public byte[] Apply(byte[] body)
    {
        if (System.Text.Json.Nodes.JsonNode.Parse(body) is not System.Text.Json.Nodes.JsonObject json)
        {
            return [];
        }

        foreach (var property in Properties)
        {
            json.Remove(property);
        }

        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}

public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>().BindConfiguration("Idempotency")
            .Validate(o => o.Retention > TimeSpan.Zero, "Idempotency:Retention must be positive").ValidateOnStart();
        return services;
    }

    public static WebApplication UseIdempotency(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
                || !request.Headers.TryGetValue(Header, out var values) || Caller.From(context.User).KeyId is not { } keyId)
            {
                await next(context);
                return;
            }

            var key = values.ToString();
            if (values.Count != 1 || key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
            {
                await Problem(context, StatusCodes.Status400BadRequest, "Invalid Idempotency-Key",
                    $"Send one Idempotency-Key of 1 to {MaxKeyLength} visible ASCII characters, such as a UUID.");
                return;
            }

            await RunOnceAsync(context, next, keyId, key);
        });
        return app;
    }

    private static async Task RunOnceAsync(HttpContext context, RequestDelegate next, int keyId, string key)
    {
        var services = context.RequestServices;
        var db = services.GetRequiredService<ContentDb>();
        var now = services.GetRequiredService<TimeProvider>().UtcNow();
        var retention = services.GetRequiredService<IOptions<IdempotencyOptions>>().Value.Retention;
        var fingerprint = await FingerprintAsync(context.Request);

        await db.IdempotencyRecords.Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(context.RequestAborted);
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "IdempotencyRecords" ("CallerKeyId", "Key", "Fingerprint", "CreatedAt", "ExpiresAt")
            VALUES ({keyId}, {key}, {fingerprint}, {now}, {now + retention}) ON CONFLICT DO NOTHING
            """, context.RequestAborted);
        if (claimed == 0)
        {
            await ReplayAsync(context, await db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.CallerKeyId == keyId && r.Key == key), fingerprint);
            return;
        }

        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        var kept = false;
        try
        {
            await next(context);
            var response = context.Response;
            if (response.StatusCode < 500)
            {
                await db.IdempotencyRecords.Where(r => r.CallerKeyId == keyId && r.Key == key).ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.Status, response.StatusCode)
                    .SetProperty(r => r.ContentType, response.ContentType)
                    .SetProperty(r => r.Location, response.Headers.Location.ToString())
                    .SetProperty(r => r.ETag, response.Headers.ETag.ToString())
                    .SetProperty(r => r.Body, Kept(context, captured.ToArray())), CancellationToken.None);
                kept = true;
            }
        }
        finally
        {
            context.Response.Body = original;
            if (!kept)
            {
                // A failure is not an answer to keep: let a retry run again.
                await db.IdempotencyRecords.Where(r => r.CallerKeyId == keyId && r.Key == key).ExecuteDeleteAsync(CancellationToken.None);
            }
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>What is kept of an answer for replays: all of it, less the secrets the endpoint says its answer carries.</summary>
    private static byte[] Kept(HttpContext context, byte[] body) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RedactedInReplays>() is { } redacted && body.Length > 0
            && context.Response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
            ? redacted.Apply(body)
            : body;

    /// <summary>Says that the endpoint's answer carries these secrets, which a replay leaves out (see <see cref="RedactedInReplays"/>).</summary>
    public static RouteHandlerBuilder WithSecretsLeftOutOfReplays(this RouteHandlerBuilder builder, params string[] properties) =>
        builder.WithMetadata(new RedactedInReplays(properties));

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record, string fingerprint)
    {
        if (record.Fingerprint != fingerprint)
        {
            await Problem(context, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                "This Idempotency-Key was used for a different request. Use a new key for a new request.");
            return;
        }

        if (record.Status is not { } status)
        {
            await Problem(context, StatusCodes.Status409Conflict, "Request in progress",
                "The first request with this Idempotency-Key is still being processed. Retry when it has finished.");
            return;
        }

        var response = context.Response;
        response.StatusCode = status;
        response.Headers[ReplayedHeader] = "true";
        if (record.ContentType is { Length: > 0 } contentType)
        {
            response.ContentType = contentType;
        }

        if (record.Location is { Length: > 0 } location)
        {
            response.Headers.Location = location;
        }

        if (record.ETag is { Length: > 0 } etag)
        {
            response.Headers.ETag = etag;
        }

        if (record.Body is { Length: > 0 } body)
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>What was asked: method, path, query and body (read to the end, then rewound for the endpoint).</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task Problem(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
