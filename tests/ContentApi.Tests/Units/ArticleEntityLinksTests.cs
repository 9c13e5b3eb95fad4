using ContentApi.Persistence;
using ContentApi.Entities;

namespace ContentApi.Tests.Units;

public sealed class ArticleEntityLinksTests
{
    private static readonly ArticleMentions Found = new(
    [
        new EntityMention(EntityId: 7, Mentions: 3, Salience: 0.7),
        new EntityMention(EntityId: 2, Mentions: 1, Salience: 0.25),
        new EntityMention(EntityId: 5, Mentions: 1, Salience: 0.25),
    ]);

    [Fact]
    public void EditorPicksComeFirstInTheirOrder_ThenFoundOnesBySalienceThenId_WithoutRejected()
    {
        var links = new List<ArticleEntity>();

        var changed = ArticleEntityLinks.Apply(links, [9, 5], new HashSet<int> { 7 }, Found);

        Assert.True(changed);
        Assert.Equal(
            [(9, EntityOrigin.Editor, 0, 0.7), (5, EntityOrigin.Editor, 1, 0.25), (2, EntityOrigin.Extracted, 1, 0.25)],
            links.OrderBy(l => l.Position).Select(l => (l.EntityId, l.Origin, l.Mentions, l.Salience)));
    }

    [Fact]
    public void AnUnnamedPick_GetsSalienceOne_WhenTheTextNamesNoEntity()
    {
        var links = new List<ArticleEntity>();

        ArticleEntityLinks.Apply(links, [4], new HashSet<int>(), new ArticleMentions([]));

        Assert.Equal((4, EntityOrigin.Editor, 0, 1.0), links.Select(l => (l.EntityId, l.Origin, l.Mentions, l.Salience)).Single());
    }

    [Fact]
    public void ApplyingTheSameAgain_ChangesNothing_AndReusesTheRows()
    {
        var links = new List<ArticleEntity>();
        ArticleEntityLinks.Apply(links, [2], new HashSet<int>(), Found);
        var rows = links.ToList();

        var changed = ArticleEntityLinks.Apply(links, ArticleEntityLinks.EditorPicks(links), new HashSet<int>(), Found);

        Assert.False(changed);
        Assert.Equal(rows, links);
        Assert.Equal([2], ArticleEntityLinks.EditorPicks(links));
    }

    [Fact]
    public void AnEntityNoLongerFound_IsRemoved_AndAPickThatIsFoundAgainKeepsOriginEditor()
    {
        var links = new List<ArticleEntity>();
        ArticleEntityLinks.Apply(links, [5], new HashSet<int>(), Found);

        var changed = ArticleEntityLinks.Apply(links, [5], new HashSet<int>(), new ArticleMentions([new EntityMention(5, 2, 0.5)]));

        Assert.True(changed);
        Assert.Equal((5, EntityOrigin.Editor, 2, 0.5), links.Select(l => (l.EntityId, l.Origin, l.Mentions, l.Salience)).Single());
    }
}
