using System.Text;
using AngleSharp;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Markdig;

namespace ContentApi.Articles;

/// <summary>
/// Turns an authored Markdown body into what readers get: HTML with anything executable removed,
/// and plain text in paragraphs for apps and partners. Both derive from the sanitized HTML, so
/// neither can carry a script.
/// </summary>
public static class ArticleBodyRenderer
{
    private const int WordsPerMinute = 230;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    /// <summary>Form controls: an article has nothing to submit, and a form in it could post a reader's input anywhere.</summary>
    private static readonly string[] FormTags =
        ["form", "input", "button", "select", "option", "optgroup", "textarea", "label", "fieldset", "legend", "datalist", "output"];

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static RenderedBody Render(string markdown)
    {
        // The sanitized document gives both the HTML (as Sanitize would write it) and the text, from one parse.
        using var document = Sanitizer.SanitizeDom(Markdown.ToHtml(markdown, Pipeline));
        var html = document.Body!.ChildNodes.ToHtml(Sanitizer.OutputFormatter).Trim();
        var text = new StringBuilder(markdown.Length);
        var words = 0;
        foreach (var block in document.Body.Children)
        {
            words += AppendParagraph(text, block.TextContent);
        }

        return new RenderedBody(html, text.ToString(), words, words == 0 ? 0 : Math.Max(1, (int)Math.Ceiling(words / (double)WordsPerMinute)));
    }

    /// <summary>HTML with what a body may not hold removed, as every rendered body is: for HTML that arrives from elsewhere (migrations).</summary>
    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    /// <summary>
    /// A block's words as one paragraph of the text: separated by single spaces, after a blank line when paragraphs came
    /// before. A block with no words adds nothing. Returns how many words it added.
    /// </summary>
    private static int AppendParagraph(StringBuilder text, string block)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in block)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
                continue;
            }

            if (!inWord)
            {
                text.Append(words > 0 ? " " : text.Length > 0 ? "\n\n" : "");
                words++;
                inWord = true;
            }

            text.Append(c);
        }

        return words;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.RemovingTag += KeepTextOfUnknownElements;
        sanitizer.AllowedTags.ExceptWith(FormTags);
        sanitizer.AllowedAttributes.ExceptWith(["action", "formaction", "method"]);
        // A link that opens elsewhere must not hand the new page this one (window.opener) or its address.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement element && element.HasAttribute("target"))
            {
                var rel = (element.GetAttribute("rel") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Union(["noopener", "noreferrer"], StringComparer.OrdinalIgnoreCase);
                element.SetAttribute("rel", string.Join(' ', rel));
            }
        };
        return sanitizer;
    }

    /// <summary>
    /// Angle brackets around words that are no HTML element ("shares of &lt;Texaco Inc&gt; rose") read as a tag that
    /// the HTML parser leaves open, so everything after it in the paragraph becomes its content: removing the element
    /// would remove the rest of the paragraph. The element goes, its content stays. Elements HTML knows (script,
    /// style, iframe, ...) are removed with their content as before.
    /// </summary>
    private static void KeepTextOfUnknownElements(object? sender, RemovingTagEventArgs e)
    {
        if (e.Tag is IHtmlUnknownElement unknown)
        {
            e.Cancel = true;
            unknown.Replace([.. unknown.ChildNodes]);
        }
    }
}

public sealed record RenderedBody(string Html, string Text, int WordCount, int ReadingTimeMinutes);
