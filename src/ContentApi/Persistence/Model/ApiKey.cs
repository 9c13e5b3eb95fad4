namespace ContentApi.Persistence;

/// <summary>An API key. Only a hash of the key is stored; the key itself is shown once, when made.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public ApiRole Role { get; set; }

    /// <summary>A partner key that receives articles before their embargo ends (wire subscribers under agreement).</summary>
    public bool EmbargoCleared { get; set; }

    /// <summary>The key's first characters, enough to recognise it in a list, not to use it.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>SHA-256 of the key, hex. Keys are 256 random bits, so a fast hash is safe here.</summary>
    public string KeyHash { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>What a caller may do; anonymous callers are readers when anonymous reads are on.</summary>
public enum ApiRole
{
    Reader,
    Partner,
    Editor,
    Admin,
}
