using ContentApi.Changes;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContentApi.Syndication;

/// <summary>
/// Where a sync client stands. First pass (<see cref="Initial"/>): the articles visible when the sync began,
/// in id order, after <see cref="AfterId"/>; <see cref="Sequence"/> is the last change log entry before it
/// began. Then: the changes after <see cref="Sequence"/>. A token belongs to one caller (key, or none) and audience.
/// </summary>
public sealed record SyncPosition(ArticleReach Audience, int KeyId, bool Initial, long Sequence, int AfterId);

/// <summary>
/// Sync tokens: the position as JSON, base64url, then a dot and an HMAC-SHA256 of it, so a token a client
/// altered or made up is refused. The key is Syndication:TokenKey, or one made once and kept in the
/// database; tokens therefore outlive restarts and hold on every replica.
/// </summary>
public sealed class SyncTokens(IOptions<SyndicationOptions> options)
{
    private const string SecretName = "sync-token-key";
    private byte[]? _key;

    public async Task LoadKeyAsync(ContentDb db, CancellationToken ct)
    {
        if (options.Value.TokenKey is { Length: > 0 } configured)
        {
            _key = Convert.FromBase64String(configured);
            return;
        }

        // Whichever replica inserts first wins; the others read its key.
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "ServiceSecrets" ("Name", "Value") VALUES ({SecretName}, {RandomNumberGenerator.GetBytes(32)}) ON CONFLICT DO NOTHING""", ct);
        _key = (await db.ServiceSecrets.AsNoTracking().SingleAsync(s => s.Name == SecretName, ct)).Value;
    }

    public string Issue(SyncPosition position)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(position);
        return $"{WebEncoders.Base64UrlEncode(payload)}.{WebEncoders.Base64UrlEncode(Sign(payload))}";
    }

    /// <summary>The position a token stands for; null when this service did not issue it as it is.</summary>
    public SyncPosition? Read(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var payload = WebEncoders.Base64UrlDecode(token[..dot]);
            var signature = WebEncoders.Base64UrlDecode(token[(dot + 1)..]);
            return CryptographicOperations.FixedTimeEquals(signature, Sign(payload))
                ? JsonSerializer.Deserialize<SyncPosition>(payload)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private byte[] Sign(byte[] payload) =>
        HMACSHA256.HashData(_key ?? throw new InvalidOperationException("The sync token key has not been loaded."), payload);
}
