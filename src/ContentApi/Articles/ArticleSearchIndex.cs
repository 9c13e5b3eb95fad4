using System.Text;
using System.Text.RegularExpressions;

namespace ContentApi.Articles;

/// <summary>
/// The query language of the full-text index of articles (headline, standfirst, body text and the names of the
/// article's tags, bylines and entities, with diacritics removed and no stemming): what a reader typed becomes an
/// expression that cannot be a syntax error, bounded in cost, and the databases' marked snippets become escaped HTML.
/// The index itself, and the SQL that reads and writes it, are each database's (Persistence: SqlDialect.ReindexAsync,
/// IFullTextSearch); both weigh headline 10, standfirst 4, names 3, body 1.
/// </summary>
public static partial class ArticleSearchIndex
{
    /// <summary>Where the databases' snippets start and end a match, before <see cref="Highlighted"/> makes them &lt;mark&gt;.</summary>
    private const char MarkStart = '\u0001', MarkEnd = '\u0002';

    /// <summary>
    /// A snippet as HTML: every character of the text escaped (&amp;, &lt;, &gt;, quotes), matches in &lt;mark&gt;. A marker
    /// the text itself held, or one out of turn, is dropped, so the marks always pair up.
    /// </summary>
    internal static string Highlighted(string snippet)
    {
        var html = new StringBuilder(snippet.Length + 32);
        var open = false;
        foreach (var c in snippet)
        {
            switch (c)
            {
                case MarkStart when !open:
                    html.Append("<mark>");
                    open = true;
                    break;
                case MarkEnd when open:
                    html.Append("</mark>");
                    open = false;
                    break;
                case MarkStart or MarkEnd:
                    break;
                default:
                    html.AppendEscaped(c);
                    break;
            }
        }

        return open ? html.Append("</mark>").ToString() : html.ToString();
    }

    /// <summary>
    /// Turns what a reader typed into an FTS5 query that cannot be a syntax error: each word is
    /// quoted (so AND, OR, NEAR, columns and brackets are plain words), "phrases" stay phrases, and a
    /// trailing * on a word keeps it a prefix search. A term typed twice counts once (case aside): every
    /// repetition multiplied the cost of ranking and highlighting. Returns null when nothing searchable is left.
    /// </summary>
    public static string? ToMatchExpression(string text)
    {
        var terms = Terms(text);
        return terms.Count == 0 ? null : string.Join(' ', terms.Select(t => $"\"{t.Words}\"{(t.Prefix ? "*" : "")}"));
    }

    /// <summary>The distinct terms of what a reader typed: words and phrases, each a prefix or not (see ToMatchExpression).</summary>
    public static IReadOnlyList<SearchTerm> Terms(string text)
    {
        var terms = new List<SearchTerm>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            if (text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                end = end < 0 ? text.Length : end;
                AddTerm(terms, text[(i + 1)..end], prefix: false);
                i = end + 1;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
            {
                i++;
            }

            var word = text[start..i];
            AddTerm(terms, word.TrimEnd('*'), prefix: word.EndsWith('*'));
        }

        return terms;
    }

    /// <summary>
    /// Why a search would cost more than a reader's search may (too many terms or prefixes, too short a prefix), or null.
    /// Checked before the search runs; the time budget (Search:Timeout, see IFullTextSearch) bounds what is left.
    /// </summary>
    public static string? Refusal(string text, SearchOptions options)
    {
        var terms = Terms(text);
        if (terms.Count > options.MaxTerms)
        {
            return $"A search may have at most {options.MaxTerms} different words or \"phrases\"; this one has {terms.Count}.";
        }

        if (terms.FirstOrDefault(t => t.Prefix && t.Words.Split(' ')[^1].Length < options.MinPrefixLength) is { } shortPrefix)
        {
            return $"A prefix search needs at least {options.MinPrefixLength} letters before the *, not '{shortPrefix.Words.Split(' ')[^1]}*'.";
        }

        var prefixes = terms.Count(t => t.Prefix);
        return prefixes > options.MaxPrefixTerms
            ? $"A search may have at most {options.MaxPrefixTerms} prefixes (word*); this one has {prefixes}."
            : null;
    }

    private static void AddTerm(List<SearchTerm> terms, string raw, bool prefix)
    {
        var cleaned = new StringBuilder();
        foreach (var c in raw)
        {
            cleaned.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        var words = cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var term = new SearchTerm(string.Join(' ', words), prefix);
        if (words.Length > 0 && !terms.Any(t => t.Prefix == prefix && string.Equals(t.Words, term.Words, StringComparison.OrdinalIgnoreCase)))
        {
            terms.Add(term);
        }
    }

    /// <summary>
    /// The same expression as a PostgreSQL tsquery: "a b"* becomes ('a' &lt;-&gt; 'b':*), terms are joined by &amp;, or by |
    /// where the expression joins them with OR. Every word holds only letters and digits (see AddTerm).
    /// </summary>
    internal static string ToTsQuery(string match)
    {
        var query = new StringBuilder();
        var previousEnd = 0;
        foreach (Match term in QuotedTerm().Matches(match))
        {
            if (query.Length > 0)
            {
                query.Append(match[previousEnd..term.Index].Trim() == "OR" ? " | " : " & ");
            }

            var words = term.Groups["words"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var prefix = term.Groups["prefix"].Success ? ":*" : "";
            query.Append('(').AppendJoin(" <-> ", words.Select((w, i) => $"'{w}'{(i == words.Length - 1 ? prefix : "")}")).Append(')');
            previousEnd = term.Index + term.Length;
        }

        return query.ToString();
    }

    [GeneratedRegex("\"(?<words>[^\"]*)\"(?<prefix>\\*)?")]
    private static partial Regex QuotedTerm();




    /// <summary>A word or phrase of a search (its words joined by single spaces), and whether its last word is a prefix.</summary>
    public sealed record SearchTerm(string Words, bool Prefix);
}
