using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace ContentApi.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string BearerScheme = "bearer";
    public const string HeaderScheme = "apiKeyHeader";

    public static IServiceCollection AddContentOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "ContentApi",
                Version = "v1",
                Description = "A headless content API for a newsroom: articles with bylines, tags and named entities. "
                    + "Errors are RFC 9457 problem details; every representation carries an ETag. "
                    + "Each resource has one address: a path with a trailing slash answers 308 Permanent Redirect to the path without it, "
                    + "and a method a path does not have answers 405 Method Not Allowed with an Allow header listing the ones it has. "
                    + "An operation refuses query parameters it does not take (400, naming the ones it takes). "
                    + "A path with an encoded NUL (%00) is refused by the server itself with an empty 400.",
            });
            o.SupportNonNullableReferenceTypes();
            o.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key sent as 'Authorization: Bearer <key>'. Admins make keys with POST /v1/keys or the keys CLI command.",
            });
            o.AddSecurityDefinition(HeaderScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "The same API key, sent in the X-Api-Key header.",
            });
            o.SchemaFilter<NullableReferencesSchemaFilter>();
            o.ParameterFilter<DescriptionParameterFilter>();
            o.OperationFilter<HttpConventionsOperationFilter>();
            o.OperationFilter<ExamplesOperationFilter>();
            o.OperationFilter<OperationDescriptionFilter>();
            o.DocumentFilter<UnusedSchemasDocumentFilter>();
            o.DocumentFilter<DocumentInfoFilter>();
        });
        services.AddSingleton<OpenApiDocumentFile>();
        return services;
    }

    /// <summary>
    /// Serves the document at /openapi/v1.json as an endpoint, after the rate limits like any request: built once (some
    /// 1 MB of JSON took a quarter of a second of CPU to make), with an ETag (If-None-Match gets 304).
    /// </summary>
    public static WebApplication UseContentOpenApi(this WebApplication app)
    {
        app.MapGet(DocumentPath, ServeDocumentAsync).ExcludeFromDescription().RefuseUnknownQueryParameters().AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            app.UseSwaggerUI(o => o.SwaggerEndpoint(DocumentPath, "ContentApi v1"));
        }

        return app;
    }

    /// <summary>
    /// Writes the OpenAPI document the service serves to a file: how openapi/v1.json is regenerated.
    /// Without a path it goes to openapi/v1.json at the top of the repository.
    /// </summary>
    public static async Task WriteOpenApiAsync(this WebApplication app, string? path)
    {
        path ??= Path.Combine(RepositoryRoot(app.Environment.ContentRootPath), "openapi", "v1.json");

        // Endpoints reach the API explorer when the app starts: start it on a throwaway loopback port.
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        await File.WriteAllBytesAsync(path, (await app.Services.GetRequiredService<OpenApiDocumentFile>().GetAsync()).Json);
        await app.StopAsync();
        Console.WriteLine($"Wrote {Path.GetFullPath(path)}");
    }

    private static async Task<FileContentHttpResult> ServeDocumentAsync(OpenApiDocumentFile document, HttpResponse response)
    {
        var (json, etag) = await document.GetAsync();
        response.Headers.CacheControl = "public, max-age=300";
        // A file result answers If-None-Match itself: 304 when the ETag is the one sent.
        return TypedResults.Bytes(json, "application/json; charset=utf-8", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(etag));
    }

    private static string RepositoryRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ContentApi.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No ContentApi.sln above {start}: pass the output path explicitly.");
    }
}

/// <summary>
/// The OpenAPI document as served and as committed (openapi/v1.json): made from the endpoints the first time it is asked
/// for, then kept, with its ETag (a hash of the bytes).
/// </summary>
public sealed class OpenApiDocumentFile(ISwaggerProvider swagger)
{
    private readonly Lazy<Task<(byte[] Json, string ETag)>> _document = new(async () =>
    {
        var json = System.Text.Encoding.UTF8.GetBytes(await swagger.GetSwagger(OpenApiSetup.DocumentName).SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0) + "\n");
        return (json, $"\"{Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Security.Cryptography.SHA256.HashData(json))}\"");
    });

    public Task<(byte[] Json, string ETag)> GetAsync() => _document.Value;
}
