using System.Text.Json.Nodes;
using ContentApi.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ContentApi.OpenApi;

/// <summary>Endpoint metadata: the operation's successful responses may carry this Link header.</summary>
public sealed record ResponseLinkHeader(string Description);

/// <summary>
/// Documents what every operation shares: conditional-request headers, ETag and Location response
/// headers (Location on 308 redirects too), 304 for reads, 414/431 (and 503 on timeouts) for all, and 413/415 for operations with a body.
/// </summary>
public sealed class HttpConventionsOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var method = context.ApiDescription.HttpMethod ?? "";
        operation.Parameters ??= [];
        operation.Responses ??= [];

        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            parameter.Description ??= parameter.Name switch
            {
                "idOrSlug" => "The resource's id (digits) or its slug; an article's former slug also works.",
                "id" => "The resource's id.",
                _ => null,
            };
        }

        if (HttpMethods.IsGet(method))
        {
            operation.Parameters.Add(Header("If-None-Match", "ETag of a representation you hold; if it is still current the answer is 304 with no body."));
            operation.Responses["304"] = new OpenApiResponse { Description = "Not Modified: the representation named in If-None-Match is current." };
        }
        else
        {
            if (operation.Responses.ContainsKey("412"))
            {
                operation.Parameters.Add(Header("If-Match", "ETag from your last GET; the write is refused with 412 if the resource has changed since."));
            }

            var secrets = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RedactedInReplays>().FirstOrDefault();
            operation.Parameters.Add(Header(Idempotency.Header,
                "Any unique string (a UUID): a retry with the same key and request gets the first answer, marked Idempotent-Replayed, instead of writing again. Kept for Idempotency:Retention."
                + (secrets is null ? "" : $" The answer's {string.Join(" and ", secrets.Properties)} is shown once and never kept: a replay leaves it out.")));
            var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
            operation.Responses.TryAdd("400", ProblemResponse(BadRequest, problem));
            operation.Responses.TryAdd("409", ProblemResponse("Conflict: among others, the first request with this Idempotency-Key is still being processed.", problem));
            operation.Responses["422"] = ProblemResponse("Unprocessable Content: this Idempotency-Key was used for a different request.", problem);
        }

        foreach (var (code, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete || code is not ("200" or "201"))
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers["ETag"] = new OpenApiHeader
            {
                Description = "Entity tag of this representation, for If-None-Match and If-Match.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
            foreach (var link in context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ResponseLinkHeader>())
            {
                concrete.Headers["Link"] = new OpenApiHeader
                {
                    Description = link.Description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }

            if (code == "201")
            {
                concrete.Headers["Location"] = new OpenApiHeader
                {
                    Description = "Address of the created resource.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            }
        }

        if (operation.Responses.TryGetValue("308", out var moved) && moved is OpenApiResponse redirect)
        {
            redirect.Description = "Permanent Redirect: a former slug; the same request at the current address is in Location.";
            redirect.Headers ??= new Dictionary<string, IOpenApiHeader>();
            redirect.Headers["Location"] = new OpenApiHeader
            {
                Description = "The current address, with the same query string.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
            };
        }

        if (operation.RequestBody?.Content?.TryGetValue(JsonMergePatch.MediaType, out var patch) == true
            && patch is OpenApiMediaType patchMedia && ExamplesOperationFilter.RequestType(context) is { } patched)
        {
            // A merge patch is any subset of the request's fields; null clears a field.
            patchMedia.Schema = context.SchemaGenerator.GenerateSchema(patched, context.SchemaRepository);
            operation.Description = "Send any subset of the request's fields as application/merge-patch+json (RFC 7396): "
                + "fields present replace the current values, null clears a field, absent fields are kept. "
                + "The result is validated like a full replacement.";
        }

        DocumentAccess(operation, context);

        if (operation.Responses.TryGetValue("400", out var badRequest) && badRequest is OpenApiResponse invalid)
        {
            invalid.Description = HttpMethods.IsGet(method) ? BadRequest.Replace(WriteOnly, "", StringComparison.Ordinal) : BadRequest;
        }

        var limits = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses["414"] = ProblemResponse("URI Too Long: the query string exceeds Http:MaxQueryStringLength.", limits);
        operation.Responses["431"] = ProblemResponse("Request Header Fields Too Large: the headers exceed Http:MaxRequestHeadersBytes.", limits);
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Timeouts.DisableRequestTimeoutAttribute>().Any())
        {
            operation.Responses["503"] = ProblemResponse("Service Unavailable: the request took longer than Http:RequestTimeout and was abandoned; retry.", limits);
        }

        if (operation.RequestBody is not null)
        {
            var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
            operation.Responses["413"] = ProblemResponse("Content Too Large: the body exceeds Http:MaxRequestBodyBytes.", problem);
            operation.Responses["415"] = ProblemResponse("Unsupported Media Type: send JSON (application/json).", problem);
        }
    }

    /// <summary>
    /// Who may call the operation (x-required-policy: read, edit or admin, from its authorization
    /// metadata), the key schemes it accepts, and the rate-limit headers and 429 every /v1 operation has.
    /// </summary>
    private static void DocumentAccess(OpenApiOperation operation, OperationFilterContext context)
    {
        var policy = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(a => a.Policy).LastOrDefault(p => p is not null);
        if (policy is null)
        {
            return;
        }

        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions["x-required-policy"] = new JsonNodeExtension(JsonValue.Create(policy));
        operation.Security ??= [];
        foreach (var scheme in new[] { OpenApiSetup.BearerScheme, OpenApiSetup.HeaderScheme })
        {
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
        }

        if (policy == Policies.Read)
        {
            // Anonymous reads are on by default: an empty requirement says no key is needed.
            operation.Security.Add(new OpenApiSecurityRequirement());
        }

        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses!["429"] = ProblemResponse("Too Many Requests: wait for the seconds in Retry-After.", problem);
        foreach (var (_, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers["RateLimit-Limit"] = IntegerHeader("Requests this caller may make per window.");
            concrete.Headers["RateLimit-Remaining"] = IntegerHeader("Requests left in the current window.");
            concrete.Headers["RateLimit-Reset"] = IntegerHeader("Seconds until the window resets.");
        }

        if (operation.Responses["429"] is OpenApiResponse tooMany)
        {
            tooMany.Headers!["Retry-After"] = IntegerHeader("Seconds to wait before retrying.");
        }
    }

    private const string WriteOnly = ", an Idempotency-Key that is not 1-255 visible ASCII characters";

    /// <summary>Every operation's 400: what the API refuses, and the one 400 the server sends before the API sees the request.</summary>
    private const string BadRequest = "Bad Request: a query parameter the operation does not take (the problem lists the ones it takes), "
        + "a parameter or body that fails validation (errors by field)" + WriteOnly + ". A path with an encoded NUL (%00) is refused "
        + "by the server before the API sees it: 400 with an empty body.";

    private static OpenApiHeader IntegerHeader(string description) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
    };

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiResponse ProblemResponse(string description, IOpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>
        {
            ["application/problem+json"] = new OpenApiMediaType { Schema = schema },
        },
    };
}
