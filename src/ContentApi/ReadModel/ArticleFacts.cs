using ContentApi.Related;

namespace ContentApi.ReadModel;

/// <summary>
/// What the read model keeps of an article in memory: the fields that visibility, filters and sorts read, its links in
/// display order, and what the related-articles index scores it by. Rendered with the article's document at write time
/// (see <see cref="ArticleDocuments"/>) and stored with it, so loading or following a change reads one row.
/// </summary>
/// <param name="Section">Read as one shared string per section (see <see cref="SharedTextJsonConverter"/>).</param>
/// <param name="Language">Read as one shared string per language, like Section.</param>
/// <param name="EmbargoUntil">Until when readers and uncleared partners may not see it (see ArticleVisibility).</param>
/// <param name="EntitySalience">How central each of EntityIds is to the article, 0-1, in the same order; null when all are 1.</param>
/// <param name="Terms">
/// The article's key terms (distinct stems, each with the word as the article writes it and its weight there; see
/// TextTerms), as chosen when it was written: values that mean the same in every process. Null when it has none. Stored
/// as KeyTermText writes them (one string), so a document holds them in a few kilobytes; kept compact in memory.
/// </param>
public sealed record ArticleFacts(
    int Id,
    ArticleStatus Status,
    DateTime? PublishedAt,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(SharedTextJsonConverter))] string Section,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(SharedTextJsonConverter))] string Language,
    bool SyndicationAllowed,
    DateTime? SyndicationExpiresAt,
    int[] TagIds,
    int[] BylineIds,
    int[] EntityIds,
    float[]? EntitySalience = null,
    DateTime? EmbargoUntil = null,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(KeyTermsJsonConverter))] KeyTermList? Terms = null)
{
    public string Slug { get; init; } = "";
    public string Headline { get; init; } = "";
    public DateTime UpdatedAt { get; init; }

    /// <summary>What each of BylineIds did on the article, in the same order.</summary>
    public BylineCredit[] BylineRoles { get; init; } = [];

    /// <summary>The editor's pinned related articles, in order.</summary>
    public int[] PinIds { get; init; } = [];

    /// <summary>Who may see it, as last logged (the clock moves it without a write; see ReachClock). Not stored in the document: read from the article's row.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ArticleReach Reach { get; init; }

    /// <summary>When its reach next changes by the clock alone; null if never. Read from the article's row, like Reach.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTime? ReachChangesAt { get; init; }

    public float SalienceAt(int index) => EntitySalience is { } salience ? salience[index] : 1;

    /// <summary>
    /// Whether the two are in the same lists for every audience at every moment: the same status, times, reach,
    /// syndication, section, language and links (in any order). What filters, visibility and counts read; not the text.
    /// </summary>
    public bool InTheSameListsAs(ArticleFacts other) =>
        Status == other.Status && PublishedAt == other.PublishedAt && EmbargoUntil == other.EmbargoUntil && Reach == other.Reach
        && ReachChangesAt == other.ReachChangesAt && SyndicationAllowed == other.SyndicationAllowed && SyndicationExpiresAt == other.SyndicationExpiresAt
        && Section == other.Section && Language == other.Language && HasTheSameLinksAs(other);

    /// <summary>The same tags, bylines and entities, in any order.</summary>
    public bool HasTheSameLinksAs(ArticleFacts other) =>
        SameSet(TagIds, other.TagIds) && SameSet(BylineIds, other.BylineIds) && SameSet(EntityIds, other.EntityIds);

    private static bool SameSet(int[] a, int[] b) => a.Length == b.Length && a.Order().SequenceEqual(b.Order());
}

/// <summary>
/// An article's place in publication order: its publication time (MinValue when unpublished), then id. Packed to 12 bytes
/// (from 16 with the long aligned): the read model holds one per article in each of its tags', bylines' and entities'
/// orders, some 2.5 million at 100,000 articles.
/// </summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 4)]
public readonly record struct DateKey(long Ticks, int Id) : IComparable<DateKey>
{
    public static DateKey Of(ArticleFacts article) => new(article.PublishedAt?.Ticks ?? long.MinValue, article.Id);

    public int CompareTo(DateKey other) => Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : Id.CompareTo(other.Id);

    public static bool operator <(DateKey left, DateKey right) => left.CompareTo(right) < 0;
    public static bool operator <=(DateKey left, DateKey right) => left.CompareTo(right) <= 0;
    public static bool operator >(DateKey left, DateKey right) => left.CompareTo(right) > 0;
    public static bool operator >=(DateKey left, DateKey right) => left.CompareTo(right) >= 0;
}

/// <summary>
/// Reads a string that many articles share (a section, a language) as the one interned copy, so that 100,000 loaded
/// articles hold a handful of such strings, not 100,000 (about 4 MB each). Sections and languages are few and
/// short-lived ones are not expected, so the process keeps each for good.
/// </summary>
public sealed class SharedTextJsonConverter : System.Text.Json.Serialization.JsonConverter<string>
{
    public override string Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        string.Intern(reader.GetString()!);

    public override void Write(System.Text.Json.Utf8JsonWriter writer, string value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
