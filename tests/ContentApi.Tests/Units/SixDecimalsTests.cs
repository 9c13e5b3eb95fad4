using System.Text.Json;
using ContentApi.Related;

namespace ContentApi.Tests.Units;

/// <summary>Related scores and reason weights are written rounded to six decimals, as Math.Round(value, 6) prints.</summary>
public sealed class SixDecimalsTests
{
    [Fact]
    public void WritesTheSameNumberAsRoundingToSixDecimals()
    {
        var random = new Random(5);
        double[] values =
        [
            0, 1, 0.5, 0.19, 0.1234565, 0.0000004, 0.0000005, 0.0000015, 2.9999999, 12.000001, -0.25,
            .. Enumerable.Range(0, 5_000).Select(_ => random.NextDouble() * Math.Pow(10, random.Next(-7, 2))),
        ];

        foreach (var value in values)
        {
            var expected = Written(writer => writer.WriteNumber("n", Math.Round(value, 6)));
            var actual = Written(writer => RelatedEndpoints.WriteSixDecimals(writer, JsonEncodedText.Encode("n"), value));

            // The same number; the same text too, unless the double's shortest form uses an exponent (1E-06).
            Assert.Equal(double.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), double.Parse(actual, System.Globalization.CultureInfo.InvariantCulture));
            if (!expected.Contains('E', StringComparison.Ordinal))
            {
                Assert.Equal(expected, actual);
            }
        }
    }

    private static string Written(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.GetProperty("n").GetRawText();
    }
}
