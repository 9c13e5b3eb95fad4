using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace ContentApi.Tests.Fuzzing;

/// <summary>
/// Request bodies, starting from the contract: its example with references pointed at stored resources
/// (often valid), then mutated (fields dropped, nulled, given values of other types, hostile text, extreme
/// numbers, deep nesting, unknown fields), made malformed (truncated, trailing commas, bare values),
/// sent with the wrong Content-Type, as raw bytes, or over the size limit.
/// </summary>
public static class BodyGen
{
    private const string Ndjson = "application/x-ndjson";

    private static readonly string?[] OtherContentTypes =
    [
        null, "", "text/plain", "application/xml", "multipart/form-data; boundary=fuzz", "application/x-www-form-urlencoded", "application/json",
        "application/merge-patch+json", Ndjson, "application/json; charset=utf-16", "application/json; charset=latin1", "application/json; charset=nope",
        "application/problem+json", "*/*", "application/*", "garbage", "application/vnd.api+json", "text/json", "application/json; x=y",
        "application/json; charset=\"utf-8\"", "application/json; charset=\"nope\"", "application/json; charset=", "application/json;;",
    ];

    /// <summary>Fields that name stored resources, by id in API requests and by slug in import records.</summary>
    private static readonly Dictionary<string, (string Kind, bool Slug)> References = new()
    {
        ["bylineId"] = ("bylines", false),
        ["tagIds"] = ("tags", false),
        ["tagId"] = ("tags", false),
        ["entityIds"] = ("entities", false),
        ["rejectedEntityIds"] = ("entities", false),
        ["relatedArticleIds"] = ("articles", false),
        ["byline"] = ("bylines", true),
        ["tags"] = ("tags", true),
        ["entities"] = ("entities", true),
        ["rejectedEntities"] = ("entities", true),
        ["relatedArticles"] = ("articles", true),
    };

    private static readonly string[] Words =
    [
        "Fuzz", "Sahel", "World", "Business", "en", "fr", "A short line.", "Mali's minister", "Wagner Group", "Assimi Goita",
        "**bold** _it_ [link](https://example.com)", "[x](javascript:alert(1))", "![img](http://127.0.0.1/x.png)", "<script>x</script>",
        "# H\n\n> quote\n\n```\ncode\n```", "|a|b|\n|-|-|\n|1|2|", "article.published", "article.deleted", "webhook.test",
    ];

    /// <summary>Markdown that is hard to parse: deep quotes, lists and brackets, unclosed emphasis.</summary>
    private static readonly Gen<string> MarkdownBombs = Gen.Int[1_000, 20_000].SelectMany(n => Gen.OneOf(
        new string('>', n) + " x", string.Concat(Enumerable.Repeat("* ", n / 2)) + "x", new string('[', n) + new string(']', n / 2),
        string.Concat(Enumerable.Repeat("*a **b ", n / 7)), new string('<', n), string.Concat(Enumerable.Repeat("[a](", n / 4)),
        string.Concat(Enumerable.Repeat("`", n)), string.Concat(Enumerable.Repeat("\n", n)) + "x", string.Concat(Enumerable.Repeat("|a", n / 2))));

    public static Gen<FuzzBody?> For(FuzzOperation operation)
    {
        if (operation.Body is not { } spec)
        {
            var stray = Gen.Select(Gen.OneOf(OtherContentTypes), HostileValues.Json, (type, json) => (FuzzBody?)new FuzzBody(type, json.ToString()));
            return Gen.Frequency((9, Gen.Const((FuzzBody?)null)), (1, stray));
        }

        var text = spec.MediaType == Ndjson ? NdjsonText(spec) : JsonText(spec);
        var contentType = Gen.Frequency((7, Gen.Const<string?>(spec.MediaType)), (1, Gen.OneOf(OtherContentTypes)));
        return Gen.Frequency(
            (60, Gen.Select(text, contentType, (t, type) => (FuzzBody?)new FuzzBody(type, t))),
            (3, RawBytes(spec.MediaType)),
            // Past Http:MaxRequestBodyBytes (1 MiB): a 413 problem.
            (1, Gen.Int[1_048_600, 1_200_000].Select(size => (FuzzBody?)new FuzzBody(spec.MediaType, $"{{\"name\":\"{new string('a', size)}\"}}"))));
    }

    /// <summary>Bytes that are not UTF-8 JSON: random ones, or JSON in UTF-16.</summary>
    private static Gen<FuzzBody?> RawBytes(string mediaType) => Gen.Frequency(
        (1, Gen.Byte.Array[0, 300].Select(bytes => (FuzzBody?)new FuzzBody(mediaType, Encoding.Latin1.GetString(bytes), IsBytes: true))),
        (1, Gen.OneOf(mediaType, mediaType + "; charset=utf-16").Select(type =>
            (FuzzBody?)new FuzzBody(type, Encoding.Latin1.GetString(Encoding.Unicode.GetBytes("{\"name\":\"x\"}")), IsBytes: true))));

    private static Gen<string> JsonText(FuzzBodySpec spec)
    {
        var example = spec.Example ?? new JsonObject();
        var template = Template(JsonTree.From(example), null);
        var paths = SchemaPaths(spec.Schema, []).Concat(JsonTree.From(example).Paths()).DistinctBy(p => string.Join('/', p)).ToArray();
        var mutation = Mutation(paths, spec.Schema);
        return Gen.Frequency(
            (3, template.Select(t => t.ToString())),
            (8, Gen.Select(template, mutation.Array[1, 4], (t, mutations) => mutations.Aggregate(t, (tree, m) => m(tree)).ToString())),
            (3, Malformed(template.Select(t => t.ToString()))),
            (1, BareValues),
            (1, Gen.Int[65, 2_000].Select(HostileValues.Nested)));
    }

    /// <summary>An import file from the example's records: as it is, with a record mutated, with lines dropped, doubled or garbled, or long.</summary>
    private static Gen<string> NdjsonText(FuzzBodySpec spec)
    {
        var lines = (spec.Example?.GetValue<string>() ?? "{}").Split('\n').Select(line => JsonTree.From(JsonNode.Parse(line))).ToArray();
        var records = lines.Aggregate(Gen.Const(ImmutableList<JsonTree>.Empty), (all, line) => Gen.Select(all, Template(line, null), (list, l) => list.Add(l)));
        var mutations = lines.Select(line => Mutation([.. line.Paths()], FuzzSchema.Any)).ToArray();
        return Gen.Frequency(
            (3, records.Select(Join)),
            (5, Gen.Int[0, lines.Length - 1].SelectMany(i => Gen.Select(records, mutations[i].Array[1, 3],
                (list, ms) => Join(list.SetItem(i, ms.Aggregate(list[i], (tree, m) => m(tree))))))),
            (2, Gen.Select(records, Gen.Int[0, 99], Gen.Int[0, 8], HostileValues.Text, (list, at, kind, garbage) =>
            {
                var i = at % list.Count;
                var texts = list.Select(l => l.ToString()).ToList();
                switch (kind)
                {
                    case 0: texts.RemoveAt(i); break;
                    case 1: texts.Insert(i, texts[i]); break;
                    case 2: texts.Insert(i, garbage.Replace('\n', ' ')); break;
                    case 3: texts.Insert(i, ""); break;
                    case 4: return string.Join("\r\n", texts);
                    case 5: texts.Insert(i, "{\"record\":\"nonsense\",\"slug\":\"x\"}"); break;
                    case 6: texts.Insert(i, "[]"); break;
                    case 7: texts.Insert(i, "null"); break;
                    default: texts.Insert(i, "   \t"); break;
                }

                return string.Join("\n", texts);
            })),
            (1, Malformed(records.Select(Join))),
            (1, Gen.Int[50, 300].Select(n => string.Join("\n", Enumerable.Range(0, n).Select(j =>
                $$"""{"record":"tag","slug":"fuzz-import-{{j}}","name":"Import {{j}}","type":"topic"}""")))));
    }

    private static string Join(IEnumerable<JsonTree> lines) => string.Join("\n", lines.Select(l => l.ToString()));

    private static readonly Gen<string> BareValues = Gen.OneOf(
        "", " ", "\n", "null", "1", "-1", "1e400", "\"x\"", "true", "[]", "[{}]", "{}", "{", "}", "[", "nul", "{\"\":", "\uFEFF", "{}{}", "[1,]",
        "{\"a\":1,}", "'x'", "{'a':1}", "{a:1}", "NaN", "undefined", "\u0000", "<xml/>", "a=b&c=d", "--fuzz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--fuzz--");

    /// <summary>A JSON text broken in one way.</summary>
    private static Gen<string> Malformed(Gen<string> json) => Gen.Select(json, Gen.Int[0, 100_000], Gen.Int[0, 12], (text, at, kind) =>
    {
        var i = text.Length == 0 ? 0 : at % text.Length;
        var close = Math.Max(0, text.LastIndexOfAny(['}', ']']));
        return kind switch
        {
            0 => text[..i],
            1 => text.Insert(close, ","),
            2 => text.Insert(i, ",,"),
            3 => text.Replace('"', '\''),
            4 => "/* comment */" + text,
            5 => "\uFEFF" + text,
            6 => text + " trailing",
            7 => text + text,
            8 => "[" + text + "]",
            9 => text.Insert(i, "\u0000"),
            10 => text.Insert(i, "\\"),
            11 when text.StartsWith('{') => "{\"name\":null,\"NAME\":1,\"name\":2," + text[1..],
            _ => text.Replace("\":", "\" :: ", StringComparison.Ordinal),
        };
    });

    /// <summary>The example with references pointed at stored resources (by placeholder) and a null slug sometimes given.</summary>
    private static Gen<JsonTree> Template(JsonTree node, string? name)
    {
        if (name is not null && References.TryGetValue(name, out var reference))
        {
            return node is JsonTree.Arr ? ReferenceList(reference) : Reference(reference);
        }

        return node switch
        {
            JsonTree.Raw { Text: "null" } when name == "slug" =>
                Gen.Frequency((3, Gen.Const(node)), (1, Gen.Int[0, 40].Select(i => JsonTree.Quoted($"fuzz-slug-{i}")))),
            JsonTree.Obj o => o.Members.Aggregate(Gen.Const(ImmutableList<KeyValuePair<string, JsonTree>>.Empty),
                    (all, m) => Gen.Select(all, Template(m.Value, m.Key), (list, value) => list.Add(new(m.Key, value))))
                .Select(members => (JsonTree)new JsonTree.Obj(members)),
            JsonTree.Arr a => a.Items.Aggregate(Gen.Const(ImmutableList<JsonTree>.Empty),
                    (all, item) => Gen.Select(all, Template(item, null), (list, value) => list.Add(value)))
                .Select(items => (JsonTree)new JsonTree.Arr(items)),
            _ => Gen.Const(node),
        };
    }

    private static Gen<JsonTree> Reference((string Kind, bool Slug) reference) =>
        Gen.Int[0, 999].Select(i => JsonTree.Quoted(FuzzTargets.Placeholder(reference.Kind, i, reference.Slug)));

    private static Gen<JsonTree> ReferenceList((string Kind, bool Slug) reference) =>
        Reference(reference).Array[0, 3].Select(items => (JsonTree)new JsonTree.Arr([.. items]));

    /// <summary>One change at one of the paths: drop it, null it, a value of its type, a value of any type, or an unknown field beside it.</summary>
    private static Gen<Func<JsonTree, JsonTree>> Mutation(ImmutableArray<object>[] paths, FuzzSchema schema)
    {
        if (paths.Length == 0)
        {
            paths = [[]];
        }

        return Gen.Int[0, paths.Length - 1].SelectMany(i =>
        {
            var path = paths[i];
            var name = path.LastOrDefault() as string;
            var parent = path.IsEmpty ? path : path.RemoveAt(path.Length - 1);
            return Gen.Frequency<Func<JsonTree, JsonTree>>(
                (2, Gen.Const<Func<JsonTree, JsonTree>>(t => t.Put(path.AsSpan(), null))),
                (2, Gen.Const<Func<JsonTree, JsonTree>>(t => t.Put(path.AsSpan(), JsonTree.Null))),
                (4, Typed(SchemaAt(schema, path), name, 0).Select<JsonTree, Func<JsonTree, JsonTree>>(v => t => t.Put(path.AsSpan(), v))),
                (4, HostileValues.Json.Select<JsonTree, Func<JsonTree, JsonTree>>(v => t => t.Put(path.AsSpan(), v))),
                (1, Gen.Select(Gen.OneOf("unknownField", "Headline", "HEADLINE", "$type", "__proto__", "id", "createdAt", "", "\uD800"), HostileValues.Json,
                    (field, v) => (Func<JsonTree, JsonTree>)(t => t.Put(parent.Add(field).AsSpan(), v)))));
        });
    }

    /// <summary>A value that fits the schema (an enum member, a date, a URL, a word, a number), or one just past what it allows.</summary>
    private static Gen<JsonTree> Typed(FuzzSchema schema, string? name, int depth)
    {
        if (name is not null && References.TryGetValue(name, out var reference))
        {
            return schema.Type == "array" ? ReferenceList(reference) : Reference(reference);
        }

        return schema switch
        {
            { Enum.Count: > 0 } => Gen.OneOf([.. schema.Enum, .. schema.Enum.Select(e => e.ToUpperInvariant()), "", "other"]).Select(JsonTree.Quoted),
            { Format: "date-time" } => Gen.OneOf(HostileValues.Dates).Select(JsonTree.Quoted),
            { Type: "string" } when name?.Contains("url", StringComparison.OrdinalIgnoreCase) == true => Gen.OneOf(HostileValues.Urls).Select(JsonTree.Quoted),
            { Type: "string" } => Gen.Frequency(
                (4, Gen.OneOf(Words)), (2, HostileValues.Text), (1, HostileValues.LongText(190, 600)), (1, MarkdownBombs)).Select(JsonTree.Quoted),
            { Type: "boolean" } => Gen.OneOf("true", "false").Select(b => (JsonTree)new JsonTree.Raw(b)),
            { Type: "integer" or "number" } => Gen.OneOf(HostileValues.JsonNumbers).Select(n => (JsonTree)new JsonTree.Raw(n)),
            { Type: "array" } when depth < 3 => Gen.Frequency(
                    (4, Typed(schema.Items ?? FuzzSchema.Any, name, depth + 1).Array[0, 4]),
                    (1, Typed(schema.Items ?? FuzzSchema.Any, name, depth + 1).Array[20, 60]))
                .Select(items => (JsonTree)new JsonTree.Arr([.. items])),
            { Type: "object" } when depth < 3 => schema.Properties.Aggregate(Gen.Const(ImmutableList<KeyValuePair<string, JsonTree>>.Empty),
                    (all, p) => Gen.Select(all, Typed(p.Value, p.Key, depth + 1).Null(0.3), (list, v) => v is null ? list : list.Add(new(p.Key, v))))
                .Select(members => (JsonTree)new JsonTree.Obj(members)),
            _ => HostileValues.Json,
        };
    }

    /// <summary>The paths of the schema's properties, nested objects and array items (as item 0) included.</summary>
    private static IEnumerable<ImmutableArray<object>> SchemaPaths(FuzzSchema schema, ImmutableArray<object> at)
    {
        if (at.Length > 4)
        {
            yield break;
        }

        foreach (var (name, property) in schema.Properties)
        {
            yield return at.Add(name);
            var inner = property.Type == "array" && property.Items is { } items ? (items, at.Add(name).Add(0)) : (property, at.Add(name));
            foreach (var path in SchemaPaths(inner.Item1, inner.Item2))
            {
                yield return path;
            }
        }
    }

    private static FuzzSchema SchemaAt(FuzzSchema schema, ImmutableArray<object> path)
    {
        foreach (var step in path)
        {
            schema = step switch
            {
                string name => schema.Properties.GetValueOrDefault(name) ?? FuzzSchema.Any,
                _ => schema.Items ?? FuzzSchema.Any,
            };
        }

        return schema;
    }
}
