using System.Globalization;
using System.Security.Claims;

namespace ContentApi.Access;

/// <summary>Who is calling: a key's role and id, or anonymous (null role).</summary>
public sealed record Caller(ApiRole? Role, int? KeyId)
{
    public static readonly Caller Anonymous = new(null, null);

    public bool IsEditor => Role is ApiRole.Editor or ApiRole.Admin;

    public static Caller From(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && Enum.TryParse<ApiRole>(user.FindFirstValue(ClaimTypes.Role), out var role)
        && int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new Caller(role, id)
            : Anonymous;
}
