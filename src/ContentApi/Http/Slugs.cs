using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ContentApi.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Http;

/// <summary>URL-safe names: lowercase ASCII letters and digits in hyphen-separated words, with at least one letter.</summary>
public static partial class Slugs
{
    public const string Rule = "lowercase letters, digits and single hyphens between words (e.g. 'mali-russia-talks'), with at least one letter, at most 200 characters";

    [GeneratedRegex("^(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex Pattern();

    /// <summary>
    /// Longest slug made from a title (cut at a word): a headline can run to 200 characters, an address should not. Sent
    /// slugs may be as long as <see cref="Limits.Slug"/>.
    /// </summary>
    public const int GeneratedLength = 72;

    public static bool IsValid(string? slug) => slug is { Length: > 0 and <= Limits.Slug } && Pattern().IsMatch(slug);

    /// <summary>Makes a slug from free text: "Mali’s Foreign Minister" becomes "malis-foreign-minister".</summary>
    public static string From(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var c in Decomposed(text))
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
        if (slug.Length > GeneratedLength)
        {
            slug = slug[..GeneratedLength].TrimEnd('-');
            var lastHyphen = slug.LastIndexOf('-');
            slug = lastHyphen > 20 ? slug[..lastHyphen] : slug;
        }

        return slug.Any(char.IsAsciiLetterLower) ? slug : slug.Length == 0 ? "untitled" : "n-" + slug;
    }

    /// <summary>
    /// The text in Unicode normalization form D, so accents come apart from their letters; text that cannot be
    /// normalized (a noncharacter such as U+FFFE, a lone surrogate) as it is, rather than an exception.
    /// </summary>
    private static string Decomposed(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    /// <summary>Latin letters that have no decomposed form with a plain base letter.</summary>
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

    /// <summary>The first of "base", "base-2", "base-3"... that is not among the taken slugs.</summary>
    public static async Task<string> FirstFreeAsync(string baseSlug, IQueryable<string> taken, CancellationToken ct, IReadOnlyCollection<string>? reserved = null)
    {
        // Slugs that start with "base-" sort from "base-" up to "base." ('.' follows '-'): an index range, where
        // StartsWith would be a LIKE that SQLite answers by reading every slug.
        var (from, to) = (baseSlug + "-", baseSlug + ".");
#pragma warning disable CA1309 // Translated to SQL comparisons, which under SQLite's BINARY collation are ordinal.
        var clashes = (await taken.Where(s => s == baseSlug || (string.Compare(s, from) >= 0 && string.Compare(s, to) < 0)).ToListAsync(ct)).ToHashSet();
#pragma warning restore CA1309
        clashes.UnionWith(reserved ?? []);
        var candidate = baseSlug;
        for (var n = 2; clashes.Contains(candidate); n++)
        {
            candidate = $"{baseSlug}-{n}";
        }

        return candidate;
    }
}

public static class Lookup
{
    /// <summary>Filters to the resource whose numeric id or slug is <paramref name="key"/>.</summary>
    public static IQueryable<T> WhereKey<T>(this IQueryable<T> query, string key) where T : class, ISlugged =>
        TryParseId(key, out var id) ? query.Where(e => e.Id == id) : query.Where(e => e.Slug == key);

    public static bool TryParseId(string? key, out int id) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    /// <summary>The distinct ids that slugs or ids name, and whether every one of them named something.</summary>
    public static async Task<(List<int> Ids, bool EveryKeyFound)> IdsAsync<T>(IQueryable<T> table, IReadOnlyList<string> keys, CancellationToken ct)
        where T : class, ISlugged
    {
        var ids = keys.Select(k => TryParseId(k, out var id) ? id : 0).Where(id => id > 0).ToList();
        var found = await table.Where(e => keys.Contains(e.Slug) || ids.Contains(e.Id)).Select(e => new { e.Id, e.Slug }).ToListAsync(ct);
        var everyKeyFound = keys.All(k => found.Any(f => f.Slug == k || (TryParseId(k, out var id) && f.Id == id)));
        return ([.. found.Select(f => f.Id).Distinct()], everyKeyFound);
    }
}

public static class SlugChoice
{
    /// <summary>
    /// The slug a write ends up with: the requested one if free, the current one when none is
    /// requested, or a fresh one made from <paramref name="title"/> for a new resource.
    /// </summary>
    /// <param name="takenByOthers">
    /// Makes the query for the slugs of the other resources of the same kind; called only when the database is asked
    /// (building the query costs more than the rest of an imported article's slug choice).
    /// </param>
    /// <param name="knownTaken">
    /// When the caller has already asked: every slug, among those it requests, that <paramref name="takenByOthers"/> holds.
    /// A requested slug is then looked up here instead of in the database (an import asks once for a batch).
    /// </param>
    public static async Task<(string Slug, ProblemHttpResult? Problem)> ChooseAsync(
        string kind, string? requested, string? current, string title, Func<IQueryable<string>> takenByOthers, CancellationToken ct,
        IReadOnlyCollection<string>? reserved = null, IReadOnlySet<string>? knownTaken = null)
    {
        if (requested is null)
        {
            return (current ?? await Slugs.FirstFreeAsync(Slugs.From(title), takenByOthers(), ct, reserved), null);
        }

        // Where-then-Any becomes EXISTS (... WHERE slug = @requested), which SQLite answers from the slug indexes;
        // Any(predicate) becomes "@requested IN (every slug)", which reads them all.
        if (requested != current && (knownTaken?.Contains(requested) ?? await takenByOthers().Where(s => s == requested).AnyAsync(ct)))
        {
            return (requested, Problems.SlugTaken(kind, requested));
        }

        return (requested, null);
    }
}
