using System.Globalization;
using ContentApi.Http;

namespace ContentApi.Benchmarks.Corpus;

/// <summary>Unique slugs made as the service makes them (Slugs.From), with "-2", "-3"... on a clash.</summary>
internal sealed class SlugRegistry
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public string Claim(string text)
    {
        var baseSlug = Slugs.From(text);
        var candidate = baseSlug;
        for (var n = 2; !_taken.Add(candidate); n++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{baseSlug}-{n}");
        }

        return candidate;
    }
}
