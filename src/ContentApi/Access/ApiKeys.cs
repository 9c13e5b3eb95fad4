using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Access;

/// <summary>Making, finding and revoking API keys. A key is "cak_" and 43 characters of 256 random bits.</summary>
public static class ApiKeys
{
    private const string Scheme = "cak_";
    private const int PrefixLength = 12;

    public static async Task<(ApiKey Key, string Secret)> CreateAsync(
        ContentDb db, string name, ApiRole role, bool embargoCleared, DateTime now, CancellationToken ct)
    {
        var secret = Scheme + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Name = name,
            Role = role,
            EmbargoCleared = embargoCleared,
            Prefix = secret[..PrefixLength],
            KeyHash = Hash(secret),
            CreatedAt = now,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (key, secret);
    }

    /// <summary>The live key with this secret, or null for an unknown or revoked one.</summary>
    public static Task<ApiKey?> FindActiveAsync(ContentDb db, string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(Scheme, StringComparison.Ordinal) || secret.Length > 100)
        {
            return Task.FromResult<ApiKey?>(null);
        }

        var hash = Hash(secret);
        return db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, ct);
    }

    /// <summary>
    /// Records use at most once a minute per key, so reads do not each cost a write. Not content: no answer a cache
    /// keeps shows it, and it retires none.
    /// </summary>
    public static Task<int> TouchAsync(ContentDb db, int id, DateTime now, CancellationToken ct)
    {
        var staleBefore = now.AddMinutes(-1);
        return db.ApiKeys.Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt < staleBefore))
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), ct);
    }

    /// <summary>Revokes at once; revoking twice keeps the first revocation time.</summary>
    public static async Task<bool> RevokeAsync(ContentDb db, int id, DateTime now, CancellationToken ct)
    {
        if (!await db.ApiKeys.AnyAsync(k => k.Id == id, ct))
        {
            return false;
        }

        await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, now), ct);
        return true;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
