using System.Collections.Immutable;
using System.Text;
using ContentApi.Access;
using ContentApi.Persistence;

namespace ContentApi.Tests.Fuzzing;

/// <summary>
/// A request body as sent: its Content-Type (none when null) and its text, encoded as UTF-8, or, when
/// <see cref="IsBytes"/>, one byte per character (for bytes that are not UTF-8 at all).
/// </summary>
public sealed record FuzzBody(string? ContentType, string Text, bool IsBytes = false)
{
    public byte[] Encode(FuzzTargets targets) => IsBytes ? Encoding.Latin1.GetBytes(Text) : Encoding.UTF8.GetBytes(targets.ResolveAll(Text));

    public override string ToString() => $"{ContentType ?? "no Content-Type"}, {Text.Length} chars{(IsBytes ? " of raw bytes" : "")}: {Show(Text, 300)}";

    /// <summary>The start of a text, with control characters and surrogates escaped so a failure message reads.</summary>
    public static string Show(string text, int max)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            shown.Append(c is < ' ' or (>= '\uD800' and <= '\uDFFF') or '\u007F' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return text.Length > max ? $"{shown}… ({text.Length} chars)" : shown.ToString();
    }
}

/// <summary>
/// One generated request: an operation of the contract, who calls it, the path and query (already
/// percent-encoded, with <see cref="FuzzTargets"/> placeholders for stored resources), extra headers and a body.
/// </summary>
public sealed record FuzzRequest(
    FuzzOperation Operation, ApiRole? Caller, string Path, string Query, ImmutableList<KeyValuePair<string, string>> Headers, FuzzBody? Body)
{
    public string Url(FuzzTargets targets) => targets.ResolveAll(Path) + (Query.Length > 0 ? "?" + targets.ResolveAll(Query) : "");

    public string Describe(FuzzTargets targets)
    {
        var text = new StringBuilder($"{Operation.Method} {FuzzBody.Show(Url(targets), 400)} as {Caller?.ToString().ToLowerInvariant() ?? "anonymous"}");
        foreach (var (name, value) in Headers)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n    {name}: {FuzzBody.Show(value, 120)}");
        }

        return Body is null ? text.ToString() : text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n    body: {Body}").ToString();
    }

    public override string ToString() => $"{Operation.Method} {Path}{(Query.Length > 0 ? "?" + Query : "")}";
}
