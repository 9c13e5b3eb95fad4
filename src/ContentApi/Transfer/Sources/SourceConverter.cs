namespace ContentApi.Transfer.Sources;

/// <summary>A publishing system whose export this service can migrate from.</summary>
public enum SourceFormat
{
    /// <summary>WordPress's export (Tools → Export): WXR, an RSS 2.0 file with wp: elements.</summary>
    WordPress,

    /// <summary>Ghost's export (Settings → Labs → Export): one JSON file of its database tables.</summary>
    Ghost,
}

/// <summary>Something in the source that has no place in this service's model, or lost part of itself on the way.</summary>
/// <param name="Where">Where it is in the source: the post, author or tag, by its id and slug.</param>
/// <param name="What">What was not mapped, and what was done instead.</param>
public sealed record UnmappedItem(string Where, string What);

/// <summary>What a conversion wrote (NDJSON lines of each kind) and what it could not map.</summary>
/// <param name="UnmappedTotal">How many things were not mapped; only the first <see cref="SourceConverter.MaxListedUnmapped"/> are listed.</param>
public sealed record SourceConversion(int Articles, int Bylines, int Tags, int FeaturedImages, int UnmappedTotal, IReadOnlyList<UnmappedItem> Unmapped);

/// <summary>
/// Converts another system's export into this service's NDJSON import format (see ContentRecords), so a migration is the
/// conversion followed by the ordinary two-pass import: checked whole before anything is written, matched by slug, and
/// idempotent. The conversion is deterministic (the same export gives the same lines), so importing an export twice
/// changes nothing the second time. Inputs are read as streams; posts are converted one at a time and kept in a
/// temporary file until the authors and tags they name (which either format may list after them) have been written.
/// </summary>
public static class SourceConverter
{
    public const int MaxListedUnmapped = 500;

    public static Task<SourceConversion> ConvertAsync(SourceFormat format, Stream input, Stream ndjson, CancellationToken ct) => format switch
    {
        SourceFormat.WordPress => WordPressConverter.ConvertAsync(input, ndjson, ct),
        SourceFormat.Ghost => GhostConverter.ConvertAsync(input, ndjson, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a source format."),
    };
}

/// <summary>Thrown when the input is not the export it was said to be (not XML, not JSON, not WXR or Ghost at all).</summary>
public sealed class SourceFormatException(string message, Exception? inner = null) : Exception(message, inner);
