using ContentApi.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ContentApi.OpenApi;

/// <summary>
/// Every operation has a description: the one its endpoint gives (WithDescription), or one made from what the document
/// knows of it: its summary, who may call it, and the conventions it follows (conditional requests, paging, safe retries).
/// Runs after <see cref="HttpConventionsOperationFilter"/>, whose parameters it reads.
/// </summary>
public sealed class OperationDescriptionFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(operation.Description))
        {
            parts.Add(operation.Description);
        }
        else if (operation.Summary is { Length: > 0 } summary)
        {
            parts.Add(summary.TrimEnd('.') + ".");
        }

        var policy = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
        parts.Add(policy switch
        {
            Policies.Read => "Any caller: no key while Access:AnonymousReads is on, or any key; each sees only what its role may (drafts and embargoes for editors, syndicated articles for partners).",
            Policies.Edit => "Editor and admin keys.",
            Policies.Admin => "Admin keys only.",
            Policies.Webhooks => "Partner keys (their own webhooks) and admin keys (every webhook).",
            _ => "",
        });

        var parameters = operation.Parameters?.Select(p => p.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        if (parameters.Contains("cursor"))
        {
            parts.Add("A page at a time: follow next (or pass nextCursor as cursor) until it is null.");
        }

        if (parameters.Contains("If-None-Match"))
        {
            parts.Add("The answer carries an ETag; sent back in If-None-Match, it gets 304 while nothing changed.");
        }

        if (parameters.Contains("If-Match"))
        {
            parts.Add("Send the ETag you read as If-Match to be refused with 412 if someone changed it since.");
        }

        if (parameters.Contains(Idempotency.Header))
        {
            parts.Add("An Idempotency-Key makes a retry safe: it gets the first answer instead of writing again.");
        }

        operation.Description = string.Join(' ', parts.Where(p => p.Length > 0));
    }
}
