using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ContentApi.Access;

/// <summary>
/// Authenticates `Authorization: Bearer &lt;key&gt;` or `X-Api-Key: &lt;key&gt;`. No key: anonymous.
/// A key that is unknown or revoked: 401, whatever the endpoint. Keys are never logged.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TimeProvider clock, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";
    private const string Realm = "Bearer realm=\"ContentApi\"";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = PresentedKey(Request);
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }

        // Resolved only now: an anonymous request (most of them) needs no database context to be authenticated.
        var db = Context.RequestServices.GetRequiredService<ContentDb>();
        var key = await ApiKeys.FindActiveAsync(db, secret, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or has been revoked.");
        }

        // Only a stale lastUsedAt costs a write: reads with a key stay reads.
        var now = clock.UtcNow();
        if (key.LastUsedAt is not { } lastUsed || lastUsed < now.AddMinutes(-1))
        {
            await ApiKeys.TouchAsync(db, key.Id, now, Context.RequestAborted);
        }
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, key.Role.ToString()),
        ];
        if (key.EmbargoCleared)
        {
            claims.Add(new Claim(Caller.EmbargoClaim, "cleared"));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = PresentedKey(Request) is not null;
        Response.Headers.WWWAuthenticate = presented ? $"{Realm}, error=\"invalid_token\"" : Realm;
        await problems.WriteProblemAsync(Context, StatusCodes.Status401Unauthorized,
            presented ? "Invalid API key" : "API key required",
            presented
                ? "The API key is unknown or has been revoked. Ask an administrator for a new one."
                : "Send an API key as 'Authorization: Bearer <key>' or in the X-Api-Key header.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await problems.WriteProblemAsync(Context, StatusCodes.Status403Forbidden, "Not allowed for this key",
            $"A key with the role '{Caller.From(Context.User).Role?.ToString().ToLowerInvariant()}' may not do this.");
    }

    public static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = request.Headers[ApiKeyHeader].ToString();
        return string.IsNullOrWhiteSpace(header) ? null : header.Trim();
    }
}
