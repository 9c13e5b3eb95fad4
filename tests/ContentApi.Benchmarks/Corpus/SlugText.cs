using System.Globalization;
using System.Text;

namespace ContentApi.Benchmarks.Corpus;

/// <summary>
/// Slugs as the service makes them (src/ContentApi/Http/Slugs.cs, copied because this project does not
/// reference the service yet): accents dropped, other characters become single hyphens, at most
/// 72 characters so a "-NN" suffix still fits in 80.
/// </summary>
internal static class SlugText
{
    public const int MaxLength = 80;

    public static string From(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '’')
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            var ascii = lower is >= 'a' and <= 'z' or >= '0' and <= '9' ? lower.ToString() : Transliterated(lower);
            if (ascii is not null)
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(ascii);
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }
        }

        var slug = builder.ToString();
        if (slug.Length > MaxLength - 8)
        {
            slug = slug[..(MaxLength - 8)].TrimEnd('-');
            var lastHyphen = slug.LastIndexOf('-');
            slug = lastHyphen > 20 ? slug[..lastHyphen] : slug;
        }

        return slug.Any(char.IsAsciiLetterLower) ? slug : slug.Length == 0 ? "untitled" : "n-" + slug;
    }

    private static string? Transliterated(char c) => c switch
    {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' or 'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        _ => null,
    };
}

/// <summary>Hands out unique slugs in call order: "base", then "base-2", "base-3"... as the service does.</summary>
internal sealed class SlugRegistry
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public string Claim(string text)
    {
        var baseSlug = SlugText.From(text);
        var candidate = baseSlug;
        for (var n = 2; !_taken.Add(candidate); n++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{baseSlug}-{n}");
        }

        return candidate;
    }
}
