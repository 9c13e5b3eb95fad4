using ContentApi.Entities;

namespace ContentApi.Tests.Units;

public sealed class EntityMatcherTests
{
    private const int Mali = 1;
    private const int WagnerGroup = 2;
    private const int SergeiLavrov = 3;
    private const int Bamako = 4;
    private const int CoteDIvoire = 5;
    private const int Moura = 6;
    private const int RichardWagner = 7;
    private const int MaliArmedForces = 8;

    private static readonly EntityMatcher Matcher = EntityMatcher.Build(
    [
        (Mali, "Mali", []),
        (WagnerGroup, "Wagner Group", ["Wagner", "PMC Wagner"]),
        (SergeiLavrov, "Sergei Lavrov", ["Lavrov"]),
        (Bamako, "Bamako", []),
        (CoteDIvoire, "Côte d’Ivoire", ["Ivory Coast"]),
        (Moura, "Moura", []),
        (RichardWagner, "Richard Wagner", []),
        (MaliArmedForces, "Mali Armed Forces", ["FAMa"]),
    ]);

    private static int MentionsOf(ArticleMentions found, int entityId) =>
        found.Entities.SingleOrDefault(e => e.EntityId == entityId)?.Mentions ?? 0;

    private static int MentionsIn(string body, int entityId) => MentionsOf(Matcher.Match("", null, body), entityId);

    [Fact]
    public void Match_NameInsideALongerWord_IsNotAMention()
    {
        var found = Matcher.Match("Malian herders cross into Somalia", null, "The Malians said Bamakois traders waited.");

        Assert.Empty(found.Entities);
    }

    [Fact]
    public void Match_WholeWord_IsAMentionNextToLongerWords()
    {
        var found = Matcher.Match("Malian officials in Mali", null, "");

        Assert.Equal(Mali, Assert.Single(found.Entities).EntityId);
        Assert.Equal(1, found.Entities[0].Mentions);
    }

    [Theory]
    [InlineData("Talks resume in BAMAKO today")]
    [InlineData("talks resume in bamako today")]
    [InlineData("Talks resume in Bamakó today")]
    [InlineData("Talks resume in BAMAKÓ today")]
    [InlineData("Talks resume in Bamako\u0301 today")]
    public void Match_IgnoresCaseAndDiacritics(string body) => Assert.Equal(1, MentionsIn(body, Bamako));

    [Theory]
    [InlineData("Cote d'Ivoire closed its border")]
    [InlineData("Côte d’Ivoire closed its border")]
    [InlineData("COTE D’IVOIRE closed its border")]
    public void Match_NameWithDiacriticsAndApostrophe_MatchesEverySpelling(string body) =>
        Assert.Equal(1, MentionsIn(body, CoteDIvoire));

    [Fact]
    public void Match_ApostropheInsideAWord_IsNotAWordBreak()
    {
        // "d’Ivoire" is one word, so "Ivoire" alone is not the start of anything and nothing splits it.
        var matcher = EntityMatcher.Build([(10, "Ivoire", [])]);

        Assert.Empty(matcher.Match("", null, "Côte d’Ivoire voted").Entities);
        Assert.Single(matcher.Match("", null, "Ivoire voted").Entities);
    }

    [Fact]
    public void Match_PossessiveWithCurlyApostrophe_CountsAsAMention()
    {
        Assert.Equal(1, MentionsIn("Mali’s junta met Lavrov’s delegation.", Mali));
        Assert.Equal(1, MentionsIn("Mali’s junta met Lavrov’s delegation.", SergeiLavrov));
    }

    [Fact]
    public void Match_PossessiveWithStraightApostrophe_CountsAsAMention()
    {
        Assert.Equal(1, MentionsIn("Mali's junta met Sergei Lavrov's delegation.", Mali));
        Assert.Equal(1, MentionsIn("Mali's junta met Sergei Lavrov's delegation.", SergeiLavrov));
    }

    [Fact]
    public void Match_PossessiveOnTheLastWordOfALongName_CountsTheLongName()
    {
        var found = Matcher.Match("", null, "The Wagner Group’s convoy left.");

        Assert.Equal(WagnerGroup, Assert.Single(found.Entities).EntityId);
    }

    [Fact]
    public void Match_QuotesAndPunctuationAroundWords_AreIgnored()
    {
        var found = Matcher.Match("", null, "Officials blamed “Wagner Group”, (Mali) and ‘Bamako’; then “Lavrov!”");

        Assert.Equal(1, MentionsOf(found, WagnerGroup));
        Assert.Equal(1, MentionsOf(found, Mali));
        Assert.Equal(1, MentionsOf(found, Bamako));
        Assert.Equal(1, MentionsOf(found, SergeiLavrov));
    }

    [Fact]
    public void Match_LongestNameFirst_OverlappingNamesCountOnce()
    {
        var found = Matcher.Match("", null, "Sergei Lavrov praised the Wagner Group while an orchestra played Richard Wagner.");

        Assert.Equal(1, MentionsOf(found, SergeiLavrov));
        Assert.Equal(1, MentionsOf(found, WagnerGroup));
        Assert.Equal(1, MentionsOf(found, RichardWagner));
        Assert.Equal(3, found.Entities.Count);
    }

    [Fact]
    public void Match_LongerNameBuiltFromAShorterOne_TakesTheLongerAndSkipsItsWords()
    {
        var found = Matcher.Match("", null, "Mali Armed Forces patrols left Mali.");

        Assert.Equal(1, MentionsOf(found, MaliArmedForces));
        Assert.Equal(1, MentionsOf(found, Mali));
    }

    [Fact]
    public void Match_PartOfALongerName_FallsBackToTheLongestCompleteName()
    {
        // "Mali Armed" starts down the "Mali Armed Forces" path but does not finish it: the match is "Mali".
        var found = Matcher.Match("", null, "Mali Armed groups attacked.");

        Assert.Equal(Mali, Assert.Single(found.Entities).EntityId);
    }

    [Fact]
    public void Match_AliasesAndName_CountTowardsTheSameEntity()
    {
        var found = Matcher.Match("", null, "Wagner fighters, PMC Wagner commanders and the Wagner Group itself.");

        var wagner = Assert.Single(found.Entities);
        Assert.Equal(WagnerGroup, wagner.EntityId);
        Assert.Equal(3, wagner.Mentions);
    }

    [Fact]
    public void Match_RepeatedMentions_AreCountedAcrossHeadlineStandfirstAndBody()
    {
        var found = Matcher.Match(
            "Lavrov lands in Bamako",
            "Sergei Lavrov will meet the junta.",
            "Lavrov arrived late.\n\nBamako was quiet. Lavrov left on Friday.");

        Assert.Equal(4, MentionsOf(found, SergeiLavrov));
        Assert.Equal(2, MentionsOf(found, Bamako));
    }

    [Fact]
    public void Match_HeadlineMention_IsMoreSalientThanOneLateMention()
    {
        var found = Matcher.Match(
            "Mali signs new deal",
            null,
            "The deal was signed on Tuesday.\n\nOfficials gave few details.\n\nA copy was sent to Bamako.");

        var mali = found.Entities.Single(e => e.EntityId == Mali);
        var bamako = found.Entities.Single(e => e.EntityId == Bamako);
        Assert.True(mali.Salience > bamako.Salience, $"{mali.Salience} should be above {bamako.Salience}");
        Assert.Equal(Mali, found.Entities[0].EntityId);
    }

    [Fact]
    public void Match_FirstParagraphMention_IsMoreSalientThanOneLateMention()
    {
        var found = Matcher.Match(
            "A new deal",
            null,
            "Mali signed the deal on Tuesday.\n\nOfficials gave few details.\n\nA copy was sent to Bamako.");

        Assert.True(
            found.Entities.Single(e => e.EntityId == Mali).Salience > found.Entities.Single(e => e.EntityId == Bamako).Salience);
    }

    [Fact]
    public void Match_Salience_FollowsTheDocumentedFormula()
    {
        var found = Matcher.Match(
            "Lavrov in talks",
            "Officials from Mali attended.",
            "The talks opened.\n\nThey ran late.\r\n\r\nBamako was quiet.");

        Assert.Equal(3.0 / 6, found.Entities.Single(e => e.EntityId == SergeiLavrov).Salience, 10);
        Assert.Equal(2.0 / 5, found.Entities.Single(e => e.EntityId == Mali).Salience, 10);
        Assert.Equal(1.0 / 4, found.Entities.Single(e => e.EntityId == Bamako).Salience, 10);
    }

    [Fact]
    public void Match_MoreMentions_GiveHigherSalienceThatStaysAtMostOne()
    {
        var once = Matcher.Match("", null, "First.\n\nMali.").Entities.Single();
        var often = Matcher.Match("Mali", "Mali, Mali", string.Join(' ', Enumerable.Repeat("Mali", 200))).Entities.Single();

        Assert.True(often.Salience > once.Salience);
        Assert.InRange(once.Salience, double.Epsilon, 1);
        Assert.InRange(often.Salience, double.Epsilon, 1);
    }

    [Fact]
    public void Match_EntitiesWithEqualSalience_AreOrderedById()
    {
        var found = Matcher.Match("Bamako and Mali and Lavrov", null, "");

        Assert.Equal([Mali, SergeiLavrov, Bamako], found.Entities.Select(e => e.EntityId));
    }

    [Fact]
    public void Match_SharedName_GoesToTheLowerIdWhateverTheOrder()
    {
        var lowerFirst = EntityMatcher.Build([(11, "Koulikoro", []), (42, "Koulikoro Region", ["Koulikoro"])]);
        var higherFirst = EntityMatcher.Build([(42, "Koulikoro Region", ["Koulikoro"]), (11, "Koulikoro", [])]);

        Assert.Equal(11, Assert.Single(lowerFirst.Match("Koulikoro floods", null, "").Entities).EntityId);
        Assert.Equal(11, Assert.Single(higherFirst.Match("Koulikoro floods", null, "").Entities).EntityId);
        Assert.Equal(42, Assert.Single(higherFirst.Match("Koulikoro Region floods", null, "").Entities).EntityId);
    }

    [Fact]
    public void Match_EmptyTexts_FindNothing()
    {
        Assert.Empty(Matcher.Match("", null, "").Entities);
        Assert.Empty(Matcher.Match("  ", "", " \n\n ").Entities);
        Assert.Empty(Matcher.Match("“…”", "—", "!!!").Entities);
    }

    [Fact]
    public void Match_NameDoesNotSpanALineBreak()
    {
        var found = Matcher.Match("", null, "Orchestra led by Richard\nWagner fans cheered");

        Assert.DoesNotContain(found.Entities, e => e.EntityId == RichardWagner);
        Assert.Equal(1, MentionsOf(found, WagnerGroup));
        Assert.Equal(1, MentionsIn("Orchestra led by Richard Wagner", RichardWagner));
    }

    [Fact]
    public void Match_NameWithAnAbbreviationDot_MatchesAcrossTheDot()
    {
        var matcher = EntityMatcher.Build([(20, "St. Petersburg", ["St Petersburg"])]);

        Assert.Equal(2, Assert.Single(matcher.Match("", null, "From St. Petersburg to St Petersburg.").Entities).Mentions);
    }

    [Fact]
    public void Build_IgnoresEmptyNamesAndNamesWithoutWords()
    {
        var matcher = EntityMatcher.Build([(1, "", ["  ", "—", "’"]), (2, "Mali", ["", "MALI", "Malí"])]);

        Assert.Equal(1, matcher.NameCount);
        Assert.Equal(2, Assert.Single(matcher.Match("Mali", null, "").Entities).EntityId);
    }

    [Fact]
    public void Build_TwentyThousandEntities_StillFindsEachByNameAndAlias()
    {
        var entities = Enumerable.Range(1, 20_000)
            .Select(id => (id, $"Entity{id} Sahel Office", (IReadOnlyList<string>)[$"Office{id}", $"Sahel{id} Desk"]))
            .ToList();

        var matcher = EntityMatcher.Build(entities);
        var found = matcher.Match("Office17 and Entity19999 Sahel Office", null, "Sahel523 Desk said Entity19999 declined.");

        Assert.Equal(60_000, matcher.NameCount);
        Assert.Equal([17, 523, 19_999], found.Entities.Select(e => e.EntityId).Order());
    }

    [Fact]
    public void Match_FromManyThreadsAtOnce_GivesTheSameAnswer()
    {
        const string Body = "Lavrov met Mali’s leaders in Bamako.\n\nThe Wagner Group stayed. Wagner fighters left Moura.";
        var expected = Matcher.Match("Lavrov in Bamako", null, Body);

        var results = new ArticleMentions[64];
        Parallel.For(0, results.Length, i => results[i] = Matcher.Match("Lavrov in Bamako", null, Body));

        Assert.All(results, result => Assert.Equal(expected.Entities, result.Entities));
    }

    [Fact]
    public void Candidates_UnknownNames_AreListedButKnownOnesAreNot()
    {
        var candidates = Matcher.Candidates("", null, "Moura massacre investigators met Amadou Koné in Sévaré.");

        var texts = candidates.Select(c => c.Text).ToList();
        Assert.Contains("Amadou Koné", texts);
        Assert.Contains("Sévaré", texts);
        Assert.DoesNotContain("Moura", texts);
        Assert.Equal(2, candidates.Count);
    }

    [Fact]
    public void Candidates_SentenceInitialStopWord_IsNotACandidate()
    {
        var candidates = Matcher.Candidates("", null, "The convoy reached Gao. The Kidal road was closed. In Timbuktu, He said nothing.");

        var texts = candidates.Select(c => c.Text).ToList();
        Assert.DoesNotContain("The", texts);
        Assert.DoesNotContain("In", texts);
        Assert.DoesNotContain("He", texts);
        Assert.Equal(["Gao", "Kidal", "Timbuktu"], texts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Candidates_SingleCapitalisedWordStartingASentence_IsSkipped()
    {
        var candidates = Matcher.Candidates("", null, "Investigators arrived. Gendarmes followed! Nobody met Ansongo officials.");

        Assert.Equal("Ansongo", Assert.Single(candidates).Text);
    }

    [Fact]
    public void Candidates_MultiWordPhraseStartingASentence_IsKept()
    {
        var candidates = Matcher.Candidates("", null, "Amadou Koné spoke first.");

        Assert.Equal("Amadou Koné", Assert.Single(candidates).Text);
    }

    [Fact]
    public void Candidates_RepeatsAreCountedWithTheFirstSpellingAndNoPossessive()
    {
        var candidates = Matcher.Candidates(
            "Inquiry names Amadou Koné",
            "Lawyers for Amadou Kone spoke.",
            "Investigators quoted Amadou Koné’s notes.\n\nThey also met Fatoumata Diarra.");

        Assert.Equal(new CapitalisedPhrase("Amadou Koné", 3), candidates[0]);
        Assert.Contains(new CapitalisedPhrase("Fatoumata Diarra", 1), candidates);
    }

    [Fact]
    public void Candidates_KnownEntityAndPunctuation_BreakARun()
    {
        var candidates = Matcher.Candidates("", null, "Envoys from Mopti, Ségou and Kayes met Bamako Mayor Oumar Traoré.");

        var texts = candidates.Select(c => c.Text).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Kayes", "Mayor Oumar Traoré", "Mopti", "Ségou"], texts);
    }

    [Fact]
    public void Candidates_RunsLongerThanFourWords_AreDropped()
    {
        var candidates = Matcher.Candidates("", null, "Delegates from Sahel Regional Security Coordination Office arrived, with Menaka Youth Council.");

        Assert.Equal("Menaka Youth Council", Assert.Single(candidates).Text);
    }

    [Fact]
    public void Candidates_AreOrderedByCountThenText()
    {
        var candidates = Matcher.Candidates("", null, "Reports from Kidal, Gao, Kidal and Ansongo.");

        Assert.Equal(
            [new CapitalisedPhrase("Kidal", 2), new CapitalisedPhrase("Ansongo", 1), new CapitalisedPhrase("Gao", 1)],
            candidates);
    }

    [Fact]
    public void Candidates_EmptyTexts_FindNothing() => Assert.Empty(Matcher.Candidates("", null, ""));
}
