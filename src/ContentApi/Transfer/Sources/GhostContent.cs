using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Markdig;

namespace ContentApi.Transfer.Sources;

/// <summary>
/// HTML from a Ghost post's editor documents, for posts exported without rendered html: Lexical (Ghost 5+) and
/// mobiledoc (Ghost 1-4). Text with its formats, paragraphs, headings, lists, quotes, links and line breaks map; of
/// the cards, image, gallery, markdown, html, code, divider, embed (its html), bookmark (a link) and callout/toggle
/// (their text) map; any other card (button, product, signup, audio, video, file, header…) is reported and left out.
/// </summary>
internal static class GhostContent
{
    public static string FromLexical(string lexical, Action<string> unmapped)
    {
        using var document = JsonDocument.Parse(lexical);
        var html = new StringBuilder();
        if (document.RootElement.TryGetProperty("root", out var root))
        {
            LexicalChildren(root, html, unmapped);
        }

        return html.ToString();
    }

    private static void LexicalChildren(JsonElement node, StringBuilder html, Action<string> unmapped)
    {
        if (node.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in children.EnumerateArray())
            {
                Lexical(child, html, unmapped);
            }
        }
    }

    private static void Lexical(JsonElement node, StringBuilder html, Action<string> unmapped)
    {
        var type = String(node, "type") ?? "";
        switch (type)
        {
            case "text" or "extended-text":
                var format = node.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : 0;
                var text = Encode(String(node, "text"));
                string[] marks = [.. new[] { (1, "strong"), (2, "em"), (4, "s"), (16, "code") }.Where(m => (format & m.Item1) != 0).Select(m => m.Item2)];
                html.Append(string.Concat(marks.Select(m => $"<{m}>"))).Append(text).Append(string.Concat(marks.Reverse().Select(m => $"</{m}>")));
                break;
            case "linebreak":
                html.Append("<br>");
                break;
            case "paragraph":
                Element("p", node, html, unmapped);
                break;
            case "heading" or "extended-heading":
                Element(String(node, "tag") is { } tag && tag.Length == 2 && tag[0] == 'h' && tag[1] is >= '1' and <= '6' ? tag : "h2", node, html, unmapped);
                break;
            case "quote" or "extended-quote" or "aside":
                Element("blockquote", node, html, unmapped);
                break;
            case "list":
                Element(String(node, "listType") == "number" ? "ol" : "ul", node, html, unmapped);
                break;
            case "listitem":
                Element("li", node, html, unmapped);
                break;
            case "link" or "autolink":
                html.Append(CultureInfo.InvariantCulture, $"<a href=\"{Encode(String(node, "url"))}\">");
                LexicalChildren(node, html, unmapped);
                html.Append("</a>");
                break;
            default:
                Card(type, node, html, unmapped);
                break;
        }
    }

    private static void Element(string tag, JsonElement node, StringBuilder html, Action<string> unmapped)
    {
        html.Append('<').Append(tag).Append('>');
        LexicalChildren(node, html, unmapped);
        html.Append("</").Append(tag).Append('>');
    }

    /// <summary>A card, in Lexical (its fields on the node) or mobiledoc (its payload) alike.</summary>
    private static void Card(string type, JsonElement card, StringBuilder html, Action<string> unmapped)
    {
        switch (type)
        {
            case "image":
                html.Append(Figure(String(card, "src"), String(card, "alt"), String(card, "caption")));
                break;
            case "gallery":
                if (card.TryGetProperty("images", out var images) && images.ValueKind == JsonValueKind.Array)
                {
                    html.Append(string.Concat(images.EnumerateArray().Select(i => Figure(String(i, "src"), String(i, "alt"), String(i, "caption")))));
                }

                break;
            case "markdown":
                html.Append(Markdown.ToHtml(String(card, "markdown") ?? ""));
                break;
            case "html":
                html.Append(String(card, "html"));
                break;
            case "embed":
                html.Append(String(card, "html") is { Length: > 0 } embed ? embed : Link(String(card, "url")));
                break;
            case "bookmark":
                html.Append(Link(String(card, "url")));
                break;
            case "codeblock" or "code":
                html.Append(CultureInfo.InvariantCulture, $"<pre><code>{Encode(String(card, "code"))}</code></pre>");
                break;
            case "horizontalrule" or "hr":
                html.Append("<hr>");
                break;
            case "callout" or "toggle":
                html.Append(CultureInfo.InvariantCulture, $"<blockquote>{String(card, "calloutText") ?? String(card, "heading")}{String(card, "content")}</blockquote>");
                break;
            default:
                unmapped($"A '{type}' card has no equivalent here: left out.");
                break;
        }
    }

    /// <summary>
    /// Mobiledoc 0.3: sections of markers (text with markups opened and closed around it), list sections, image sections and
    /// card sections that point into the cards array.
    /// </summary>
    public static string FromMobiledoc(string mobiledoc, Action<string> unmapped)
    {
        using var document = JsonDocument.Parse(mobiledoc);
        var root = document.RootElement;
        var markups = Array(root, "markups").Select(m => (Tag: m[0].GetString() ?? "span", Href: Href(m))).ToList();
        var cards = Array(root, "cards").ToList();
        var atoms = Array(root, "atoms").ToList();
        var html = new StringBuilder();
        foreach (var section in Array(root, "sections"))
        {
            switch (section[0].GetInt32())
            {
                case 1: // [1, tag, markers]
                    var tag = section[1].GetString()?.ToLowerInvariant() is { } t && t is "p" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "blockquote" or "aside" ? t : "p";
                    tag = tag == "aside" ? "blockquote" : tag;
                    html.Append(CultureInfo.InvariantCulture, $"<{tag}>{Markers(section[2], markups, atoms)}</{tag}>");
                    break;
                case 2: // [2, src]
                    html.Append(Figure(section[1].GetString(), null, null));
                    break;
                case 3: // [3, "ul"|"ol", [markers, …]]
                    var list = section[1].GetString() == "ol" ? "ol" : "ul";
                    html.Append(CultureInfo.InvariantCulture, $"<{list}>{string.Concat(section[2].EnumerateArray().Select(item => $"<li>{Markers(item, markups, atoms)}</li>"))}</{list}>");
                    break;
                case 10: // [10, card index]
                    var card = cards.ElementAtOrDefault(section[1].GetInt32());
                    if (card.ValueKind == JsonValueKind.Array)
                    {
                        Card(card[0].GetString() ?? "", card[1], html, unmapped);
                    }

                    break;
            }
        }

        return html.ToString();
    }

    private static string Markers(JsonElement markers, List<(string Tag, string? Href)> markups, List<JsonElement> atoms)
    {
        var html = new StringBuilder();
        var open = new Stack<string>();
        foreach (var marker in markers.EnumerateArray())
        {
            foreach (var index in marker[1].EnumerateArray())
            {
                var (tag, href) = markups[index.GetInt32()];
                tag = tag.ToLowerInvariant();
                html.Append(tag == "a" ? $"<a href=\"{Encode(href)}\">" : $"<{tag}>");
                open.Push(tag);
            }

            // [0, opened, closed, text] or [1, opened, closed, atom index] (a soft return atom is a line break).
            if (marker[0].GetInt32() == 0)
            {
                html.Append(Encode(marker[3].GetString()));
            }
            else if (atoms.ElementAtOrDefault(marker[3].GetInt32()) is { ValueKind: JsonValueKind.Array } atom)
            {
                html.Append(atom[0].GetString() == "soft-return" ? "<br>" : Encode(atom[1].GetString()));
            }

            for (var closed = marker[2].GetInt32(); closed > 0 && open.Count > 0; closed--)
            {
                html.Append("</").Append(open.Pop()).Append('>');
            }
        }

        while (open.Count > 0)
        {
            html.Append("</").Append(open.Pop()).Append('>');
        }

        return html.ToString();
    }

    private static string? Href(JsonElement markup)
    {
        if (markup.GetArrayLength() < 2)
        {
            return null;
        }

        var attributes = markup[1].EnumerateArray().Select(a => a.GetString()).ToList();
        var at = attributes.IndexOf("href");
        return at >= 0 && at + 1 < attributes.Count ? attributes[at + 1] : null;
    }

    private static JsonElement[] Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray()] : [];

    private static string Figure(string? src, string? alt, string? caption) => string.IsNullOrEmpty(src)
        ? ""
        : $"<figure><img src=\"{Encode(src)}\" alt=\"{Encode(alt)}\">{(string.IsNullOrEmpty(caption) ? "" : $"<figcaption>{caption}</figcaption>")}</figure>";

    private static string Link(string? url) => string.IsNullOrEmpty(url) ? "" : $"<p><a href=\"{Encode(url)}\">{Encode(url)}</a></p>";

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
