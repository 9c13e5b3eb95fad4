namespace ContentApi.Benchmarks.Corpus;

internal enum EntityKind
{
    Person,
    Organisation,
    Place,
    Event,
    Other,
}

internal sealed record BylineLink(string Kind, string Url);

internal sealed record BylineRecord(string Slug, string Name, string Role, string Bio, string AvatarUrl, IReadOnlyList<BylineLink> Links);

internal sealed record TagRecord(string Slug, string Name, string? Description, string Type);

/// <param name="ShortName">How the text names it after the first mention (a surname, an acronym), or null.</param>
/// <param name="Trait">A fixed random number, so every article describes a person the same way ("the finance minister").</param>
internal sealed record EntityRecord(
    string Slug, string Name, EntityKind Kind, IReadOnlyList<string> Aliases, string? Description, string? ShortName, int Trait)
{
    public string Type => Kind switch
    {
        EntityKind.Person => "person",
        EntityKind.Organisation => "organisation",
        EntityKind.Place => "place",
        EntityKind.Event => "event",
        _ => "other",
    };
}

/// <summary>The reference data every article draws from.</summary>
internal sealed record Newsroom(
    IReadOnlyList<BylineRecord> Bylines, IReadOnlyList<TagRecord> Tags, IReadOnlyList<EntityRecord> Entities);

/// <summary>Independent random streams derived from the one seed, so each part's output depends only on it and its index.</summary>
internal static class Seeds
{
    public const int Bylines = 1;
    public const int Tags = 2;
    public const int Entities = 3;
    public const int Popularity = 4;
    public const int Articles = 5;

    /// <summary>SplitMix64 chained over seed, stream and index, folded to a non-negative int for <see cref="Random(int)"/>.</summary>
    public static int Derive(int seed, int stream, int index = 0) =>
        (int)(Mix(Mix(Mix((ulong)(uint)seed) ^ (uint)stream) ^ (uint)index) & 0x7FFFFFFF);

    private static ulong Mix(ulong z)
    {
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    public static Random For(int seed, int stream, int index = 0) => new(Derive(seed, stream, index));
}
