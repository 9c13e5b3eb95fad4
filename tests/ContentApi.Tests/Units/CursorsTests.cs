using System.Text;
using ContentApi.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ContentApi.Tests.Units;

public sealed class CursorsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(int.MaxValue)]
    public void EncodedIdDecodesBackToTheSameId(int id)
    {
        var cursor = Cursors.Encode(id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(Cursors.TryDecode(cursor, out var decoded));
        Assert.Equal(id, decoded);
    }

    [Fact]
    public void CursorIsOpaqueAndUrlSafe()
    {
        var cursor = Cursors.Encode("12345");

        Assert.DoesNotContain("12345", cursor, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]+$", cursor);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("!!!!")]
    [InlineData("42")]
    [InlineData("not a cursor at all")]
    [InlineData("aWQ6NDI=garbage")]
    public void GarbageIsRejected(string? cursor)
    {
        Assert.False(Cursors.TryDecode(cursor, out var id));
        Assert.Equal(0, id);
    }

    [Theory]
    [InlineData("id:0")]
    [InlineData("id:-1")]
    [InlineData("id:+5")]
    [InlineData("id: 5")]
    [InlineData("id:5x")]
    [InlineData("id:")]
    [InlineData("id:99999999999")]
    [InlineData("ID:5")]
    [InlineData("x:5")]
    public void WellEncodedButWrongContentIsRejected(string content)
    {
        var cursor = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(content));

        Assert.False(Cursors.TryDecode(cursor, out _));
    }

    [Fact]
    public void CursorLongerThan64CharactersIsRejected()
    {
        var cursor = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("id:" + new string('0', 60) + "7"));

        Assert.True(cursor.Length > 64);
        Assert.False(Cursors.TryDecode(cursor, out _));
    }
}
