using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.Persistence;
using CsCheck;
using Microsoft.AspNetCore.WebUtilities;

namespace ContentApi.Tests.Fuzzing;

/// <summary>
/// CsCheck generators of requests for the operations of the contract: who calls, path values, query
/// parameters, conditional and idempotency headers, and bodies (see <see cref="BodyGen"/>).
/// </summary>
public static class RequestGen
{
    private static readonly ApiRole?[] Callers = [null, ApiRole.Reader, ApiRole.Partner, ApiRole.Editor, ApiRole.Admin];

    /// <summary>
    /// <paramref name="count"/> requests, the operations taken in turn so each gets its share, each
    /// generated for its operation.
    /// </summary>
    public static Gen<FuzzRequest[]> Run(IReadOnlyList<FuzzOperation> operations, int count)
    {
        var rounds = (count + operations.Count - 1) / operations.Count;
        var perOperation = operations.Select(o => For(o).Array[rounds]).Aggregate(
            Gen.Const(ImmutableList<FuzzRequest[]>.Empty), (all, next) => Gen.Select(all, next, (list, requests) => list.Add(requests)));
        return perOperation.Select(lists => Enumerable.Range(0, rounds)
            .SelectMany(round => lists.Select(requests => requests[round]))
            .Take(count)
            .ToArray());
    }

    public static Gen<FuzzRequest> For(FuzzOperation operation) => Gen.Select(
        Caller(operation), Path(operation), Query(operation), Headers(operation), BodyGen.For(operation),
        (caller, path, query, headers, body) => new FuzzRequest(operation, caller, path, query, headers, body));

    /// <summary>Any caller, those the operation's policy lets through more often, so most requests get past authorization.</summary>
    private static Gen<ApiRole?> Caller(FuzzOperation operation) =>
        Gen.Frequency([.. Callers.Select(c => (MayCall(operation.Policy, c) ? 4 : 1, c))]);

    private static bool MayCall(string policy, ApiRole? caller) => policy switch
    {
        Policies.Read => true,
        Policies.Edit => caller is ApiRole.Editor or ApiRole.Admin,
        Policies.Webhooks => caller is ApiRole.Partner or ApiRole.Admin,
        _ => caller is ApiRole.Admin,
    };

    /// <summary>The path with each parameter a stored resource of its kind (by id or slug), or hostile text.</summary>
    private static Gen<string> Path(FuzzOperation operation) =>
        operation.PathParameters.Aggregate(Gen.Const(operation.Path), (path, name) =>
            Gen.Select(path, PathValue(KindOf(operation.Path, name), name == "idOrSlug"), (p, value) => p.Replace($"{{{name}}}", value, StringComparison.Ordinal)));

    /// <summary>The kind of resource a path parameter names: the segment before it ("articles", "candidates", "deliveries").</summary>
    public static string KindOf(string path, string parameter)
    {
        var segments = path.Split('/');
        return segments[Array.IndexOf(segments, $"{{{parameter}}}") - 1];
    }

    private static Gen<string> PathValue(string kind, bool slugs) => Gen.Frequency(
        (6, Gen.Int[0, 999].Select(i => FuzzTargets.Placeholder(kind, i))),
        (slugs ? 2 : 0, Gen.Int[0, 999].Select(i => FuzzTargets.Placeholder(kind, i, slug: true))),
        // Long values too (the limits are on the query string and headers), but not what the client or Kestrel handles
        // before the app sees it: an empty segment or a dot segment (the client drops them) or NUL (Kestrel refuses it).
        (3, Gen.Frequency((8, HostileValues.UrlValue), (1, HostileValues.LongText(4_000, 20_000).Select(HostileValues.UrlEncode)))
            .Where(v => Uri.UnescapeDataString(v) is not ("" or "." or "..") && !v.Contains("%00", StringComparison.Ordinal))),
        // Numbers that name nothing: never a small positive one, which could be a key the run itself uses.
        (1, Gen.OneOf("-1", "0", "2147483647", "2147483648", "99999999999999999999", "1e3", "%2B1", "%201", "0x10", "%D9%A1")));

    /// <summary>
    /// Half the time a few of the operation's parameters with plausible values (so lists are listed, not
    /// only refused), half the time more of them with values of their type and of others, out of range
    /// and hostile, and sometimes parameters it does not have.
    /// </summary>
    private static Gen<string> Query(FuzzOperation operation)
    {
        var extra = Gen.Frequency(
            (8, Gen.Const("")),
            (2, Gen.OneOf("foo=bar", "limit=1&limit=2", "sort=newest&sort=oldest", "%00=%00", "a[b]=c", "=", "&&", "q", "__proto__[x]=1",
                "include=bylines&include=tags", "cursor=&cursor=x", "count=true&count=false")),
            (1, Gen.Select(HostileValues.UrlValue, HostileValues.UrlValue, (name, value) => $"{name}={value}")),
            // Past Http:MaxQueryStringLength: a 414 problem.
            (1, Gen.Int[4_100, 9_000].Select(length => "q=" + new string('a', length))));
        return Gen.Frequency(
            (1, Parameters(operation, hostile: false).Select(list => string.Join("&", list))),
            (1, Gen.Select(Parameters(operation, hostile: true), extra, (list, more) => string.Join("&", more.Length > 0 ? list.Add(more) : list))));
    }

    private static Gen<ImmutableList<string>> Parameters(FuzzOperation operation, bool hostile) =>
        operation.Query.Where(p => hostile || p.Name is not ("cursor" or "token")).Aggregate(Gen.Const(ImmutableList<string>.Empty), (all, parameter) =>
            Gen.Select(all, QueryParameter(parameter, hostile).Null(hostile ? 0.7 : 0.8), (list, value) => value is null ? list : list.Add(value)));

    private static Gen<string> QueryParameter(FuzzParameter parameter, bool hostile)
    {
        var name = HostileValues.UrlEncode(parameter.Name);
        var value = hostile ? Gen.Frequency((2, PlausibleValue(parameter)), (2, EdgeValue(parameter)), (1, HostileValues.UrlValue)) : PlausibleValue(parameter);
        return (parameter.Schema.Type, hostile) switch
        {
            ("array", false) => value.Array[1, 3].Select(values => string.Join("&", values.Select(v => $"{name}={v}"))),
            ("array", true) => Gen.Frequency(
                (3, value.Array[1, 4].Select(values => string.Join("&", values.Select(v => $"{name}={v}")))),
                (1, value.Array[2, 5].Select(values => $"{name}={string.Join("%2C", values)}")),
                (1, Gen.Int[21, 30].Select(n => string.Join("&", Enumerable.Range(0, n).Select(i => $"{name}=t{i}"))))),
            _ => value.Select(v => $"{name}={v}"),
        };
    }

    /// <summary>A value the parameter takes: in range, a stored resource, one of the words its description names.</summary>
    private static Gen<string> PlausibleValue(FuzzParameter parameter) => (parameter.Schema.Type, parameter.Schema.Format, parameter.Name) switch
    {
        ("integer", _, _) => Gen.Int[1, 20].Select(Invariant),
        ("number", _, _) => Gen.OneOf("0", "0.5", "1", "7", "30"),
        ("boolean", _, _) => Gen.OneOf("true", "false"),
        (_, "date-time", _) => Gen.OneOf("2025-06-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-11-26T12:00:00Z").Select(HostileValues.UrlEncode),
        (_, _, "tag" or "byline" or "entity" or "exclude") => TargetReference(parameter.Name),
        _ => Gen.OneOf(PlausibleValues.GetValueOrDefault(parameter.Name) ?? ["x"]).Select(HostileValues.UrlEncode),
    };

    /// <summary>A value of the parameter's type just outside what it takes, or of another type.</summary>
    private static Gen<string> EdgeValue(FuzzParameter parameter) => (parameter.Schema.Type, parameter.Schema.Format, parameter.Name) switch
    {
        ("integer", _, _) => Gen.Frequency((1, Gen.OneOf("0", "51", "101", "100", "50")), (2, Gen.OneOf(HostileValues.Numbers).Select(HostileValues.UrlEncode))),
        ("number", _, _) => Gen.OneOf("-1", "1.5", "1e308", "1e400", "NaN", "Infinity", "-Infinity", "0x1p3", "1%2C5", "abc", "1e-400", "-0"),
        ("boolean", _, _) => Gen.OneOf("1", "0", "yes", "TRUE", "", "null"),
        (_, "date-time", _) => Gen.OneOf(HostileValues.Dates).Select(HostileValues.UrlEncode),
        (_, _, "cursor") => ForgedCursor,
        _ => Gen.OneOf(EdgeValues.GetValueOrDefault(parameter.Name) ?? ["", " "]).Select(HostileValues.UrlEncode),
    };

    private static Gen<string> TargetReference(string parameter)
    {
        var kind = parameter switch
        {
            "tag" => "tags",
            "byline" => "bylines",
            "entity" => "entities",
            _ => "articles",
        };
        return Gen.Select(Gen.Int[0, 999], Gen.Bool, (i, slug) => FuzzTargets.Placeholder(kind, i, slug));
    }

    private static readonly Dictionary<string, string[]> PlausibleValues = new()
    {
        ["sort"] = ["newest", "oldest", "updated", "headline", "name", "articles"],
        ["tagMatch"] = ["any", "all"],
        ["status"] = ["draft", "scheduled", "published", "archived", "pending", "accepted", "rejected"],
        ["include"] = ["bylines", "tags", "entities", "bylines,tags,entities"],
        ["facets"] = ["tag", "section", "byline", "entity", "tag,section,byline,entity"],
        ["fields"] = ["id", "id,slug,headline", "id,tags,bylines"],
        ["language"] = ["en", "fr", "de"],
        ["section"] = ["World", "Business", "Culture"],
        ["q"] = ["wagner", "\"wagner group\"", "mali*", "bamako OR dakar", "election", "the"],
    };

    private static readonly Dictionary<string, string[]> EdgeValues = new()
    {
        ["sort"] = ["relevance", "NEWEST", "random", ""],
        ["tagMatch"] = ["none", "ALL", ""],
        ["status"] = ["1", "Published", "deleted", ""],
        ["include"] = ["bylines,,tags", "everything", ",", "bylines,bylines"],
        ["facets"] = ["nope", "tag,tag", ","],
        ["fields"] = ["body", "password", ",", "id,id", "__proto__"],
        ["language"] = ["zz", "en-GB-oxendict-x-private", "", "e"],
        ["section"] = ["world", "Nowhere", ""],
        ["q"] = ["a", "NEAR(mali russia)", "\"", "*", "-", "\"\"", "OR", "AND", "NOT", "(", "col:x", "^a", "a NEAR/2 b"],
        ["token"] = ["", "abc", "eyJhIjoxfQ", "v1.abc.def"],
    };

    /// <summary>Base64url cursors that decode to something the API did not issue: a wrong sort, a key out of range, a bad id.</summary>
    private static readonly Gen<string> ForgedCursor = Gen.Frequency(
        (3, Gen.Select(
            Gen.OneOf("newest", "oldest", "updated", "headline", "relevance", "name", "articles", "x"),
            Gen.OneOf("0", "-1", "abc", "1e308", "NaN", "Infinity", "99999999999999999999", "-99999999999999999999", "3155378975999999999",
                "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "", "\u0000", "\uD800"),
            Gen.OneOf("1", "-1", "0", "2147483648", "abc", ""),
            (sort, key, id) => Base64([sort, key, id]))),
        (1, Gen.OneOf("[]", "[\"newest\"]", "[1,2,3]", "{}", "null", "\"x\"", "[\"newest\",\"0\",\"1\",\"extra\"]").Select(json => Base64Text(json))),
        (2, Gen.OneOf("id:0", "id:-1", "id:2147483647", "id:2147483648", "id:abc", "id:", "xx:1", "id:1").Select(Base64Text)),
        (1, Gen.OneOf("!!!", "====", "a", "%00", new string('A', 5000)).Select(HostileValues.UrlEncode)));

    private static string Base64(string[] parts) => WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(parts));

    private static string Base64Text(string text) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(text));

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Garbage in the headers the operation documents (If-Match, If-None-Match, Idempotency-Key), in
    /// If-Modified-Since on reads, now and then a made-up X-Api-Key, Accept or Accept-Encoding, and too many header bytes.
    /// </summary>
    private static Gen<ImmutableList<KeyValuePair<string, string>>> Headers(FuzzOperation operation)
    {
        var headers = Gen.Const(ImmutableList<KeyValuePair<string, string>>.Empty);
        foreach (var (name, chance, values) in new[]
        {
            ("If-None-Match", operation.HasHeader("If-None-Match") ? 0.15 : 0, EntityTags),
            ("If-Match", operation.HasHeader("If-Match") ? 0.25 : 0, EntityTags),
            ("Idempotency-Key", operation.HasHeader("Idempotency-Key") ? 0.25 : 0, IdempotencyKeys),
            ("If-Modified-Since", operation.IsWrite ? 0 : 0.1, HttpDates),
            ("X-Api-Key", 0.03, SingleLine),
            ("Accept", 0.05, Gen.OneOf("application/xml", "text/html", "*/*", "application/json;q=0", "garbage", "application/atom+xml", "")),
            ("Accept-Encoding", 0.05, Gen.OneOf("gzip", "br", "deflate", "identity;q=0", "*;q=0", "gzip;q=nope", "x-unknown", "")),
        })
        {
            if (chance > 0)
            {
                headers = Gen.Select(headers, values.Null(1 - chance), (list, value) => value is null ? list : list.Add(new(name, value)));
            }
        }

        var padding = Gen.Frequency((99, Gen.Const((string?)null)), (1, Gen.Const((string?)new string('x', 20_000))));
        return Gen.Select(headers, padding, (list, pad) => pad is null ? list : list.Add(new("X-Fuzz-Padding", pad)));
    }

    /// <summary>Hostile text that fits on one header line.</summary>
    private static readonly Gen<string> SingleLine = HostileValues.Text.Where(t => !t.Contains('\r') && !t.Contains('\n'));

    private static readonly Gen<string> HttpDates = Gen.Frequency(
        (2, Gen.OneOf("Thu, 26 Nov 2026 12:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
            "Mon, 01 Jan 0001 00:00:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT", "2026-11-26T12:00:00Z", "0", "-1", "yesterday", "")),
        (1, SingleLine));

    private static readonly Gen<string> EntityTags = Gen.Frequency(
        (3, Gen.OneOf("*", "\"x\"", "W/\"x\"", "\"\"", "garbage", "\"1\", \"2\"", "W/", "\"", "*, \"x\"", "\"0-0\"", ",")),
        (2, SingleLine));

    /// <summary>Fresh keys, a few reused ones (a retry or, with another request, a 422), and invalid ones.</summary>
    private static readonly Gen<string> IdempotencyKeys = Gen.Frequency(
        (3, Gen.Int[0, int.MaxValue].Select(i => $"fuzz-{i}")),
        (1, Gen.Int[0, 3].Select(i => $"fuzz-key-{i}")),
        (2, Gen.OneOf("", " ", "caf\u00E9", "a b", "key\t1", new string('k', 300), "\u0000", "\"quoted\"")),
        (1, SingleLine));
}
