using System.Text;

namespace ContentApi.Http;

/// <summary>Plain text put into HTML so that it shows as the text it is: a tag in it stays text, never markup.</summary>
public static class HtmlText
{
    public static string Escape(string text)
    {
        var html = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            html.AppendEscaped(c);
        }

        return html.ToString();
    }

    /// <summary>Appends one character of text: &amp;, &lt;, &gt; and both quotes as references, anything else as it is.</summary>
    public static StringBuilder AppendEscaped(this StringBuilder html, char c) => c switch
    {
        '&' => html.Append("&amp;"),
        '<' => html.Append("&lt;"),
        '>' => html.Append("&gt;"),
        '"' => html.Append("&quot;"),
        '\'' => html.Append("&#39;"),
        _ => html.Append(c),
    };
}
