using ContentApi.Persistence;
using ContentApi.Http;
using ContentApi.Tags;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ContentApi.Tests.Units;

public sealed class ETagsTests
{
    private static readonly DateTime Noon = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    private readonly ETags _etags = new(Options.Create(CreateJsonOptions()));

    [Fact]
    public void SameRepresentationGetsTheSameStrongTag()
    {
        var tag = Tag("Sahel");

        var first = _etags.For(tag);

        Assert.Equal(first, _etags.For(tag));
        Assert.Equal(first, _etags.For(Tag("Sahel")));
        Assert.Matches("^\"[0-9a-f]{32}\"$", first);
    }

    [Fact]
    public void AnyChangedFieldGivesADifferentTag()
    {
        var original = Tag("Sahel");

        var tags = new[]
        {
            _etags.For(original),
            _etags.For(original with { Name = "Sahel region" }),
            _etags.For(original with { UpdatedAt = Noon.AddSeconds(1) }),
            _etags.For(original with { Description = null }),
            _etags.For(original with { Type = TagType.Series }),
        };

        Assert.Equal(tags.Length, tags.Distinct().Count());
    }

    [Fact]
    public void TagDependsOnTheRepresentationsTypeNotOnlyItsValues()
    {
        var tag = Tag("Sahel");

        Assert.NotEqual(_etags.For(tag), _etags.For(new { tag.Id, tag.Slug }));
    }

    private static TagResponse Tag(string name) => new("7", "sahel", name, "The Sahel.", TagType.Topic, Noon, Noon);

    private static JsonOptions CreateJsonOptions()
    {
        var options = new JsonOptions();
        HttpSetup.ConfigureJson(options.SerializerOptions);
        return options;
    }
}
