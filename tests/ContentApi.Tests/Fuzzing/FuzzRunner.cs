using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentApi.Tests.Fuzzing;

/// <summary>What went wrong with one answer: a server error, a status the contract does not document, an error that is not a problem, or a refused write that changed what is stored.</summary>
public sealed record FuzzFailure(string Kind, string Operation, int Status, string Request, string Answer);

/// <summary>
/// Sends generated requests one at a time, as the caller each names (clients that do not follow
/// redirects, so a 308 is judged as such), and judges every answer against the contract. Around every
/// write it takes a snapshot of what is stored, and when the write was refused (4xx) nothing may differ.
/// </summary>
public sealed class FuzzRunner : IDisposable
{
    private readonly FuzzTargets _targets;
    private readonly StoredContent _stored;
    private readonly Dictionary<string, HttpClient> _clients = [];
    private readonly Dictionary<string, int> _statuses = [];
    private readonly List<FuzzFailure> _failures = [];
    private TimeSpan _slowest;
    private string _slowestRequest = "";

    public FuzzRunner(ContentApiFactory api, FuzzTargets targets, StoredContent stored)
    {
        (_targets, _stored) = (targets, stored);
        foreach (var role in new ApiRole?[] { null, ApiRole.Reader, ApiRole.Partner, ApiRole.Editor, ApiRole.Admin })
        {
            _clients[NameOf(role)] = api.CreateClientFor(role, new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        }
    }

    public int Sent { get; private set; }

    public IReadOnlyList<FuzzFailure> Failures => _failures;

    public async Task SendAsync(FuzzRequest request)
    {
        var operation = request.Operation;
        var before = operation.IsWrite ? _stored.Snapshot() : null;
        using var message = Message(request);
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await _clients[NameOf(request.Caller)].SendAsync(message);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            _failures.Add(new FuzzFailure("request could not be sent", operation.ToString(), 0, request.Describe(_targets), e.ToString()));
            return;
        }

        using var answer = response;
        var body = await DecodedBodyAsync(response);
        watch.Stop();

        Sent++;
        var status = (int)response.StatusCode;
        var key = $"{operation} {status}";
        _statuses[key] = _statuses.GetValueOrDefault(key) + 1;
        if (watch.Elapsed > _slowest)
        {
            (_slowest, _slowestRequest) = (watch.Elapsed, $"{request.Describe(_targets)} -> {status}");
        }

        var problems = Judge(operation, response, body);
        if (before is not null && status is >= 400 and < 500 && StoredContent.Changed(before, _stored.Snapshot()) is { Count: > 0 } changed)
        {
            problems.Add(("refused write changed what is stored", $"changed: {string.Join(", ", changed)}"));
        }

        foreach (var (kind, detail) in problems)
        {
            var serverErrors = status >= 500 ? $"\n  server log: {ServerErrorLog.Recent(1)}" : "";
            _failures.Add(new FuzzFailure(kind, operation.ToString(), status,
                request.Describe(_targets), $"{status} {response.Content.Headers.ContentType}: {FuzzBody.Show(Encoding.UTF8.GetString(body), 600)} ({detail}){serverErrors}"));
        }

        Learn(request, response, body);
    }

    /// <summary>The rules every answer keeps: no 5xx, a status the operation documents, and errors as RFC 9457 problems (401 with a Bearer challenge).</summary>
    public static List<(string Kind, string Detail)> Judge(FuzzOperation operation, HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        var problems = new List<(string, string)>();
        if (status >= 500)
        {
            problems.Add(("server error", "never 5xx"));
        }

        if (!operation.Statuses.Contains(status))
        {
            problems.Add(("undocumented status", $"the contract documents {string.Join(", ", operation.Statuses.Order())}"));
        }

        if (status >= 400)
        {
            if (ProblemFault(status, response, body) is { } fault)
            {
                problems.Add(("error is not a problem", fault));
            }

            if (status == 401 && !response.Headers.WwwAuthenticate.ToString().StartsWith("Bearer", StringComparison.Ordinal))
            {
                problems.Add(("401 without a Bearer challenge", $"WWW-Authenticate: '{response.Headers.WwwAuthenticate}'"));
            }
        }

        return problems;
    }

    private static string? ProblemFault(int status, HttpResponseMessage response, byte[] body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"Content-Type is '{response.Content.Headers.ContentType}', not application/problem+json";
        }

        try
        {
            var problem = JsonSerializer.Deserialize<JsonElement>(body);
            return problem.ValueKind == JsonValueKind.Object
                && problem.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String && title.GetString()!.Trim().Length > 0
                && problem.TryGetProperty("status", out var number) && number.ValueKind == JsonValueKind.Number && number.GetInt32() == status
                    ? null
                    : "no title, or no status equal to the answer's";
        }
        catch (JsonException e)
        {
            return $"the body is not JSON: {e.Message}";
        }
    }

    /// <summary>Follows what a successful write did: a 201 created a target, a 204 DELETE removed one.</summary>
    private void Learn(FuzzRequest request, HttpResponseMessage response, byte[] body)
    {
        _targets.Learn(response, body);
        if (request.Operation.Method == "DELETE" && response.StatusCode == HttpStatusCode.NoContent)
        {
            var segments = request.Url(_targets).Split('?')[0].Split('/');
            _targets.Remove(segments[^2], Uri.UnescapeDataString(segments[^1]));
        }
    }

    /// <summary>Fails with every distinct failure (by kind, operation and status), each with its first example.</summary>
    public void ThrowIfFailed()
    {
        if (_failures.Count == 0)
        {
            return;
        }

        var distinct = _failures.GroupBy(f => (f.Kind, f.Operation, f.Status)).ToList();
        var report = new StringBuilder($"{_failures.Count} of {Sent} answers broke the rules, in {distinct.Count} distinct ways:\n");
        foreach (var group in distinct.Take(30))
        {
            var first = group.First();
            report.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n[{group.Count()}x] {first.Kind}: {first.Operation} -> {first.Status}\n  {first.Request}\n  answer: {first.Answer}\n");
        }

        throw new Xunit.Sdk.XunitException(report.ToString());
    }

    public string Summary(TimeSpan elapsed)
    {
        var text = new StringBuilder($"{Sent} requests in {elapsed.TotalSeconds:0.0} s; slowest {_slowest.TotalMilliseconds:0} ms: {_slowestRequest}\n");
        foreach (var (key, count) in _statuses.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  {key}: {count}\n");
        }

        return text.ToString();
    }

    private HttpRequestMessage Message(FuzzRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Operation.Method), new Uri(request.Url(_targets), UriKind.Relative));
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body.Encode(_targets));
            if (body.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
            }
        }

        return message;
    }

    /// <summary>The body as the client would read it: undone the Brotli or gzip an Accept-Encoding asked for.</summary>
    private static async Task<byte[]> DecodedBodyAsync(HttpResponseMessage response)
    {
        var raw = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = response.Content.Headers.ContentEncoding.LastOrDefault() switch
        {
            "br" => new BrotliStream(raw, CompressionMode.Decompress),
            "gzip" => new GZipStream(raw, CompressionMode.Decompress),
            _ => raw,
        };
        using var bytes = new MemoryStream();
        await decoded.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    private static string NameOf(ApiRole? role) => role?.ToString() ?? "anonymous";

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
