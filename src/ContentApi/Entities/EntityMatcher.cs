using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace ContentApi.Entities;

/// <summary>The known entities an article mentions.</summary>
/// <param name="Entities">One entry per entity, most salient first, then by id.</param>
public sealed record ArticleMentions(IReadOnlyList<EntityMention> Entities);

/// <summary>
/// One known entity in an article: how many times its name or an alias appears, and how central it is
/// to the article.
/// </summary>
/// <param name="EntityId">The entity's id, as given to <see cref="EntityMatcher.Build"/>.</param>
/// <param name="Mentions">How many times its name or one of its aliases appears in the headline, standfirst and body.</param>
/// <param name="Salience">Above 0 and below 1: higher for more mentions and for mentions near the top (see <see cref="EntityMatcher.Match"/>).</param>
public sealed record EntityMention(int EntityId, int Mentions, double Salience);

/// <summary>
/// A run of capitalised words that matched no known entity, for a review queue.
/// </summary>
/// <param name="Text">The phrase as first seen, in its original case and with any possessive ’s removed.</param>
/// <param name="Count">How often the phrase appears, ignoring case and diacritics.</param>
public sealed record CapitalisedPhrase(string Text, int Count);

/// <summary>
/// Finds mentions of known entities in article text. Built once from the entity names and aliases into a
/// trie of normalized word tokens, so each text is read once whatever the number of entities.
/// </summary>
/// <remarks>
/// <para>
/// Words are runs of letters and digits; an apostrophe between two of them stays inside the word
/// ("d’Ivoire"), and a trailing possessive ’s or 's is removed ("Mali’s" is "Mali"). Words compare
/// without case and without diacritics ("BAMAKÓ" is "Bamako"). Names match whole words only, so "Mali"
/// is not found in "Malian" or "Somalia", and a name never spans a line break.
/// </para>
/// <para>
/// At each word the longest known name starting there wins ("Wagner Group" before "Wagner"), and the search
/// continues after it, so matches never overlap. When two entities have the same name or alias, the entity
/// with the lower id gets it, whatever the order they were given in.
/// </para>
/// <para>
/// The matcher is immutable once built: its trie is never written after <see cref="Build"/>, so one
/// instance can be shared by any number of threads.
/// </para>
/// </remarks>
public sealed class EntityMatcher
{
    /// <summary>Weight of a mention in the headline.</summary>
    public const double HeadlineWeight = 3;

    /// <summary>Weight of a mention in the standfirst or in the first paragraph of the body.</summary>
    public const double LeadWeight = 2;

    /// <summary>Weight of a mention in any later paragraph of the body.</summary>
    public const double BodyWeight = 1;

    /// <summary>
    /// The weighted mentions at which salience reaches one half: salience = weighted / (weighted + this).
    /// </summary>
    public const double HalfSalienceWeight = 3;

    /// <summary>Words up to this length are normalized on the stack when they are ASCII.</summary>
    private const int MaxStackWord = 64;

    /// <summary>Longest run of capitalised words that <see cref="Candidates"/> reports.</summary>
    public const int MaxCandidateWords = 4;

    private static readonly FrozenSet<string> CandidateStopWords = new[]
    {
        "a", "an", "the", "and", "but", "or", "nor", "so", "yet", "if", "as", "of", "in", "on", "at", "to", "by",
        "for", "from", "with", "into", "after", "before", "while", "when", "where", "why", "how", "what", "who",
        "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "my", "your",
        "this", "that", "these", "those", "there", "here", "some", "many", "all", "no", "not",
        "mr", "mrs", "ms", "dr", "prof", "sir", "madam",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Latin letters that Unicode does not decompose into a plain letter and a diacritic.</summary>
    private static readonly FrozenDictionary<char, string> PlainSpellings = new Dictionary<char, string>
    {
        ['ß'] = "ss",
        ['æ'] = "ae",
        ['œ'] = "oe",
        ['ø'] = "o",
        ['ł'] = "l",
        ['đ'] = "d",
        ['ð'] = "d",
        ['þ'] = "th",
        ['ı'] = "i",
    }.ToFrozenDictionary();

    private readonly TrieNode root;

    private EntityMatcher(TrieNode root, int nameCount)
    {
        this.root = root;
        NameCount = nameCount;
    }

    /// <summary>How many distinct names and aliases (after normalization) the matcher knows.</summary>
    public int NameCount { get; }

    /// <summary>
    /// Builds a matcher from every entity's name and aliases. Names that are empty or have no letters or digits
    /// are ignored. When two entities share a name or alias, the lower id gets it.
    /// </summary>
    public static EntityMatcher Build(IEnumerable<(int EntityId, string Name, IReadOnlyList<string> Aliases)> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);

        var root = new TrieNode();
        var nameCount = 0;
        foreach (var (entityId, name, aliases) in entities)
        {
            nameCount += AddName(root, entityId, name) ? 1 : 0;
            foreach (var alias in aliases ?? [])
            {
                nameCount += AddName(root, entityId, alias) ? 1 : 0;
            }
        }

        return new EntityMatcher(root, nameCount);
    }

    /// <summary>
    /// Counts the known entities mentioned in an article and scores how salient each one is.
    /// </summary>
    /// <remarks>
    /// Each mention adds a weight: <see cref="HeadlineWeight"/> (3) in the headline, <see cref="LeadWeight"/> (2)
    /// in the standfirst and in the body's first paragraph, <see cref="BodyWeight"/> (1) in later paragraphs.
    /// Paragraphs are separated by a blank line. Salience = w / (w + <see cref="HalfSalienceWeight"/>) where w is
    /// the sum of the weights: one late mention scores 0.25, one headline mention 0.5, and salience keeps growing
    /// towards 1 with more and earlier mentions.
    /// </remarks>
    public ArticleMentions Match(string headline, string? standfirst, string bodyText)
    {
        ArgumentNullException.ThrowIfNull(headline);
        ArgumentNullException.ThrowIfNull(bodyText);

        var tallies = new Dictionary<int, (int Mentions, double Weight)>();
        CountMentions(headline, HeadlineWeight, HeadlineWeight, tallies);
        CountMentions(standfirst ?? "", LeadWeight, LeadWeight, tallies);
        CountMentions(bodyText, LeadWeight, BodyWeight, tallies);
        return ToMentions(tallies);
    }

    /// <summary>
    /// Phrases that look like names but match no known entity, most frequent first (then by text, ordinally).
    /// </summary>
    /// <remarks>
    /// A phrase is a run of 1 to <see cref="MaxCandidateWords"/> words that each start with an uppercase letter,
    /// separated only by spaces or a single hyphen, and not part of a known entity's match. Common capitalised
    /// words (articles, pronouns, titles such as Mr, days and months) break a run and are never part of one; a
    /// possessive ends a run; longer runs are dropped; a single word that starts a sentence is skipped, since it
    /// is capitalised anyway. Phrases that differ only in case or diacritics are counted together.
    /// </remarks>
    public IReadOnlyList<CapitalisedPhrase> Candidates(string headline, string? standfirst, string bodyText)
    {
        ArgumentNullException.ThrowIfNull(headline);
        ArgumentNullException.ThrowIfNull(bodyText);

        var phrases = new Dictionary<string, PhraseTally>(StringComparer.Ordinal);
        CollectCandidates(headline, phrases);
        CollectCandidates(standfirst ?? "", phrases);
        CollectCandidates(bodyText, phrases);
        return ToCandidates(phrases);
    }

    /// <summary>
    /// <see cref="Match"/> and <see cref="Candidates"/> at once, reading each text once: what an article write needs.
    /// </summary>
    public (ArticleMentions Mentions, IReadOnlyList<CapitalisedPhrase> Candidates) Analyse(string headline, string? standfirst, string bodyText)
    {
        ArgumentNullException.ThrowIfNull(headline);
        ArgumentNullException.ThrowIfNull(bodyText);

        var tallies = new Dictionary<int, (int Mentions, double Weight)>();
        var phrases = new Dictionary<string, PhraseTally>(StringComparer.Ordinal);
        foreach (var (text, firstParagraphWeight, laterParagraphWeight) in new[]
        {
            (headline, HeadlineWeight, HeadlineWeight), (standfirst ?? "", LeadWeight, LeadWeight), (bodyText, LeadWeight, BodyWeight),
        })
        {
            var words = Tokenize(text);
            var names = FindNames(words);
            CountMentions(words, names, firstParagraphWeight, laterParagraphWeight, tallies);
            CollectCandidates(text, words, names, phrases);
        }

        return (ToMentions(tallies), ToCandidates(phrases));
    }

    private static ArticleMentions ToMentions(Dictionary<int, (int Mentions, double Weight)> tallies) => new(
        [.. tallies
            .Select(tally => new EntityMention(tally.Key, tally.Value.Mentions, tally.Value.Weight / (tally.Value.Weight + HalfSalienceWeight)))
            .OrderByDescending(mention => mention.Salience)
            .ThenBy(mention => mention.EntityId)]);

    private static List<CapitalisedPhrase> ToCandidates(Dictionary<string, PhraseTally> phrases) =>
        [.. phrases.Values
            .OrderByDescending(phrase => phrase.Count)
            .ThenBy(phrase => phrase.Text, StringComparer.Ordinal)
            .Select(phrase => new CapitalisedPhrase(phrase.Text, phrase.Count))];

    /// <summary>
    /// A name or phrase folded as the matcher compares words: lowercase, without diacritics, apostrophes or a
    /// possessive ’s, words joined by single spaces ("Côte d’Ivoire’s" is "cote divoire"). Two phrases with the same
    /// key are the same name to the matcher.
    /// </summary>
    public static string KeyOf(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        return string.Join(' ', Tokenize(phrase).Select(word => word.Key));
    }

    /// <summary>Adds one name to the trie; false when it has no words or was already known.</summary>
    private static bool AddName(TrieNode root, int entityId, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var words = Tokenize(name);
        if (words.Count == 0)
        {
            return false;
        }

        var node = root;
        foreach (var word in words)
        {
            node = node.GetOrAddChild(word.Key);
        }

        var isNewName = node.EntityId is null;
        if (node.EntityId is not int existingId || entityId < existingId)
        {
            node.EntityId = entityId;
        }

        return isNewName;
    }

    private void CountMentions(string text, double firstParagraphWeight, double laterParagraphWeight, Dictionary<int, (int Mentions, double Weight)> tallies)
    {
        var words = Tokenize(text);
        CountMentions(words, FindNames(words), firstParagraphWeight, laterParagraphWeight, tallies);
    }

    private static void CountMentions(
        List<Word> words, List<NameMatch> names, double firstParagraphWeight, double laterParagraphWeight, Dictionary<int, (int Mentions, double Weight)> tallies)
    {
        foreach (var match in names)
        {
            var weight = words[match.FirstWord].Paragraph == 0 ? firstParagraphWeight : laterParagraphWeight;
            var (mentions, totalWeight) = tallies.GetValueOrDefault(match.EntityId);
            tallies[match.EntityId] = (mentions + 1, totalWeight + weight);
        }
    }

    private void CollectCandidates(string text, Dictionary<string, PhraseTally> phrases)
    {
        var words = Tokenize(text);
        CollectCandidates(text, words, FindNames(words), phrases);
    }

    private static void CollectCandidates(string text, List<Word> words, List<NameMatch> names, Dictionary<string, PhraseTally> phrases)
    {
        var isInKnownName = new bool[words.Count];
        foreach (var match in names)
        {
            Array.Fill(isInKnownName, true, match.FirstWord, match.WordCount);
        }

        var runStart = 0;
        var runLength = 0;
        for (var index = 0; index < words.Count; index++)
        {
            var word = words[index];
            var canBeInPhrase = word.IsCapitalised && !isInKnownName[index] && !CandidateStopWords.Contains(word.Key);
            var continuesRun = runLength > 0
                && (word.Gap is Gap.Space or Gap.Hyphen)
                && !words[index - 1].IsPossessive;

            if (canBeInPhrase && continuesRun)
            {
                runLength++;
                continue;
            }

            AddPhrase(text, words, runStart, runLength, phrases);
            (runStart, runLength) = canBeInPhrase ? (index, 1) : (0, 0);
        }

        AddPhrase(text, words, runStart, runLength, phrases);
    }

    private static void AddPhrase(string text, List<Word> words, int start, int length, Dictionary<string, PhraseTally> phrases)
    {
        if (length is 0 or > MaxCandidateWords || (length == 1 && words[start].StartsSentence))
        {
            return;
        }

        var key = new StringBuilder();
        var spelling = new StringBuilder();
        for (var index = start; index < start + length; index++)
        {
            var word = words[index];
            if (index > start)
            {
                key.Append(' ');
                spelling.Append(word.Gap == Gap.Hyphen ? '-' : ' ');
            }

            key.Append(word.Key);
            spelling.Append(text, word.Start, word.Length);
        }

        var phraseKey = key.ToString();
        if (phrases.TryGetValue(phraseKey, out var tally))
        {
            tally.Count++;
        }
        else
        {
            phrases[phraseKey] = new PhraseTally(spelling.ToString());
        }
    }

    /// <summary>Every known name in the words, longest first at each position, without overlaps.</summary>
    private List<NameMatch> FindNames(List<Word> words)
    {
        var matches = new List<NameMatch>();
        var position = 0;
        while (position < words.Count)
        {
            var match = LongestNameAt(words, position);
            if (match is { } found)
            {
                matches.Add(found);
                position += found.WordCount;
            }
            else
            {
                position++;
            }
        }

        return matches;
    }

    private NameMatch? LongestNameAt(List<Word> words, int start)
    {
        NameMatch? longest = null;
        var node = root;
        for (var index = start; index < words.Count; index++)
        {
            if (index > start && words[index].StartsLine)
            {
                break;
            }

            var child = node.Child(words[index].Key);
            if (child is null)
            {
                break;
            }

            node = child;
            if (node.EntityId is int entityId)
            {
                longest = new NameMatch(entityId, start, index - start + 1);
            }
        }

        return longest;
    }

    /// <summary>Splits text into words, noting how each is separated from the one before it.</summary>
    private static List<Word> Tokenize(string text)
    {
        // English prose has a word in about every six characters: sized so, the list is seldom copied as it grows.
        var words = new List<Word>(text.Length / 6 + 1);
        var keyBuilder = new StringBuilder();
        var paragraph = 0;
        var previousEnd = 0;
        var index = 0;
        while (index < text.Length)
        {
            if (!char.IsLetterOrDigit(text[index]))
            {
                index++;
                continue;
            }

            var start = index;
            index++;
            while (index < text.Length && IsWordCharacter(text, index))
            {
                index++;
            }

            var isPossessive = index - start >= 3 && (text[index - 1] is 's' or 'S') && IsApostrophe(text[index - 2]);
            var length = isPossessive ? index - start - 2 : index - start;
            var gap = words.Count == 0 ? Gap.TextStart : ClassifyGap(text.AsSpan(previousEnd, start - previousEnd));
            paragraph += gap == Gap.ParagraphBreak ? 1 : 0;

            words.Add(new Word(
                Key: Normalize(text.AsSpan(start, length), keyBuilder),
                Start: start,
                Length: length,
                IsCapitalised: char.IsUpper(text[start]),
                IsPossessive: isPossessive,
                Gap: gap,
                Paragraph: paragraph));
            previousEnd = index;
        }

        return words;
    }

    /// <summary>Whether the character at <paramref name="index"/> continues the word before it.</summary>
    private static bool IsWordCharacter(string text, int index)
    {
        var c = text[index];
        if (char.IsAsciiLetterOrDigit(c))
        {
            return true;
        }

        if (char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
        {
            return true;
        }

        return IsApostrophe(c) && index + 1 < text.Length && char.IsLetterOrDigit(text[index + 1]);
    }

    private static bool IsApostrophe(char c) => c is '\'' or '’' or 'ʼ';

    /// <summary>What lies between two words, from the weakest separation to the strongest.</summary>
    private static Gap ClassifyGap(ReadOnlySpan<char> between)
    {
        var newlinesInARow = 0;
        var mostNewlinesInARow = 0;
        var endsSentence = false;
        var hasOtherPunctuation = false;
        foreach (var c in between)
        {
            if (c == '\n')
            {
                newlinesInARow++;
                mostNewlinesInARow = Math.Max(mostNewlinesInARow, newlinesInARow);
            }
            else if (!char.IsWhiteSpace(c))
            {
                newlinesInARow = 0;
                endsSentence |= c is '.' or '!' or '?' or '…';
                hasOtherPunctuation = true;
            }
        }

        return mostNewlinesInARow >= 2 ? Gap.ParagraphBreak
            : mostNewlinesInARow == 1 ? Gap.LineBreak
            : endsSentence ? Gap.SentenceEnd
            : between is ['-'] or ['‐'] ? Gap.Hyphen
            : hasOtherPunctuation ? Gap.Punctuation
            : Gap.Space;
    }

    /// <summary>Lowercase, without diacritics or apostrophes: "D’Ivoire" and "d'Ivoire" are both "divoire".</summary>
    private static string Normalize(ReadOnlySpan<char> word, StringBuilder builder)
    {
        if (word.Length <= MaxStackWord && Ascii.IsValid(word))
        {
            // Most words: lowercase without apostrophes, with no lookups per character.
            Span<char> lower = stackalloc char[word.Length];
            var length = 0;
            foreach (var c in word)
            {
                if (c != '\'')
                {
                    lower[length++] = char.ToLowerInvariant(c);
                }
            }

            return new string(lower[..length]);
        }

        builder.Clear();
        var decomposed = Ascii.IsValid(word) ? word : word.ToString().Normalize(NormalizationForm.FormD).AsSpan();
        foreach (var c in decomposed)
        {
            if (IsApostrophe(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (PlainSpellings.TryGetValue(lower, out var plain))
            {
                builder.Append(plain);
            }
            else
            {
                builder.Append(lower);
            }
        }

        return builder.ToString();
    }

    private enum Gap
    {
        TextStart,
        Space,
        Hyphen,
        Punctuation,
        SentenceEnd,
        LineBreak,
        ParagraphBreak,
    }

    /// <param name="Key">The normalized word, as stored in the trie.</param>
    /// <param name="Start">Where the word starts in the original text.</param>
    /// <param name="Length">Its length in the original text, without a possessive ’s.</param>
    /// <param name="IsCapitalised">Whether it starts with an uppercase letter in the original text.</param>
    /// <param name="IsPossessive">Whether a possessive ’s or 's was removed from its end.</param>
    /// <param name="Gap">What separates it from the word before.</param>
    /// <param name="Paragraph">The paragraph it is in, counting from 0.</param>
    private readonly record struct Word(string Key, int Start, int Length, bool IsCapitalised, bool IsPossessive, Gap Gap, int Paragraph)
    {
        public bool StartsLine => Gap is Gap.TextStart or Gap.LineBreak or Gap.ParagraphBreak;

        public bool StartsSentence => StartsLine || Gap == Gap.SentenceEnd;
    }

    private readonly record struct NameMatch(int EntityId, int FirstWord, int WordCount);

    private sealed class PhraseTally(string text)
    {
        public string Text { get; } = text;

        public int Count { get; set; } = 1;
    }

    /// <summary>One word of a name: the words that may follow, and the entity whose name ends here, if any.</summary>
    private sealed class TrieNode
    {
        private Dictionary<string, TrieNode>? children;

        public int? EntityId { get; set; }

        public TrieNode? Child(string key) =>
            children is not null && children.TryGetValue(key, out var child) ? child : null;

        public TrieNode GetOrAddChild(string key)
        {
            children ??= new Dictionary<string, TrieNode>(StringComparer.Ordinal);
            if (!children.TryGetValue(key, out var child))
            {
                child = new TrieNode();
                children[key] = child;
            }

            return child;
        }
    }
}
