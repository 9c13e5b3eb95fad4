using System.Buffers;
using System.Text;
using ContentApi.ReadModel;

namespace ContentApi.Tests.Units;

/// <summary>A stored list item cut into its fields: what <c>fields=</c> keeps of it, however long it is.</summary>
public sealed class TeaserTests
{
    private static string Item(string standfirst) =>
        $$"""{"id":7,"slug":"a-visit","headline":"A visit","standfirst":"{{standfirst}}","section":"world","status":"published","publishedAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z","language":"en","featuredImage":null,"readingTimeMinutes":3}""";

    private static string Written(Teaser teaser, Func<string, bool>? fields)
    {
        var output = new ArrayBufferWriter<byte>();
        teaser.WriteFields(output, fields);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(70_000)] // past what ushort bounds reach: the fields are found by reading the JSON again
    public void WriteFields_KeepsTheFieldsAskedFor_InOrder(int standfirstLength)
    {
        var standfirst = new string('s', standfirstLength);
        var item = Item(standfirst);
        var teaser = Teaser.Parse(Encoding.UTF8.GetBytes(item));

        Assert.Equal($$"""{{{Written(teaser, null)}}}""", item);
        Assert.Equal("\"slug\":\"a-visit\",\"standfirst\":\"" + standfirst + "\",\"readingTimeMinutes\":3",
            Written(teaser, field => field is "readingTimeMinutes" or "standfirst" or "slug" or "embargoUntil"));
        Assert.Equal("", Written(teaser, field => field == "embargoUntil"));
    }
}
