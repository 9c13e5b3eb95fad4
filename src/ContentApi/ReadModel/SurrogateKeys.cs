using System.Globalization;
using ContentApi.Related;

namespace ContentApi.ReadModel;

/// <summary>
/// The names of what an answer shows and what a write changes, shared by the response cache, the Surrogate-Key header
/// (so Fastly, Varnish xkey or Cloudflare purge exactly what changed) and the change log (so sync clients and webhook
/// receivers learn what to purge):
/// <list type="bullet">
/// <item><c>article-12</c>, <c>tag-5</c>, <c>byline-3</c>, <c>entity-9</c>: one resource's content, wherever it is shown
/// (its page, a teaser, an embedded fragment, a facet chip, a related-articles reason).</item>
/// <item><c>tag-5-articles</c> (and byline-, entity-): which articles have it and may be seen by whom: lists filtered by it,
/// counts and facets of them, related articles found through it.</item>
/// <item><c>term-1a2b3c4d</c>: which articles have a key term (the stem's hash: stems are words of any script, keys are
/// ASCII): related articles found through it. Two stems may share one; that only retires a few more answers.</item>
/// <item><c>articles</c>: which articles exist and may be seen by whom, and their links: every list, count and facet.</item>
/// <item><c>articles-updated</c>, <c>articles-headline</c>: the order of lists sorted by last update, by headline.</item>
/// <item><c>articles-text</c>: what search finds: headlines, standfirsts, bodies and the names of what articles link to.</item>
/// <item><c>tags</c>, <c>bylines</c>, <c>entities</c>: which exist (their lists).</item>
/// </list>
/// A write names the keys of what it changed; an answer names the keys of everything it was made from. So a headline
/// edit retires the article's page, the lists and related boxes that show its teaser, and searches, and leaves every
/// other page, list and related box alone.
/// </summary>
public static class SurrogateKeys
{
    public const string Articles = "articles";
    public const string ArticlesByUpdate = "articles-updated";
    public const string ArticlesByHeadline = "articles-headline";
    public const string ArticleText = "articles-text";

    public static string Article(int id) => $"article-{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A tag's, byline's or entity's own content.</summary>
    public static string Of(FeatureKind kind, int id) => Own[(int)kind][id];

    /// <summary>The set of articles with this tag, byline or entity.</summary>
    public static string ArticlesWith(FeatureKind kind, int id) => WithIt[(int)kind][id];

    /// <summary>Adds the keys of the sets of articles with each of these key terms (their stems).</summary>
    public static void AddTerms(ISet<string> keys, KeyTermList? terms)
    {
        if (terms?.Packed is { } packed)
        {
            for (var at = 0; at < KeyTermList.CountOf(packed); at++)
            {
                keys.Add(WithTerm[KeyTermList.KeyAt(packed, at)]);
            }

            return;
        }

        foreach (var term in terms ?? [])
        {
            keys.Add(TermKey(term.Key));
        }
    }

    // Keys made once and found by number: a list page names some 130 tags and bylines, a related answer the 80 stems of its
    // source, and making each key again (or finding a stem's by its text) was a few percent of their CPU.
    private static readonly KeyMemo[] Own = [.. Enum.GetValues<FeatureKind>().Select(kind => new KeyMemo(id => $"{Name(kind)}-{Number(id)}"))];
    private static readonly KeyMemo[] WithIt = [.. Enum.GetValues<FeatureKind>().Select(kind => new KeyMemo(id => $"{Name(kind)}-{Number(id)}-articles"))];
    private static readonly KeyMemo WithTerm = new(stem => TermKey(KeyWords.Of(stem)), bound: int.MaxValue); // as many as KeyWords numbers

    private static string Number(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Keys by number, each made on first use and kept in an array that grows to the highest number asked for, up to
    /// <paramref name="bound"/> (ids beyond it, which only a database with very many of a kind has, are made each time).
    /// </summary>
    private sealed class KeyMemo(Func<int, string> make, int bound = 1 << 18)
    {
        private readonly Lock _growing = new();
        private string?[] _made = new string?[1_024];

        public string this[int number]
        {
            get
            {
                var made = Volatile.Read(ref _made);
                return (uint)number < (uint)made.Length && made[number] is { } key ? key
                    : (uint)number < (uint)bound ? Made(number)
                    : make(number);
            }
        }

        private string Made(int number)
        {
            lock (_growing)
            {
                if (number >= _made.Length)
                {
                    var grown = new string?[Math.Min(bound, Math.Max(2 * _made.Length, number + 1))];
                    Array.Copy(_made, grown, _made.Length);
                    Volatile.Write(ref _made, grown);
                }

                return _made[number] ??= make(number);
            }
        }
    }

    /// <summary>The set of articles with this key term (its stem): FNV-1a over its UTF-8, as eight hex digits.</summary>
    private static string TermKey(string stem)
    {
        var hash = 2166136261u;
        Span<byte> utf8 = stem.Length <= 64 ? stackalloc byte[3 * 64] : new byte[System.Text.Encoding.UTF8.GetMaxByteCount(stem.Length)];
        foreach (var b in utf8[..System.Text.Encoding.UTF8.GetBytes(stem, utf8)])
        {
            hash = (hash ^ b) * 16777619u;
        }

        return $"term-{hash:x8}";
    }

    /// <summary>The set of bylines, tags or entities.</summary>
    public static string All(FeatureKind kind) => kind == FeatureKind.Entity ? "entities" : $"{Name(kind)}s";

    private static string Name(FeatureKind kind) => kind switch
    {
        FeatureKind.Tag => "tag",
        FeatureKind.Byline => "byline",
        _ => "entity",
    };

    /// <summary>
    /// What changing a byline, tag or entity changes: its fragment, its kind's list, and what search finds by its names;
    /// and when an entity's type changed (<paramref name="retyped"/>), the related lists found through it, where its
    /// weight depends on its type.
    /// </summary>
    public static void AddReferenceChange(ISet<string> keys, FeatureKind kind, int id, bool retyped)
    {
        keys.Add(Of(kind, id));
        keys.Add(All(kind));
        keys.Add(ArticleText);
        if (retyped)
        {
            keys.Add(ArticlesWith(kind, id));
        }
    }

    /// <summary>
    /// What changing an article from <paramref name="old"/> to <paramref name="new"/> (either null: created, deleted)
    /// changes. Its own content always. The lists that may hold it only when something they select, count or order by
    /// changed: existence, status, times, section, language, syndication, reach or links; then every list filtered by
    /// a tag, byline or entity it had or has. When only how central its entities are changed (an edit of its text can
    /// move that), only what was found through those entities. Lists sorted by update or headline only when those moved.
    /// </summary>
    public static void AddArticleChange(ISet<string> keys, ArticleFacts? old, ArticleFacts? @new)
    {
        var id = (old ?? @new)!.Id;
        keys.Add(Article(id));
        if (old is null || @new is null || !old.InTheSameListsAs(@new))
        {
            keys.Add(Articles);
            foreach (var facts in (ReadOnlySpan<ArticleFacts?>)[old, @new])
            {
                if (facts is null)
                {
                    continue;
                }

                AddAll(keys, FeatureKind.Tag, facts.TagIds);
                AddAll(keys, FeatureKind.Byline, facts.BylineIds);
                AddAll(keys, FeatureKind.Entity, facts.EntityIds);
            }
        }
        else if (!SameSalience(old, @new))
        {
            // How central its entities are is read by related boxes alone (found through those entities), not by lists.
            AddAll(keys, FeatureKind.Entity, old.EntityIds);
            AddAll(keys, FeatureKind.Entity, @new.EntityIds);
        }

        // Related boxes that found it, or may now find it, through a word: when it joins, leaves or changes its words.
        if (old is null || @new is null || !old.InTheSameListsAs(@new) || !SameTerms(old, @new))
        {
            AddTerms(keys, old?.Terms);
            AddTerms(keys, @new?.Terms);
        }

        if (old?.UpdatedAt != @new?.UpdatedAt || old is null || @new is null)
        {
            keys.Add(ArticlesByUpdate);
        }

        if (!string.Equals(old?.Headline, @new?.Headline, StringComparison.Ordinal) || old is null || @new is null || !old.InTheSameListsAs(@new))
        {
            keys.Add(ArticlesByHeadline);
        }

        // A change of reach alone (the clock) changes no text; any write may.
        if (old is null || @new is null || old.UpdatedAt != @new.UpdatedAt || !old.HasTheSameLinksAs(@new))
        {
            keys.Add(ArticleText);
        }
    }

    private static void AddAll(ISet<string> keys, FeatureKind kind, int[] ids)
    {
        foreach (var id in ids)
        {
            keys.Add(ArticlesWith(kind, id));
        }
    }

    private static bool SameSalience(ArticleFacts a, ArticleFacts b) =>
        a.EntityIds.AsSpan().SequenceEqual(b.EntityIds) && (a.EntitySalience ?? []).AsSpan().SequenceEqual(b.EntitySalience ?? []);

    private static bool SameTerms(ArticleFacts a, ArticleFacts b) => a.Terms?.Count is null or 0 ? b.Terms?.Count is null or 0 : a.Terms.Equals(b.Terms);
}
