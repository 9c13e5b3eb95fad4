#pragma warning disable CA1707 // Test names read Behaviour_WhenCondition (STYLE.md rule 12).

namespace ContentApi.Tests.Tags;

public sealed class TagCreateTests(ContentApiFactory api)
    : ReferenceCreateTests(api, ReferenceResource.Tags), IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("place")]
    [InlineData("series")]
    [InlineData("format")]
    public async Task WritesTypeAsTheLowercaseString_ItWasSentAs(string type)
    {
        var body = Resource.Body();
        body["type"] = type;

        var created = await Resource.CreateAsync(Api.CreateClient(), body);

        Assert.Equal(type, created.Text("type"));
    }

    [Fact]
    public async Task GivesANameWithoutLettersASlugThatCannotBeMistakenForAnId()
    {
        var digits = Random.Shared.Next(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = Resource.Body();
        body.Remove("slug");
        body["name"] = digits;

        var created = await Resource.CreateAsync(Api.CreateClient(), body);

        Assert.Equal($"n-{digits}", created.Slug);
    }

    [Fact]
    public async Task DefaultsTypeToTopic_WhenTypeIsOmitted()
    {
        var body = Resource.Body();
        body.Remove("type");

        var created = await Resource.CreateAsync(Api.CreateClient(), body);

        Assert.Equal("topic", created.Text("type"));
    }
}
