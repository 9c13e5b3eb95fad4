using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace ContentApi.Http.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

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
                    + "Errors are RFC 9457 problem details; every representation carries an ETag.",
            });
            o.SupportNonNullableReferenceTypes();
            o.OperationFilter<HttpConventionsOperationFilter>();
            o.OperationFilter<ExamplesOperationFilter>();
        });
        return services;
    }

    public static WebApplication UseContentOpenApi(this WebApplication app)
    {
        app.UseSwagger(o => o.RouteTemplate = "openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
        {
            app.UseSwaggerUI(o => o.SwaggerEndpoint(DocumentPath, "ContentApi v1"));
        }

        return app;
    }

    /// <summary>Writes the OpenAPI document the service serves to a file: how openapi/v1.json is regenerated.</summary>
    public static async Task WriteOpenApiAsync(this WebApplication app, string path)
    {
        var document = app.Services.GetRequiredService<ISwaggerProvider>().GetSwagger(DocumentName);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0);
        await File.WriteAllTextAsync(path, json + "\n");
    }
}
