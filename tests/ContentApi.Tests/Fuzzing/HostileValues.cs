using System.Text;
using CsCheck;

namespace ContentApi.Tests.Fuzzing;

/// <summary>The values the fuzzer puts everywhere: injection-looking text, odd Unicode, extreme numbers, long strings.</summary>
public static class HostileValues
{
    /// <summary>SQL, script, path, template and full-text-query injection, and characters with a meaning somewhere.</summary>
    public static readonly string[] Injection =
    [
        "' OR 1=1 --", "\"; DROP TABLE Articles; --", "1; SELECT sqlite_version()", "' UNION SELECT Secret FROM ApiKeys --",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "../../etc/passwd",
        "..\\..\\windows\\win.ini", "%00", "%2e%2e%2f", "${7*7}", "{{7*7}}", "$(id)", "`id`", "%s%s%s%n", "\0", "\0abc",
        "\"unterminated", "NEAR(a b)", "a AND", "OR", "NOT x", "(", ")", "*", "a*", "^a", "headline:x", "{a b}:c", "\"\"", "-",
        ",", ",,,", ";", "|", "&", "=", "?", "#", "/", "\\", "%", "+", ".", "..", "null", "undefined", "NaN", "true", "[]", "{}",
        "__proto__", "constructor", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/",
    ];

    /// <summary>Right-to-left overrides, combining marks, emoji, lone surrogates, zero-width and control characters, odd digits.</summary>
    public static readonly string[] OddUnicode =
    [
        "\u202Eevil\u202C", "\u200F\u05E9\u05DC\u05D5\u05DD\u200E", "e\u0301\u0301\u0301\u0301", "Z\u0337\u0322\u0327a\u0338l\u0335g\u0336o",
        "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66", "\uD83C\uDDF2\uD83C\uDDF1", "\uD800", "\uDC00x", "x\uD83D",
        "\uFEFF", "\u200B", "\u00A0", "\u2028\u2029", "\u0085", "\t\r\n", "\u001B[31m", "\u0007", "\uFFFF", "\uFFFE", "İstanbul", "ß",
        "\uFB03", "\u01C5", "\u0661\u0662\u0663", "\uD835\uDD6C\uD835\uDD87", "Go\u00EFta", "\u6771\u4EAC", "\u0000\u0000",
    ];

    /// <summary>
    /// Numbers and number-like text: negative, zero, over int and long, exponents, odd forms. None names a small
    /// id, so a DELETE of a key never revokes one of the keys the run calls with.
    /// </summary>
    public static readonly string[] Numbers =
    [
        "-1", "0", "-0", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999", "1e308", "1e400",
        "1.5", "0x1F", "+1", " 1", "1 ", "1_000", "1,5", "Infinity", "-Infinity", "NaN", "\u0661\u0662", "000000987654321",
    ];

    /// <summary>JSON numbers (and one non-number) that do not fit the type a field has.</summary>
    public static readonly string[] JsonNumbers =
    [
        "0", "-1", "1.5", "1e308", "-1e308", "1e400", "-1e-400", "2147483648", "-2147483649", "9223372036854775808",
        "123456789012345678901234567890", "-0", "1E2", "NaN",
    ];

    public static readonly string[] Dates =
    [
        "2026-11-26T12:00:00Z", "2026-11-27T08:30:00Z", "2026-11-25T08:30:00+02:00", "2026-11-26T12:00:00", "2026-11-26",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
        "2026-02-30T00:00:00Z", "2026-13-45T99:00:00Z", "1970-01-01T00:00:00Z", "yesterday", "1e308", "",
    ];

    public static readonly string[] Urls =
    [
        "https://example.com/a.jpg", "http://example.com/", "https://", "http://localhost/", "http://127.0.0.1:8080/", "http://[::1]/",
        "http://10.0.0.1/", "http://169.254.169.254/", "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0x7f000001/",
        "ftp://example.com/x", "javascript:alert(1)", "data:text/html,<b>x</b>", "//example.com/x", "/relative", "https://a b.example/",
        "https://example.com:99999/", "https://user:pass@example.com/", "https://\u4F8B\u3048.\u30C6\u30B9\u30C8/",
        "https://xn--/", "https://example.com/" + new string('a', 3000), "mailto:a@example.com", "urn:isbn:0451450523",
    ];

    /// <summary>Hostile text of any kind, up to a few hundred characters.</summary>
    public static readonly Gen<string> ShortText = Gen.Frequency(
        (6, Gen.OneOf(Injection)),
        (5, Gen.OneOf(OddUnicode)),
        (3, Gen.OneOf(Numbers)),
        (3, Gen.Select(Gen.OneOf(Injection), Gen.OneOf(OddUnicode), (a, b) => a + b)),
        (2, Gen.String[0, 40]),
        (2, LongText(200, 600)));

    /// <summary>Hostile text of any kind, now and then tens of thousands of characters long.</summary>
    public static readonly Gen<string> Text = Gen.Frequency((20, ShortText), (1, LongText(4_000, 70_000)));

    /// <summary>Repeats of one unit (ASCII, an emoji or a combining mark) to a length in the range.</summary>
    public static Gen<string> LongText(int min, int max) => Gen.Select(
        Gen.OneOf("a", "\u00E9", "\uD83D\uDE00", "e\u0301", "<b>", "' OR 1=1 --", " "), Gen.Int[min, max],
        (unit, length) => new StringBuilder(length + unit.Length).Insert(0, unit, Math.Max(1, length / unit.Length)).ToString());

    /// <summary>Percent-encodings a URL may carry that no string encodes to: lone surrogates, invalid UTF-8, NUL, encoded slashes.</summary>
    public static readonly string[] RawEncodings =
    [
        "%ED%A0%80", "%ED%B0%80x", "%F0%9F", "%FF%FE", "%C0%AF", "%C0%80", "%00", "%2F", "a%2Fb", "..%2F..%2Fetc%2Fpasswd", "%2e%2e",
        "%252e", "%25", "%E2%80%AE", "%EF%BB%BF", "%0D%0A", "%20", "+", "%2B", "%u0041", "%41%42",
    ];

    /// <summary>Text percent-encoded as UTF-8 for a URL path segment or query value (a lone surrogate becomes U+FFFD).</summary>
    public static string UrlEncode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            encoded.Append(b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'~' or (byte)'.'
                ? ((char)b).ToString()
                : $"%{b:X2}");
        }

        return encoded.ToString();
    }

    /// <summary>A hostile value for a URL, already encoded: encoded text, or one of the raw encodings.</summary>
    public static readonly Gen<string> UrlValue = Gen.Frequency(
        (5, ShortText.Select(UrlEncode)),
        (2, Gen.OneOf(RawEncodings)));

    /// <summary>Any JSON value, of any type, that a field should not get.</summary>
    public static readonly Gen<JsonTree> Json = Gen.Frequency<JsonTree>(
        (6, Text.Select(JsonTree.Quoted)),
        (3, Gen.OneOf(JsonNumbers).Select(n => (JsonTree)new JsonTree.Raw(n))),
        (2, Gen.OneOf("true", "false", "null").Select(l => (JsonTree)new JsonTree.Raw(l))),
        (2, Gen.OneOf("[]", "{}", "[null]", "[[[]]]", "{\"a\":{}}", "[1,\"a\",null,{}]", "[\"\"]", "{\"\":null}").Select(c => (JsonTree)new JsonTree.Raw(c))),
        (1, Gen.Int[65, 400].Select(depth => (JsonTree)new JsonTree.Raw(Nested(depth)))));

    /// <summary>Arrays and objects nested <paramref name="depth"/> deep, past System.Text.Json's default limit of 64.</summary>
    public static string Nested(int depth) => depth % 2 == 0
        ? new string('[', depth) + "1" + new string(']', depth)
        : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
