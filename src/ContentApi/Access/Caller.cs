using System.Globalization;
using System.Security.Claims;

namespace ContentApi.Access;

/// <summary>Who is calling: a key's role and id, or anonymous (null role).</summary>
/// <param name="EmbargoCleared">A partner key cleared to receive articles before their embargo ends.</param>
public sealed record Caller(ApiRole? Role, int? KeyId, bool EmbargoCleared = false)
{
    /// <summary>The claim a cleared partner key carries (see ApiKeyAuthenticationHandler).</summary>
    public const string EmbargoClaim = "embargo";

    public static readonly Caller Anonymous = new(null, null);

    public bool IsEditor => Role is ApiRole.Editor or ApiRole.Admin;

    public static Caller From(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && Enum.TryParse<ApiRole>(user.FindFirstValue(ClaimTypes.Role), out var role)
        && int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new Caller(role, id, role == ApiRole.Partner && user.HasClaim(EmbargoClaim, "cleared"))
            : Anonymous;
}
