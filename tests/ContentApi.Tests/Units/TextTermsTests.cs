using ContentApi.Related;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;
using Lucene.Net.Util;

namespace ContentApi.Tests.Units;

/// <summary>The text analysis behind key terms (Lucene.NET per language) and the choice of an article's key terms.</summary>
public sealed class TextTermsTests
{
    [Fact]
    public void English_StemsFoldsCaseAndDiacritics_AndDropsStopWords()
    {
        var terms = Keys(TextTerms.Of("The ministers MEET", null, "A minister met the Café owners; the café was closed.", "en"));

        Assert.Contains("minist", terms);
        Assert.Contains("cafe", terms);
        Assert.DoesNotContain("the", terms);
        Assert.DoesNotContain("a", terms);
        Assert.DoesNotContain("was", terms);
        Assert.Single(terms, t => t == "minist");
    }

    [Fact]
    public void French_IsReadWithFrenchStopWordsElisionsAndStemmer()
    {
        var terms = TextTerms.Of("Les armées du Mali", null, "L'armée malienne et les armées alliées ont quitté la base.", "fr");
        var keys = Keys(terms);

        Assert.Contains("arme", keys); // "armées", "armée" and "l'armée": one stem, accents folded
        Assert.DoesNotContain("les", keys);
        Assert.DoesNotContain("la", keys);
        Assert.DoesNotContain("l'armee", keys);
        Assert.Equal("armées", terms.Single(t => t.Key == "arme").Display);
    }

    [Fact]
    public void German_IsReadWithGermanStopWordsAndStemmer()
    {
        var keys = Keys(TextTerms.Of("Die Verhandlungen in Bamako", null, "Der Minister sprach über die Verhandlung und die Sicherheit.", "de-DE"));

        Assert.Contains("verhandl", keys);
        Assert.Single(keys, k => k == "verhandl");
        Assert.DoesNotContain("die", keys);
        Assert.DoesNotContain("und", keys);
    }

    [Fact]
    public void DisplayForm_IsTheWordAsWritten_NotTheStem_NorTheHeadlinesCapitals()
    {
        var terms = TextTerms.Of("WAGNER FIGHTERS LEAVE BAMAKO", null, "Wagner's fighters left Bamako. The fighters were paid.", "en");

        Assert.Equal("fighters", terms.Single(t => t.Key == "fighter").Display);
        Assert.Equal("Wagner", terms.Single(t => t.Key == "wagner").Display);
        Assert.Equal("Bamako", terms.Single(t => t.Key == "bamako").Display);
    }

    [Fact]
    public void Weight_CountsTheHeadlineAboveTheBody_AndDampensRepetition()
    {
        var terms = TextTerms.Of("Drought", null, "Rain, rain, rain, rain.", "en");

        Assert.Equal(1 + Math.Log(TextTerms.HeadlineWeight), terms.Single(t => t.Key == "drought").Weight, 5);
        Assert.Equal(1 + Math.Log(4), terms.Single(t => t.Key == "rain").Weight, 5);
    }

    [Fact]
    public void Policy_KeepsTheTopTermsByWeightTimesIdf_AndNeverOverCommonOnes()
    {
        var frequencies = new Counts(1_000, new() { ["said"] = 600, ["cocoa"] = 3, ["bahia"] = 1, ["week"] = 150 });
        KeyTerm[] terms = [new("said", "said", 3), new("cocoa", "cocoa", 2), new("bahia", "Bahia", 1), new("week", "week", 2)];

        var chosen = new KeyTermPolicy(Count: 2, MaxShare: 0.5, MinArticlesForShare: 100).Select(terms, frequencies);

        Assert.Equal(["cocoa", "bahia"], chosen.Select(t => t.Key));
        Assert.DoesNotContain(new KeyTermPolicy(10, 0.5, 100).Select(terms, frequencies), t => t.Key == "said");
        Assert.Contains(new KeyTermPolicy(10, 0.5, 100_000).Select(terms, frequencies), t => t.Key == "said"); // too few articles to judge
    }

    [Fact]
    public void StoredText_RoundTrips_AndSkipsWhatIsNotATerm()
    {
        KeyTerm[] terms = [new("cafe", "Café", 2.0986123f), new("minist", "ministers", 1)];

        var read = KeyTermText.Read(KeyTermText.Write(terms) + "\nbroken line\nx\ty\tNaN");

        Assert.Equal(terms, read);
    }

    [Theory]
    [InlineData("en", "The ministers met; a minister's meeting ran late, running later than the meetings before. Generously, generous, generation.")]
    [InlineData("fr", "Les armées du Mali ont quitté la base; l'armée malienne quittait les bases alliées.")]
    [InlineData("de", "Die Verhandlungen über die Sicherheit; der Minister verhandelte, die Verhandlung lief.")]
    public void RememberedStems_AreTheStemmersOwn_TheFirstTime_TheNextTime_AndAfterTheMemoryIsEmptied(string language, string text)
    {
        // Enough distinct words to empty the memory once, then the text again: every stem must still be the stemmer's.
        var filler = string.Join(' ', Enumerable.Range(0, RememberedStems.MaxRemembered + 10).Select(i => $"word{i}ing"));
        var input = $"{text} {text} {filler} {text}";

        Assert.Equal(Stems(input, language, remembered: false), Stems(input, language, remembered: true));
    }

    private static List<string> Stems(string text, string language, bool remembered)
    {
        SnowballProgram Stemmer() => language switch
        {
            "fr" => new FrenchStemmer(),
            "de" => new GermanStemmer(),
            _ => new EnglishStemmer(),
        };
        using var tokenizer = new StandardTokenizer(LuceneVersion.LUCENE_48, new StringReader(text));
        TokenStream lower = new LowerCaseFilter(LuceneVersion.LUCENE_48, tokenizer);
        using var stream = remembered ? new RememberedStemFilter(lower, Stemmer(), new RememberedStems()) : (TokenStream)new SnowballFilter(lower, Stemmer());
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        List<string> stems = [];
        while (stream.IncrementToken())
        {
            stems.Add(term.ToString());
        }

        stream.End();
        return stems;
    }

    private static List<string> Keys(List<KeyTerm> terms) => [.. terms.Select(t => t.Key)];

    private sealed class Counts(int articles, Dictionary<string, int> counts) : IDocumentFrequencies
    {
        public int Articles => articles;

        public int Frequency(string key) => counts.GetValueOrDefault(key);
    }
}
