using System.Text;
using System.Xml;

namespace ContentApi.Feeds;

/// <summary>
/// A feed before it is written in a format: what Atom, RSS and JSON Feed all say. Every address is absolute; every time
/// is UTC. <paramref name="SelfUrl"/> is also the feed's id, so the same query always has the same id.
/// </summary>
public sealed record Feed(
    string Title,
    string Description,
    string SelfUrl,
    string HomeUrl,
    string Publisher,
    DateTime Updated,
    IReadOnlyList<FeedEntry> Entries)
{
    /// <summary>The updated time of a feed with no entries: fixed, not now, so its ETag stays the same.</summary>
    public static readonly DateTime NothingYet = DateTime.UnixEpoch;
}

/// <summary>
/// One article in a feed. <paramref name="Id"/> is the article's API address by id, which never changes;
/// <paramref name="Url"/> is where to read it. <paramref name="ContentHtml"/> is the full body, only for callers
/// allowed it. <paramref name="Published"/> is null only for an unpublished article, which only editors see.
/// <paramref name="EmbargoUntil"/> marks an article under embargo, which only partners cleared for embargoes (and editors) see.
/// </summary>
public sealed record FeedEntry(
    string Id,
    string Url,
    string Title,
    string Summary,
    string? ContentHtml,
    DateTime? Published,
    DateTime Updated,
    string Language,
    DateTime? EmbargoUntil,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Categories);

internal static class FeedText
{
    /// <summary>How long a summary made from the body may be, in characters, before its ellipsis.</summary>
    public const int SummaryLength = 300;

    /// <summary>
    /// The text without the characters XML cannot carry (control characters, unpaired surrogates), which an article may
    /// hold (the API stores what it is sent): writing them would fail, and readers reject such feeds.
    /// </summary>
    public static string Clean(string text)
    {
        if (!text.Any(c => c < ' ' || char.IsSurrogate(c) || c >= '\uFFFE'))
        {
            return text;
        }

        var cleaned = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cleaned.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                cleaned.Append(text[i]);
            }
        }

        return cleaned.ToString();
    }

    /// <summary>The start of a body's plain text, cut at a word within <see cref="SummaryLength"/> characters, for an article with no standfirst.</summary>
    public static string Excerpt(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length <= SummaryLength)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', SummaryLength);
        return flat[..(cut > 0 ? cut : SummaryLength)].TrimEnd(',', ';', ':', '.', '-') + "…";
    }
}
