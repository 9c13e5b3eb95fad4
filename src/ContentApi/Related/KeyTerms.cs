using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.De;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Tartarus.Snowball;
using Snowball = Lucene.Net.Tartarus.Snowball.Ext;
using ContentApi.ReadModel;
using Lucene.Net.Util;
using Microsoft.Extensions.Options;

namespace ContentApi.Related;

/// <summary>
/// One word of an article as the related index reads it: its key (the stem, case and diacritics folded), the form a
/// reader recognises (the word as the article most often writes it), and its weight in the article (see <see cref="TextTerms"/>).
/// </summary>
public readonly record struct KeyTerm(string Key, string Display, float Weight);

/// <summary>How many articles have each key term: what the selection of an article's key terms weighs words by.</summary>
public interface IDocumentFrequencies
{
    int Articles { get; }

    int Frequency(string key);
}

/// <summary>
/// Reads the words of a headline, standfirst and body with Lucene.NET's analysis for the article's language:
/// Unicode word boundaries (StandardTokenizer), English possessives and French elisions removed, lower case, the
/// language's stop words dropped (the Snowball lists for English and French, Lucene's German list), the Snowball
/// stemmer of English (Porter2), French or German, and diacritics folded (ASCIIFoldingFilter), so "Café", "cafe" and
/// "cafés" are one term. Other languages get the same without stop words or stemming. Single characters are left out;
/// figures are kept (on the Reuters set they help: "4th", "1986" mark a results story). Pure and thread-safe (Lucene keeps one token stream per thread).
/// </summary>
public static class TextTerms
{
    /// <summary>How much an occurrence counts in each part of the article: the headline and standfirst say what the story is about.</summary>
    public const float HeadlineWeight = 2, StandfirstWeight = 2, BodyWeight = 1;

    private const int MaxTokenLength = 40;
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly ConcurrentDictionary<string, Analyzer> Analyzers = new(StringComparer.Ordinal);

    /// <summary>
    /// Every distinct term of the text with its weight: the occurrences, each counted by where it is
    /// (<see cref="HeadlineWeight"/>, ...), dampened as 1 + ln(count), so a word said ten times is not ten times the story.
    /// </summary>
    public static List<KeyTerm> Of(string headline, string? standfirst, string body, string? language)
    {
        var analyzer = AnalyzerFor(language);
        var counts = new Dictionary<string, Occurrences>(StringComparer.Ordinal);
        Count(analyzer, headline, HeadlineWeight, counts);
        Count(analyzer, standfirst, StandfirstWeight, counts);
        Count(analyzer, body, BodyWeight, counts);
        var terms = new List<KeyTerm>(counts.Count);
        foreach (var (key, occurrences) in counts)
        {
            terms.Add(new KeyTerm(key, occurrences.Display(), 1 + MathF.Log(occurrences.Weight)));
        }

        terms.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return terms;
    }

    /// <summary>The language's primary subtag: "en-GB" is read as English.</summary>
    public static string LanguageOf(string? language) =>
        (language ?? "").Split('-', '_')[0].ToLowerInvariant() is { Length: > 0 } primary ? primary : "en";

    /// <summary>Adds the terms of <paramref name="text"/> to <paramref name="counts"/>; a term or form seen before costs no allocation.</summary>
    private static void Count(Analyzer analyzer, string? text, float weight, Dictionary<string, Occurrences> counts)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var byKey = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        using var stream = analyzer.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offsets = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var key = term.Buffer.AsSpan(0, term.Length);
            if (key.Length < 2 || key.Length > MaxTokenLength || !IsWord(key))
            {
                continue;
            }

            if (!byKey.TryGetValue(key, out var occurrences))
            {
                occurrences = new Occurrences();
                byKey[key] = occurrences;
            }

            occurrences.Add(weight, SurfaceForm(text.AsSpan(offsets.StartOffset, offsets.EndOffset - offsets.StartOffset)));
        }

        stream.End();
    }

    /// <summary>A token with a letter or digit: figures ("1986", "4th") say a lot about a results story; punctuation says nothing.</summary>
    private static bool IsWord(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The word as written, without an English possessive or a French elided article ("Mali's", "l'armée").</summary>
    private static ReadOnlySpan<char> SurfaceForm(ReadOnlySpan<char> written)
    {
        var apostrophe = written.IndexOfAny('\'', '’');
        if (apostrophe > 0 && apostrophe < written.Length - 1)
        {
            var after = written[(apostrophe + 1)..];
            written = after is "s" or "S" ? written[..apostrophe] : apostrophe <= 2 ? after : written;
        }

        return written;
    }

    /// <summary>One term's weighted count in an article, and each form it is written in with how often, in order of first use.</summary>
    private sealed class Occurrences
    {
        private readonly List<(string Form, int Count)> _forms = new(2);

        public float Weight { get; private set; }

        public void Add(float weight, ReadOnlySpan<char> form)
        {
            Weight += weight;
            var forms = CollectionsMarshal.AsSpan(_forms);
            for (var i = 0; i < forms.Length; i++)
            {
                if (form.SequenceEqual(forms[i].Form))
                {
                    forms[i].Count++;
                    return;
                }
            }

            _forms.Add((form.ToString(), 1));
        }

        /// <summary>
        /// The form most often written, leaving out all-capital forms (a headline in capitals) when another exists, and a
        /// capitalised form when the lower-case one is as frequent (a word that starts a sentence); between forms still
        /// equal, the first in ordinal order. A word only ever in capitals takes its most frequent form (the first written
        /// when equal), kept when short (an acronym), else written in lower case.
        /// </summary>
        public string Display()
        {
            (string Form, int Count)? best = null;
            foreach (var candidate in _forms)
            {
                if (!AllCaps(candidate.Form) && (best is not { } current || Before(candidate, current)))
                {
                    best = candidate;
                }
            }

            if (best is { } chosen)
            {
                return chosen.Form;
            }

            var frequent = _forms[0];
            foreach (var candidate in _forms)
            {
                if (candidate.Count > frequent.Count)
                {
                    frequent = candidate;
                }
            }

            return frequent.Form.Length <= 5 ? frequent.Form : frequent.Form.ToLowerInvariant();
        }

        private static bool Before((string Form, int Count) a, (string Form, int Count) b) =>
            a.Count != b.Count ? a.Count > b.Count
            : char.IsUpper(a.Form[0]) != char.IsUpper(b.Form[0]) ? !char.IsUpper(a.Form[0])
            : string.CompareOrdinal(a.Form, b.Form) < 0;

        private static bool AllCaps(string form)
        {
            var letter = false;
            foreach (var c in form)
            {
                if (char.IsLower(c))
                {
                    return false;
                }

                letter |= char.IsLetter(c);
            }

            return letter;
        }
    }

    private static Analyzer AnalyzerFor(string? language) => Analyzers.GetOrAdd(LanguageOf(language), code => code switch
    {
        "en" => Build(stream => new EnglishPossessiveFilter(Version, stream), EnglishStopWords.Value, () => new Snowball.EnglishStemmer()),
        "fr" => Build(stream => new ElisionFilter(stream, FrenchAnalyzer.DEFAULT_ARTICLES), FrenchAnalyzer.DefaultStopSet, () => new Snowball.FrenchStemmer()),
        "de" => Build(stream => stream, GermanAnalyzer.DefaultStopSet, () => new Snowball.GermanStemmer()),
        _ => Build(stream => stream, null, null),
    });

    private static Analyzer Build(Func<TokenStream, TokenStream> language, CharArraySet? stopWords, Func<SnowballProgram>? stemmer)
    {
        var stems = new RememberedStems();
        return Analyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = new StandardTokenizer(Version, reader) { MaxTokenLength = 255 };
            TokenStream stream = new LowerCaseFilter(Version, language(tokenizer));
            if (stopWords is not null)
            {
                stream = new StopFilter(Version, stream, stopWords);
            }

            if (stemmer is not null)
            {
                stream = new RememberedStemFilter(stream, stemmer(), stems);
            }

            return new TokenStreamComponents(tokenizer, new ASCIIFoldingFilter(stream));
        });
    }

    /// <summary>The Snowball project's English stop words (174, "would" and "these" among them), as Lucene ships them.</summary>
    private static readonly Lazy<CharArraySet> EnglishStopWords = new(() =>
    {
        using var resource = typeof(SnowballFilter).Assembly.GetManifestResourceStream("Lucene.Net.Analysis.Common.Analysis.Snowball.english_stop.txt")
            ?? throw new InvalidOperationException("Lucene.Net.Analysis.Common ships no english_stop.txt.");
        using var reader = new StreamReader(resource);
        return WordlistLoader.GetSnowballWordSet(reader, Version);
    });
}

/// <summary>
/// The Snowball stemmer (what Lucene's SnowballFilter runs) with the stems it has made remembered in
/// <see cref="RememberedStems"/>. Stemming was most of the cost of reading an article's words, and news repeats its
/// words: an article of 600 words has about 300 distinct ones, and a few thousand words make most of any article.
/// </summary>
internal sealed class RememberedStemFilter : TokenFilter
{
    private readonly SnowballProgram _stemmer;
    private readonly RememberedStems _stems;
    private readonly ICharTermAttribute _term;

    public RememberedStemFilter(TokenStream input, SnowballProgram stemmer, RememberedStems stems)
        : base(input)
    {
        (_stemmer, _stems) = (stemmer, stems);
        _term = AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }

        if (!_stems.TryGet(_term.Buffer.AsSpan(0, _term.Length), out var stem))
        {
            var word = new string(_term.Buffer, 0, _term.Length);
            _stemmer.SetCurrent(_term.Buffer, _term.Length);
            _stemmer.Stem();
            stem = new string(_stemmer.CurrentBuffer, 0, _stemmer.CurrentBufferLength);
            _stems.Remember(word, stem);
        }

        _term.SetEmpty().Append(stem);
        return true;
    }
}

/// <summary>
/// One language's stems, word by word, shared by every thread that reads the language (a few MB at most): emptied when it
/// holds about <see cref="MaxRemembered"/> words.
/// </summary>
internal sealed class RememberedStems
{
    public const int MaxRemembered = 20_000;

    private readonly ConcurrentDictionary<string, string> _stems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byWord;
    private int _count;

    public RememberedStems() => _byWord = _stems.GetAlternateLookup<ReadOnlySpan<char>>();

    public bool TryGet(ReadOnlySpan<char> word, [NotNullWhen(true)] out string? stem) =>
        _byWord.TryGetValue(word, out stem);

    public void Remember(string word, string stem)
    {
        // Counted here, not by the dictionary's Count (which takes every lock); threads racing past the bound by a few is no harm.
        if (_stems.TryAdd(word, stem) && Interlocked.Increment(ref _count) > MaxRemembered)
        {
            _stems.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
    }
}

/// <summary>
/// Chooses an article's key terms: the <see cref="Count"/> with the highest weight × IDF, where IDF is
/// ln((1 + articles) / (1 + articles with the term)) + 1 over the index's key terms as they are now. A term on more
/// than <see cref="MaxShare"/> of the articles (once there are <see cref="MinArticlesForShare"/> of them) is too
/// common to say what a story is about and is never chosen.
/// </summary>
public sealed record KeyTermPolicy(int Count, double MaxShare, int MinArticlesForShare)
{
    public KeyTerm[] Select(IReadOnlyList<KeyTerm> terms, IDocumentFrequencies frequencies)
    {
        var articles = frequencies.Articles;
        var cap = articles >= MinArticlesForShare ? MaxShare * articles : double.PositiveInfinity;
        return
        [
            .. terms.Select(t => (Term: t, Frequency: frequencies.Frequency(t.Key)))
                .Where(t => t.Frequency <= cap)
                .Select(t => (t.Term, Score: t.Term.Weight * (Math.Log((1.0 + articles) / (1.0 + t.Frequency)) + 1)))
                .OrderByDescending(t => t.Score).ThenBy(t => t.Term.Key, StringComparer.Ordinal)
                .Take(Count)
                .Select(t => t.Term),
        ];
    }
}

/// <summary>Key terms as an article's row stores them (ArticleKeyTerms.Terms): one per line, key, display form and weight separated by tabs.</summary>
public static class KeyTermText
{
    public static string Write(IEnumerable<KeyTerm> terms) =>
        string.Join('\n', terms.Select(t => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Clean(t.Key)}\t{Clean(t.Display)}\t{t.Weight:R}")));

    /// <summary>The stored terms; a line that does not read as one is skipped.</summary>
    public static List<KeyTerm> Read(string? text)
    {
        List<KeyTerm> terms = [];
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length == 3 && parts[0].Length > 0
                && float.TryParse(parts[2], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var weight)
                && float.IsFinite(weight) && weight > 0)
            {
                terms.Add(new KeyTerm(parts[0], parts[1], weight));
            }
        }

        return terms;
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}

/// <summary>
/// ArticleFacts.Terms in a stored document: one JSON string as <see cref="KeyTermText"/> writes it (a third of the bytes
/// of an object per term).
/// </summary>
public sealed class KeyTermsJsonConverter : System.Text.Json.Serialization.JsonConverter<KeyTermList>
{
    public override KeyTermList? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        reader.TokenType == System.Text.Json.JsonTokenType.Null ? null : [.. KeyTermText.Read(reader.GetString())];

    public override void Write(System.Text.Json.Utf8JsonWriter writer, KeyTermList value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(KeyTermText.Write(value));
}

/// <summary>
/// An article's key terms as the read model keeps them in memory: each term as two numbers in one array, its key's place
/// in <see cref="KeyWords"/> with its display form's place among that key's written forms, and its weight. That is 8
/// bytes a term where an array of <see cref="KeyTerm"/> takes 24 (two references and a float, padded): at 100,000
/// articles of 80 terms, about 130 MB less. Equal when the terms are.
/// </summary>
[System.Runtime.CompilerServices.CollectionBuilder(typeof(KeyTermList), nameof(Create))]
public sealed class KeyTermList : IReadOnlyList<KeyTerm>, IEquatable<KeyTermList>
{
    /// <summary>Ints a term takes in <see cref="Packed"/>.</summary>
    internal const int Stride = 2;

    /// <summary>A key's number takes the low 24 bits of a term's first int, its form's place the 7 above (so the int stays positive).</summary>
    private const int KeyBits = 24;
    private const int KeyMask = (1 << KeyBits) - 1;
    private const int MaxForms = 1 << 7;

    private readonly int[]? _packed;
    private readonly KeyTerm[]? _plain;

    private KeyTermList(int[]? packed, KeyTerm[]? plain) => (_packed, _plain) = (packed, plain);

    /// <summary>
    /// Terms to keep: their words are numbered in <see cref="KeyWords"/> for good. Held as they are (as a transient list)
    /// in the unlikely case that a number or a form's place does not fit: past 16 million words, or 128 forms of one key.
    /// </summary>
    public static KeyTermList Create(ReadOnlySpan<KeyTerm> terms)
    {
        var packed = new int[Stride * terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            var key = KeyWords.NumberOf(terms[i].Key);
            var form = key > KeyMask ? MaxForms : KeyWords.FormOf(key, terms[i].Display); // a key past the mask keeps no forms
            if (form >= MaxForms)
            {
                return new KeyTermList(null, terms.ToArray());
            }

            (packed[Stride * i], packed[Stride * i + 1]) = (key | form << KeyBits, BitConverter.SingleToInt32Bits(terms[i].Weight));
        }

        return new KeyTermList(packed, null);
    }

    /// <summary>Terms of something never kept (a draft that asks for suggestions): held as they are, so its words are not numbered.</summary>
    public static KeyTermList Transient(KeyTerm[] terms) => new(null, terms);

    /// <summary>
    /// The terms as numbers, <see cref="Stride"/> a term (read them with <see cref="KeyAt"/> and <see cref="WeightAt"/>).
    /// The related index reads them as they are. Null for a list held as it is.
    /// </summary>
    internal int[]? Packed => _packed;

    /// <summary>
    /// The terms in <see cref="Packed"/>'s layout whether packed or not: for a list held as it is, each key's number if it
    /// has one that fits, else -1, and no display forms.
    /// </summary>
    internal int[] Numbers()
    {
        if (_packed is { } packed)
        {
            return packed;
        }

        var looked = new int[Stride * _plain!.Length];
        for (var i = 0; i < _plain.Length; i++)
        {
            looked[Stride * i] = KeyWords.TryNumberOf(_plain[i].Key, out var number) && number <= KeyMask ? number : -1;
            looked[Stride * i + 1] = BitConverter.SingleToInt32Bits(_plain[i].Weight);
        }

        return looked;
    }

    /// <summary>How many terms numbers in <see cref="Packed"/>'s layout hold.</summary>
    internal static int CountOf(int[]? numbers) => numbers is null ? 0 : numbers.Length / Stride;

    /// <summary>The key's number of the term at this place of numbers in <see cref="Packed"/>'s layout; -1 for a key without one.</summary>
    internal static int KeyAt(int[] numbers, int at) => numbers[Stride * at] is var value and >= 0 ? value & KeyMask : -1;

    /// <summary>The weight of the term at this place of numbers in <see cref="Packed"/>'s layout.</summary>
    internal static float WeightAt(int[] numbers, int at) => BitConverter.Int32BitsToSingle(numbers[Stride * at + 1]);

    public int Count => _plain?.Length ?? _packed!.Length / Stride;

    public KeyTerm this[int index]
    {
        get
        {
            if (_plain is { } plain)
            {
                return plain[index];
            }

            var key = KeyAt(_packed!, index);
            return new(KeyWords.Of(key), KeyWords.FormAt(key, _packed![Stride * index] >>> KeyBits), WeightAt(_packed, index));
        }
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyTerm> IEnumerable<KeyTerm>.GetEnumerator() => GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(KeyTermList? other) =>
        other is not null && (_packed is not null && other._packed is not null
            ? _packed.AsSpan().SequenceEqual(other._packed)
            : Count == other.Count && Enumerable.Range(0, Count).All(i => this[i] == other[i]));

    public override bool Equals(object? obj) => Equals(obj as KeyTermList);

    public override int GetHashCode() => Count;

    public struct Enumerator(KeyTermList list) : IEnumerator<KeyTerm>
    {
        private int _at = -1;

        public readonly KeyTerm Current => list[_at];

        readonly object System.Collections.IEnumerator.Current => Current;

        public bool MoveNext() => ++_at < list.Count;

        public void Reset() => _at = -1;

        public readonly void Dispose()
        {
        }
    }
}

/// <summary>
/// Every stem and word form key terms have used in this process, numbered in order of first use: what
/// <see cref="KeyTermList"/> stores. A million articles share a few hundred thousand words. Words are never forgotten.
/// Numbering takes a lock; reading a number's word does not (a grown table replaces the old one, which stays right for
/// every number it holds).
/// </summary>
public static class KeyWords
{
    private static readonly ConcurrentDictionary<string, int> Numbers = new(StringComparer.Ordinal);
    private static readonly Lock Numbering = new();
    private static string[] _words = new string[4_096];
    private static int _count;

    /// <summary>By a key's number, the numbers of the forms it is written in, in order of first use; null for a word never used as a key.</summary>
    private static int[]?[] _forms = new int[]?[4_096];

    public static int NumberOf(string word)
    {
        if (Numbers.TryGetValue(word, out var number))
        {
            return number;
        }

        lock (Numbering)
        {
            if (Numbers.TryGetValue(word, out number))
            {
                return number;
            }

            if (_count == _words.Length)
            {
                var grown = new string[2 * _count];
                Array.Copy(_words, grown, _count);
                Volatile.Write(ref _words, grown);
            }

            _words[_count] = word;
            Numbers[word] = _count;
            return _count++;
        }
    }

    /// <summary>A word's number if it has one; numbers nothing.</summary>
    public static bool TryNumberOf(string word, out int number) => Numbers.TryGetValue(word, out number);

    public static string Of(int number) => Volatile.Read(ref _words)[number];

    /// <summary>
    /// The place of <paramref name="form"/> (a word as an article writes it) among the forms of the key numbered
    /// <paramref name="key"/>, numbering it as the key's next form if it is new. A key has a few forms (a stem's singular,
    /// plural, capitalised...), so a term keeps its form in a few bits.
    /// </summary>
    public static int FormOf(int key, string form)
    {
        var number = NumberOf(form);
        var known = KnownForms(Volatile.Read(ref _forms), key);
        if (Array.IndexOf(known, number) is var at and >= 0)
        {
            return at;
        }

        lock (Numbering)
        {
            var forms = _forms;
            if (key >= forms.Length)
            {
                var grown = new int[]?[Math.Max(2 * forms.Length, key + 1)];
                Array.Copy(forms, grown, forms.Length);
                Volatile.Write(ref _forms, grown);
                forms = grown;
            }

            var kept = KnownForms(forms, key);
            if (Array.IndexOf(kept, number) is var found and >= 0)
            {
                return found;
            }

            Volatile.Write(ref forms[key], [.. kept, number]);
            return kept.Length;
        }
    }

    private static int[] KnownForms(int[]?[] forms, int key) => key < forms.Length ? forms[key] ?? [] : [];

    /// <summary>The form at this place among the key's forms (see <see cref="FormOf"/>).</summary>
    public static string FormAt(int key, int place) => Of(Volatile.Read(ref _forms)[key]![place]);

    /// <summary>How many words are numbered: every number is below it.</summary>
    public static int Count => Volatile.Read(ref _count);
}

/// <summary>Counts of key terms kept by whoever chooses them without a loaded index (a command-line import): articles so far and each term's.</summary>
public sealed class KeyTermCounts : IDocumentFrequencies
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Articles { get; private set; }

    public int Frequency(string key) => _counts.GetValueOrDefault(key);

    public void Add(IEnumerable<KeyTerm> terms)
    {
        Articles++;
        foreach (var term in terms)
        {
            _counts[term.Key] = _counts.GetValueOrDefault(term.Key) + 1;
        }
    }
}

/// <summary>
/// Chooses a written article's key terms as the service does: its text read by <see cref="TextTerms"/>, the terms chosen
/// by RelatedOptions' <see cref="KeyTermPolicy"/> against how many articles the related index has each term on now.
/// </summary>
/// <param name="index">The counts terms are weighed by: the related index once the read model is loaded, else null.</param>
public sealed class KeyTermSelection(Func<IDocumentFrequencies?> index, KeyTermPolicy policy)
{
    public KeyTermSelection(ContentReadModel model, IOptions<RelatedOptions> options)
        : this(() => model.IsLoaded ? model.TermFrequencies : null, options.Value.KeyTermPolicy)
    {
    }

    public IDocumentFrequencies? Frequencies => index();

    public KeyTerm[] Choose(string headline, string? standfirst, string bodyText, string? language, IDocumentFrequencies? frequencies = null) =>
        policy.Select(TextTerms.Of(headline, standfirst, bodyText, language), frequencies ?? Frequencies ?? new KeyTermCounts());
}
