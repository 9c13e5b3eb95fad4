namespace ContentApi.Persistence;

/// <summary>
/// A write sent with an Idempotency-Key: what was asked (a fingerprint) and what was answered, so a retry with
/// the same key gets the first answer instead of doing the write again. Keys are per API key and expire.
/// </summary>
public sealed class IdempotencyRecord
{
    public int CallerKeyId { get; set; }
    public string Key { get; set; } = "";

    /// <summary>SHA-256 of the method, path, query and body, hex.</summary>
    public string Fingerprint { get; set; } = "";

    /// <summary>The answer's status; null while the first request is still being processed.</summary>
    public int? Status { get; set; }

    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[]? Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
