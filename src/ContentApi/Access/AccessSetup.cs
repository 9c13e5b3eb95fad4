using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace ContentApi.Access;

public sealed class AccessOptions
{
    /// <summary>Whether callers without a key may read published content.</summary>
    public bool AnonymousReads { get; set; } = true;

    /// <summary>Browser origins allowed to call the API (CORS), e.g. https://www.example.com.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>The authorization policies; every endpoint names one (see EndpointAccess).</summary>
public static class Policies
{
    /// <summary>Published content: any key, or no key when anonymous reads are on.</summary>
    public const string Read = "read";

    /// <summary>Drafts and writes: editor or admin keys.</summary>
    public const string Edit = "edit";

    /// <summary>Keys and settings: admin keys.</summary>
    public const string Admin = "admin";

    /// <summary>Webhooks: admin keys (any webhook) and partner keys (their own).</summary>
    public const string Webhooks = "webhooks";
}

public static class AccessSetup
{
    public const string ExposedHeaders = "ETag, Link, Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset";

    public static IServiceCollection AddContentAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessOptions>().BindConfiguration("Access")
            .Validate(o => o.AllowedOrigins.All(origin => Uri.TryCreate(origin, UriKind.Absolute, out _)),
                "Access:AllowedOrigins must be absolute origins such as https://www.example.com")
            .ValidateOnStart();
        services.AddRateLimits();

        var access = configuration.GetSection("Access").Get<AccessOptions>() ?? new AccessOptions();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Read, policy => policy.RequireAssertion(context => MayRead(context, access.AnonymousReads)))
            .AddPolicy(Policies.Edit, policy => policy.RequireRole(nameof(ApiRole.Editor), nameof(ApiRole.Admin)))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(nameof(ApiRole.Admin)))
            .AddPolicy(Policies.Webhooks, policy => policy.RequireRole(nameof(ApiRole.Partner), nameof(ApiRole.Admin)));

        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(access.AllowedOrigins)
            .WithMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
            .WithHeaders("Authorization", ApiKeyAuthenticationHandler.ApiKeyHeader, "Content-Type", "If-Match", "If-None-Match")
            .WithExposedHeaders(ExposedHeaders.Split(", "))
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return services;
    }

    public static WebApplication UseContentAccess(this WebApplication app)
    {
        app.UseCors();
        // What a caller may see depends on its key, found or not: caches must keep answers apart.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/v1"))
            {
                context.Response.Headers.Append("Vary", "Authorization, X-Api-Key");
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseRateLimits();
        app.UseAuthorization();
        return app;
    }

    /// <summary>A presented key must be valid (else 401); no key reads only when anonymous reads are on.</summary>
    private static bool MayRead(AuthorizationHandlerContext context, bool anonymousReads) =>
        context.User.Identity?.IsAuthenticated == true
        || (anonymousReads && context.Resource is HttpContext http && ApiKeyAuthenticationHandler.PresentedKey(http.Request) is null);
}

public static class EndpointAccess
{
    /// <summary>Published content: any key, or none when anonymous reads are on.</summary>
    public static RouteHandlerBuilder ForReaders(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(Policies.Read).ProducesProblem(StatusCodes.Status401Unauthorized);

    public static RouteHandlerBuilder ForEditors(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(Policies.Edit)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    public static RouteHandlerBuilder ForAdmins(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    public static RouteHandlerBuilder ForWebhookOwners(this RouteHandlerBuilder builder) =>
        builder.RequireAuthorization(Policies.Webhooks)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
}
