using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ContentApi.Articles;

namespace ContentApi.Transfer.Sources;

/// <summary>
/// Turns a post's HTML into a Markdown body. The HTML is first sanitized exactly as rendered bodies are
/// (ArticleBodyRenderer.Sanitize: scripts, handlers, forms and unsafe URLs go), then parsed as browsers do (HTML5
/// error recovery, so unclosed or misnested tags still give a tree), then written as Markdown: paragraphs, headings,
/// emphasis, links, images, lists, quotes, code, rules and figures with captions. Elements Markdown has no form
/// for (tables, iframes the sanitizer let through, sup/sub) stay as sanitized HTML in the Markdown, which the body
/// renderer sanitizes again when it renders the article.
/// </summary>
internal static partial class HtmlToMarkdown
{
    private static readonly HtmlParser Parser = new();

    public static string Convert(string html)
    {
        var document = Parser.ParseDocument($"<body>{ArticleBodyRenderer.Sanitize(html)}</body>");
        return string.Join("\n\n", Blocks(document.Body!.ChildNodes)).Trim();
    }

    /// <summary>Plain text of an HTML fragment (captions and excerpts), whitespace collapsed.</summary>
    public static string Text(string html) =>
        Whitespace().Replace(Parser.ParseDocument($"<body>{html}</body>").Body!.TextContent, " ").Trim();

    private static List<string> Blocks(IEnumerable<INode> nodes)
    {
        var blocks = new List<string>();
        var inline = new StringBuilder();
        foreach (var node in nodes)
        {
            if (node is IElement element && IsBlock(element))
            {
                Flush(inline, blocks);
                var block = Block(element);
                if (block.Trim().Length > 0)
                {
                    blocks.Add(block);
                }
            }
            else
            {
                inline.Append(Inline(node));
            }
        }

        Flush(inline, blocks);
        return blocks;
    }

    private static void Flush(StringBuilder inline, List<string> blocks)
    {
        var lines = inline.ToString().Split('\n').Select(l => EscapeLineStart(l.Trim())).Where(l => l.Length > 0).ToList();
        inline.Clear();
        if (lines.Count > 0)
        {
            blocks.Add(string.Join('\n', lines).TrimEnd('\\'));
        }
    }

    private static bool IsBlock(IElement e) => e.LocalName is "p" or "div" or "section" or "article" or "header" or "footer" or "main"
        or "aside" or "nav" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "blockquote" or "ul" or "ol" or "pre" or "hr"
        or "figure" or "table" or "iframe" or "video" or "audio" or "dl" or "details" or "address";

    private static string Block(IElement e)
    {
        switch (e.LocalName)
        {
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                var text = Whitespace().Replace(string.Concat(e.ChildNodes.Select(Inline)), " ").Trim();
                return text.Length == 0 ? "" : $"{new string('#', e.LocalName[1] - '0')} {text}";
            case "blockquote":
                return string.Join('\n', string.Join("\n\n", Blocks(e.ChildNodes)).Split('\n').Select(l => l.Length == 0 ? ">" : $"> {l}"));
            case "ul" or "ol":
                return List(e);
            case "pre":
                var code = e.TextContent.TrimEnd('\n');
                var fence = code.Contains("```", StringComparison.Ordinal) ? "~~~" : "```";
                return $"{fence}\n{code}\n{fence}";
            case "hr":
                return "---";
            case "figure":
                var caption = e.Children.FirstOrDefault(c => c.LocalName == "figcaption");
                var content = string.Join("\n\n", Blocks(e.ChildNodes.Where(n => n != caption)));
                var captionText = caption is null ? "" : Whitespace().Replace(string.Concat(caption.ChildNodes.Select(Inline)), " ").Trim();
                return captionText.Length == 0 ? content : $"{content}\n\n*{captionText}*";
            case "p" or "div" or "section" or "article" or "header" or "footer" or "main" or "aside" or "nav" or "address":
                return string.Join("\n\n", Blocks(e.ChildNodes));
            default:
                // No Markdown form: kept as (already sanitized) HTML, one block with no blank line inside (which would end it).
                return BlankLines().Replace(e.OuterHtml, "\n");
        }
    }

    private static string List(IElement list)
    {
        var items = list.Children.Where(c => c.LocalName == "li").ToList();
        var lines = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var marker = list.LocalName == "ol" ? $"{i + 1}. " : "- ";
            var body = string.Join("\n\n", Blocks(items[i].ChildNodes)).Split('\n');
            lines.Add(marker + body[0]);
            lines.AddRange(body.Skip(1).Select(l => l.Length == 0 ? "" : new string(' ', marker.Length) + l));
        }

        return string.Join('\n', lines);
    }

    private static string Inline(INode node) => node switch
    {
        IText text => Escape(Whitespace().Replace(text.Data, " ")),
        IElement e => e.LocalName switch
        {
            "br" => "\\\n",
            "strong" or "b" => Wrap("**", Children(e)),
            "em" or "i" or "cite" => Wrap("*", Children(e)),
            "del" or "s" or "strike" => Wrap("~~", Children(e)),
            "code" or "kbd" or "samp" => Code(e.TextContent),
            "a" when e.GetAttribute("href") is { Length: > 0 } href => $"[{Children(e).Trim()}]({Destination(href)})",
            "img" when e.GetAttribute("src") is { Length: > 0 } src => $"![{Escape(e.GetAttribute("alt") ?? "")}]({Destination(src)})",
            "img" => "",
            "sup" or "sub" => BlankLines().Replace(e.OuterHtml, "\n"),
            _ when IsBlock(e) => $" {string.Join(' ', Blocks(e.ChildNodes))} ",
            _ => Children(e),
        },
        _ => "",
    };

    private static string Children(IElement e) => string.Concat(e.ChildNodes.Select(Inline));

    /// <summary>Emphasis around the text with its outer spaces left outside (CommonMark ignores "** x**").</summary>
    private static string Wrap(string mark, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return text;
        }

        var (before, after) = (text[..(text.Length - text.TrimStart().Length)], text[text.TrimEnd().Length..]);
        return $"{before}{mark}{trimmed}{mark}{after}";
    }

    private static string Code(string text)
    {
        var ticks = text.Contains('`', StringComparison.Ordinal) ? "``" : "`";
        return text.Length == 0 ? "" : $"{ticks}{(ticks.Length > 1 ? $" {text} " : text)}{ticks}";
    }

    private static string Destination(string url) =>
        url.Any(c => c is ' ' or '(' or ')' or '<' or '>') ? $"<{url.Replace(" ", "%20", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal)}>" : url;

    /// <summary>Text as Markdown that reads back as the same text: Markdown's own marks escaped.</summary>
    private static string Escape(string text) => MarkdownMarks().Replace(text, @"\$0");

    /// <summary>A line that would start a heading, list, quote or rule is one no more.</summary>
    private static string EscapeLineStart(string line) =>
        LineStartMark().IsMatch(line) ? OrderedMarker().IsMatch(line) ? OrderedMarker().Replace(line, @"$1\$2", 1) : $"\\{line}" : line;

    [GeneratedRegex(@"[\\`*_\[\]<>]|&(?=[#A-Za-z])")]
    private static partial Regex MarkdownMarks();

    [GeneratedRegex(@"^(?:[#+=>|-]|\d+[.)](?:\s|$))")]
    private static partial Regex LineStartMark();

    [GeneratedRegex(@"^(\d+)([.)])")]
    private static partial Regex OrderedMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();
}
