using System.Net;
using System.Text.RegularExpressions;

namespace ContentApi.Transfer.Sources;

/// <summary>
/// WordPress shortcodes in post content, expanded before the HTML is converted:
/// [caption]img caption[/caption] becomes a figure with its caption; [gallery ids="…"] (or without ids: the post's
/// attached images) becomes the gallery's images, settled once every attachment in the export is known;
/// [embed]URL[/embed], [audio], [video] and [playlist]-less media become links to the media; any other shortcode (a name
/// with attributes, or with "-" or "_" in it, such as [contact-form-7 id="4"]) is removed, keeping what it encloses,
/// and reported. Bracketed words that are not shortcodes ("[sic]", "[1]") are left as text.
/// First, WordPress's automatic paragraphs: content without &lt;p&gt; has paragraphs at blank lines and line breaks at newlines.
/// </summary>
internal static partial class WordPressShortcodes
{
    private const string GalleryStart = "\u27E6wp-gallery ";
    private const string GalleryEnd = "\u27E7";

    public static string Expand(string content, Action<string> unmapped)
    {
        return Shortcode().Replace(AutoParagraphs(content), match =>
        {
            var name = match.Groups["name"].Value.ToLowerInvariant();
            var attributes = Attributes(match.Groups["attrs"].Value);
            var inner = match.Groups["inner"].Success ? match.Groups["inner"].Value : null;
            switch (name)
            {
                case "caption" or "wp_caption":
                    var image = CaptionedImage().Match(inner ?? "");
                    var caption = image.Success ? image.Groups["caption"].Value.Trim() : attributes.GetValueOrDefault("caption", "");
                    return $"<figure>{(image.Success ? image.Groups["image"].Value : inner)}<figcaption>{caption}</figcaption></figure>";
                case "gallery":
                    return $"{GalleryStart}{attributes.GetValueOrDefault("ids", "attached")}{GalleryEnd}";
                case "embed":
                    return Link(inner?.Trim());
                case "audio" or "video":
                    var source = attributes.GetValueOrDefault("src") ?? attributes.Values.FirstOrDefault(v => v.StartsWith("http", StringComparison.OrdinalIgnoreCase));
                    return Link(source);
                default:
                    if (attributes.Count == 0 && !name.Contains('-', StringComparison.Ordinal) && !name.Contains('_', StringComparison.Ordinal))
                    {
                        return match.Value; // "[sic]", "[update]": text, not a shortcode
                    }

                    unmapped($"The shortcode [{name}] has no equivalent here: removed{(inner is null ? "" : ", keeping the text it enclosed")}.");
                    return inner ?? "";
            }
        });
    }

    /// <summary>Replaces each gallery marker with the gallery's images, as Markdown image paragraphs.</summary>
    public static string SettleGalleries(string markdown, Func<string, IReadOnlyList<string>> imagesOf) =>
        markdown.Contains(GalleryStart, StringComparison.Ordinal)
            ? GalleryMarker().Replace(markdown, m => string.Join("\n\n", imagesOf(m.Groups[1].Value)))
            : markdown;

    private static string Link(string? url) =>
        url is { Length: > 0 } ? $"<p><a href=\"{WebUtility.HtmlEncode(url)}\">{WebUtility.HtmlEncode(url)}</a></p>" : "";

    private static Dictionary<string, string> Attributes(string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match pair in AttributePair().Matches(text))
        {
            pairs.TryAdd(pair.Groups["name"].Value.ToLowerInvariant(), WebUtility.HtmlDecode(pair.Groups["value"].Value));
        }

        return pairs;
    }

    /// <summary>wpautop, roughly: content already in &lt;p&gt; is left alone.</summary>
    private static string AutoParagraphs(string content)
    {
        if (content.Contains("<p", StringComparison.OrdinalIgnoreCase))
        {
            return content;
        }

        var chunks = ParagraphBreak().Split(content.Replace("\r\n", "\n", StringComparison.Ordinal)).Select(c => c.Trim()).Where(c => c.Length > 0);
        return string.Concat(chunks.Select(chunk => BlockStart().IsMatch(chunk) ? chunk : $"<p>{chunk.Replace("\n", "<br>\n", StringComparison.Ordinal)}</p>"));
    }

    [GeneratedRegex(@"\[(?<name>[A-Za-z][\w-]*)(?<attrs>(?:\s[^\]]*)?)\](?:(?<inner>.*?)\[/\k<name>\])?", RegexOptions.Singleline)]
    private static partial Regex Shortcode();

    [GeneratedRegex(@"(?<name>[\w-]+)\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<value>[^\s""']+))")]
    private static partial Regex AttributePair();

    [GeneratedRegex(@"^\s*(?<image>(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(?<caption>.*)$", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex CaptionedImage();

    [GeneratedRegex("\u27E6wp-gallery ([^\u27E7]*)\u27E7")]
    private static partial Regex GalleryMarker();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"^<(?:div|figure|table|ul|ol|h[1-6]|blockquote|pre|hr|iframe|dl|section|!--)", RegexOptions.IgnoreCase)]
    private static partial Regex BlockStart();
}
