using System.Text.Json.Nodes;
using ContentApi.Http;

namespace ContentApi.Tests.Units;

public sealed class JsonMergePatchTests
{
    /// <summary>RFC 7396 Appendix A, every example.</summary>
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", """null""", """null""")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void MergeFollowsRfc7396(string original, string patch, string expected)
    {
        var result = JsonMergePatch.Merge(JsonNode.Parse(original), JsonNode.Parse(patch));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), $"expected {expected} but got {result?.ToJsonString() ?? "null"}");
    }

    [Fact]
    public void MergeLeavesTargetAndPatchUnchanged()
    {
        var target = JsonNode.Parse("""{"a":{"b":"c"},"d":[1]}""");
        var patch = JsonNode.Parse("""{"a":{"b":null,"x":{"y":null}},"d":null}""");

        var result = JsonMergePatch.Merge(target, patch);

        Assert.Equal("""{"a":{"b":"c"},"d":[1]}""", target!.ToJsonString());
        Assert.Equal("""{"a":{"b":null,"x":{"y":null}},"d":null}""", patch!.ToJsonString());
        Assert.Equal("""{"a":{"x":{}}}""", result!.ToJsonString());
    }
}
