using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ContentApi.Access;
using ContentApi.Persistence;
using ContentApi.Http;
using ContentApi.Tests.OpenApi;

namespace ContentApi.Tests.Access;

/// <summary>
/// Every operation of the committed contract (openapi/v1.json), called by every kind of caller,
/// answers as its <c>x-required-policy</c> says. The cases come from the document, so an operation
/// added to it is covered at once, and one documented without a policy fails.
/// <para>
/// An operation with a route parameter is called on a resource of its kind made for that case alone
/// (as an editor, or as an admin for keys), so a PUT or DELETE that goes through disturbs no other
/// case. A route of a kind this class does not know how to make is called on an id that does not
/// exist: a caller who is let through then gets 404, which still shows the caller was let through.
/// </para>
/// </summary>
public sealed class AuthorizationMatrixTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const string NoPolicy = "(none)";
    private const string MissingId = "999999999";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];
    private static readonly string[] Callers = ["no key", "bad key", "revoked key", "reader", "partner", "editor", "admin"];
    private static readonly Lazy<JsonNode> Document = new(() => JsonNode.Parse(File.ReadAllText(OpenApiContractTests.CommittedDocumentPath()))!);

    private enum Outcome
    {
        Allowed,
        Unauthorized,
        Forbidden,
    }

    /// <summary>Method, path, required policy and caller, for every operation in the document and every caller.</summary>
    public static TheoryData<string, string, string, string> Cases()
    {
        var cases = new TheoryData<string, string, string, string>();
        foreach (var (path, operations) in Document.Value["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject().Where(o => Methods.Contains(o.Key)))
            {
                var policy = operation?["x-required-policy"] is JsonValue value && value.TryGetValue<string>(out var p) ? p : NoPolicy;
                foreach (var caller in Callers)
                {
                    cases.Add(method.ToUpperInvariant(), path, policy, caller);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Operation_AnswersCaller_AsItsRequiredPolicySays(string method, string path, string policy, string caller)
    {
        Assert.True(policy is Policies.Read or Policies.Edit or Policies.Admin or Policies.Webhooks,
            $"{method} {path} declares x-required-policy '{policy}'. Every operation must name read, edit, admin "
            + "(ForReaders, ForEditors or ForAdmins on the endpoint), or webhooks (ForWebhookOwners).");

        var url = await UrlForAsync(path);
        using var client = await ClientForAsync(caller);
        using var request = RequestFor(method, path, url);
        using var response = await client.SendAsync(request);

        switch (Expected(policy, caller))
        {
            case Outcome.Unauthorized:
                await response.ShouldBeChallengeAsync();
                break;
            case Outcome.Forbidden:
                await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
                break;
            default:
                var status = (int)response.StatusCode;
                Assert.True(status is not (401 or 403 or >= 500),
                    $"{method} {url} as {caller} should be let through ({policy} policy) but got {status}: "
                    + await response.Content.ReadAsStringAsync());
                break;
        }
    }

    private static Outcome Expected(string policy, string caller) => (caller, policy) switch
    {
        ("bad key" or "revoked key", _) => Outcome.Unauthorized,
        ("no key", Policies.Read) => Outcome.Allowed,
        ("no key", _) => Outcome.Unauthorized,
        ("reader" or "partner", Policies.Read) => Outcome.Allowed,
        ("partner", Policies.Webhooks) => Outcome.Allowed,
        ("reader" or "partner", _) => Outcome.Forbidden,
        ("editor", Policies.Admin or Policies.Webhooks) => Outcome.Forbidden,
        ("editor" or "admin", _) => Outcome.Allowed,
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, "No expectation for this caller."),
    };

    private async Task<HttpClient> ClientForAsync(string caller) => caller switch
    {
        "no key" => api.CreateClientFor(null),
        "bad key" => api.CreateClientWithKey(AccessTestHelpers.BadKey()),
        "revoked key" => api.CreateClientWithKey(await api.CreateRevokedKeyAsync(ApiRole.Admin)),
        _ => api.CreateClientFor(Enum.Parse<ApiRole>(caller, ignoreCase: true)),
    };

    /// <summary>The path with its route parameter (if any) replaced by the id of a fresh resource of its kind.</summary>
    private async Task<string> UrlForAsync(string path)
    {
        var open = path.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return path;
        }

        var close = path.IndexOf('}', open);
        var kind = path.Split('/', StringSplitOptions.RemoveEmptyEntries)[1];
        return path[..open] + await CreateTargetAsync(kind) + path[(close + 1)..];
    }

    private async Task<string> CreateTargetAsync(string kind)
    {
        using var editor = api.CreateClient();
        return kind switch
        {
            "articles" => (await editor.CreateArticleAsync()).Id,
            "bylines" => (await editor.CreateBylineAsync()).Id,
            "tags" => (await editor.CreateTagAsync()).Id,
            "entities" => (await editor.CreateEntityAsync()).Id,
            "keys" => (await api.CreateKeyOverHttpAsync(ApiRole.Partner)).Id,
            _ => MissingId,
        };
    }

    /// <summary>
    /// The request, with the operation's documented example, in its documented media type, as the
    /// body of a POST or PUT, and "{}" as a merge patch.
    /// </summary>
    private static HttpRequestMessage RequestFor(string method, string path, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            var (mediaType, body) = ExampleBody(method, path);
            request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        }
        else if (method == "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, JsonMergePatch.MediaType);
        }

        return request;
    }

    private static (string MediaType, string Body) ExampleBody(string method, string path)
    {
        var content = Document.Value["paths"]![path]![method.ToLowerInvariant()]!["requestBody"]?["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            return ("application/json", "{}");
        }

        var (mediaType, media) = content.First();
        var example = media?["example"];
        // A JSON body's example is JSON; a text body's (NDJSON) is the text itself.
        return (mediaType, mediaType.EndsWith("json", StringComparison.Ordinal) ? example?.ToJsonString() ?? "{}" : example?.GetValue<string>() ?? "");
    }
}
