using System.Text;

namespace ContentApi.Tests.Http;

/// <summary>
/// Garbage posted to the create endpoints (random bytes, token soup, mangled valid bodies, valid
/// shapes with values of every type) is refused or accepted, but never a server error.
/// </summary>
public sealed class FuzzedBodyTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const int BodiesPerEndpoint = 200;

    [Theory]
    [InlineData(WriteTarget.CreateArticle, 7001)]
    [InlineData(WriteTarget.CreateTag, 7002)]
    [InlineData(WriteTarget.CreateByline, 7003)]
    [InlineData(WriteTarget.CreateEntity, 7004)]
    public async Task RandomBodiesNeverGive5xx(string target, int seed)
    {
        var client = api.CreateClient();
        var write = await WriteTarget.ResolveAsync(client, target);
        var bodies = new GarbageBodies(seed, FieldsOf(target));
        var failures = new List<string>();

        for (var i = 0; i < BodiesPerEndpoint; i++)
        {
            var body = bodies.Next();
            using var response = await write.SendAsync(client, body, "application/json");
            if ((int)response.StatusCode >= 500)
            {
                var answer = await response.Content.ReadAsStringAsync();
                failures.Add($"#{i} {(int)response.StatusCode} for {Describe(body)} -> {answer}");
            }
        }

        Assert.True(failures.Count == 0, $"{write} (seed {seed}) gave {failures.Count} server errors:\n{string.Join("\n", failures.Take(5))}");
    }

    private static string[] FieldsOf(string target) => target switch
    {
        WriteTarget.CreateArticle =>
        [
            "slug", "headline", "standfirst", "body", "section", "status", "publishAt", "language", "canonicalUrl",
            "featuredImage", "syndication", "bylines", "tagIds", "entityIds", "relatedArticleIds",
        ],
        WriteTarget.CreateTag => ["slug", "name", "description", "type"],
        WriteTarget.CreateByline => ["slug", "name", "role", "bio", "avatarUrl", "links"],
        WriteTarget.CreateEntity => ["slug", "name", "type", "aliases", "description", "wikidataId", "geoNamesId"],
        _ => throw new ArgumentException($"No fields known for {target}.", nameof(target)),
    };

    private static string Describe(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length > 300 ? $"'{text[..300]}…' ({body.Length} bytes)" : $"'{text}' ({body.Length} bytes, base64 {Convert.ToBase64String(body)})";
    }

    /// <summary>A seeded stream of hostile request bodies: the same seed gives the same bodies.</summary>
    private sealed class GarbageBodies(int seed, string[] fields)
    {
        private static readonly string[] Tokens =
        [
            "{", "}", "[", "]", ",", ":", "\"", "\"name\"", "\"slug\"", "\"type\"", "1", "-0", "1e400", "-1e-400", "true", "false",
            "null", "\"\\u0000\"", "\"\\ud800\"", "\"\\uZZZZ\"", "NaN", "Infinity", "//", "/*", "'x'", "\t", " ", "\u00e9", "\ufeff",
        ];

        private static readonly string[] Values =
        [
            "null", "true", "false", "0", "-1", "1.5", "2147483648", "-9223372036854775809", "1e308", "1e400", "\"\"", "\" \"",
            "\"x\"", "\"Mali\u2019s minister\"", "\"\\u0000\"", "\"\\ud83d\"", "\"<script>alert(1)</script>\"", "\"javascript:alert(1)\"",
            "\"https://example.com/a.jpg\"", "\"ftp://example.com\"", "\"published\"", "\"scheduled\"", "\"draft\"", "\"person\"",
            "\"Published\"", "\"website\"", "\"0001-01-01T00:00:00\"", "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59-14:00\"",
            "\"2026-13-45T99:00:00Z\"", "\"1\"", "\"-1\"", "\"99999999999999999999\"", "[]", "{}", "[null]", "[1]", "[\"1\"]",
            "[\"\"]", "[{}]", "[{\"bylineId\": \"1\"}]", "[{\"bylineId\": 1}]", "[{\"bylineId\": \"1\", \"role\": \"nobody\"}]",
            "[{\"kind\": \"website\", \"url\": \"https://example.com\"}]", "[{\"kind\": 3}]", "{\"url\": \"https://example.com/i.jpg\"}",
            "{\"url\": null}", "{\"allowed\": \"yes\"}", "{\"allowed\": true, \"expiresAt\": \"0001-01-01T00:00:00+01:00\"}",
        ];

        private readonly Random _random = new(seed);

        public byte[] Next() => _random.Next(6) switch
        {
            0 => RandomBytes(),
            1 => Encoding.UTF8.GetBytes(TokenSoup()),
            2 => Encoding.UTF8.GetBytes(Mangle(ValidShape())),
            3 => Encoding.UTF8.GetBytes(Nested()),
            _ => Encoding.UTF8.GetBytes(ValidShape()),
        };

        private byte[] RandomBytes()
        {
            var bytes = new byte[_random.Next(0, 300)];
            _random.NextBytes(bytes);
            return bytes;
        }

        private string TokenSoup() =>
            string.Concat(Enumerable.Range(0, _random.Next(1, 40)).Select(_ => Tokens[_random.Next(Tokens.Length)]));

        /// <summary>An object with some of the endpoint's fields (and a stray one), each with a value of any type.</summary>
        private string ValidShape()
        {
            var members = fields.Where(_ => _random.Next(3) > 0).Append("unknownField").Select(field =>
                $"\"{field}\": {(field == "slug" && _random.Next(2) == 0 ? $"\"fuzz-{Guid.NewGuid():N}\"" : Value())}");
            return "{" + string.Join(", ", members) + "}";
        }

        private string Value() => _random.Next(10) switch
        {
            0 => $"\"{new string('x', _random.Next(100, 3000))}\"",
            1 => Nested(),
            _ => Values[_random.Next(Values.Length)],
        };

        private string Nested()
        {
            var depth = _random.Next(1, 200);
            var open = _random.Next(2) == 0 ? "[" : "{\"a\":";
            var close = open == "[" ? "]" : "}";
            return string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        }

        private string Mangle(string json)
        {
            var chars = new StringBuilder(json);
            for (var edits = _random.Next(1, 6); edits > 0 && chars.Length > 0; edits--)
            {
                var at = _random.Next(chars.Length);
                switch (_random.Next(3))
                {
                    case 0:
                        chars.Remove(at, 1);
                        break;
                    case 1:
                        chars.Insert(at, Tokens[_random.Next(Tokens.Length)]);
                        break;
                    default:
                        chars[at] = (char)_random.Next(32, 127);
                        break;
                }
            }

            return chars.ToString();
        }
    }
}
