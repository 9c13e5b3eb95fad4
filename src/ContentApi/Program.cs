using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Http.OpenApi;
using ContentApi.Tags;
using FluentValidation;
using Mapster;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddContentData();
builder.Services.AddContentHttp();
builder.Services.AddContentOpenApi();
builder.Services.AddValidatorsFromAssemblyContaining<Program>();
TypeAdapterConfig.GlobalSettings.Apply(new ArticleMapping(), new BylineMapping(), new TagMapping(), new EntityMapping());

var app = builder.Build();

app.UseContentHttp();
app.UseContentOpenApi();

var v1 = app.MapGroup("/v1").WithValidation().AddEndpointFilter<ETagFilter>();
v1.MapArticles();
v1.MapBylines();
v1.MapTags();
v1.MapEntities();
app.MapHealthChecks("/health");

// `dotnet run --project src/ContentApi -- openapi openapi/v1.json` regenerates the contract and exits.
if (args is ["openapi", var path])
{
    await app.WriteOpenApiAsync(path);
    return;
}

await app.MigrateDatabaseAsync();
await app.RunAsync();

public partial class Program;
