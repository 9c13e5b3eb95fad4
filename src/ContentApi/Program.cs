using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Feeds;
using ContentApi.Http.OpenApi;
using ContentApi.Related;
using ContentApi.Revisions;
using ContentApi.Syndication;
using ContentApi.Tags;
using ContentApi.Transfer;
using ContentApi.Trash;
using FluentValidation;
using Mapster;

if (args is ["healthcheck", ..])
{
    return await HealthProbe.RunAsync(args.ElementAtOrDefault(1) ?? HealthProbe.DefaultUrl);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddContentData();
builder.Services.AddContentHttp();
builder.Services.AddContentAccess(builder.Configuration);
builder.Services.AddContentOpenApi();
builder.Services.AddValidatorsFromAssemblyContaining<Program>();
builder.Services.AddScoped<ContentImporter>();
builder.Services.AddHostedService<ExtractionJobRunner>();
builder.Services.AddHostedService<ReachClock>();
builder.Services.AddOptions<RelatedOptions>().BindConfiguration("Related");
builder.Services.AddFeeds();
builder.Services.AddTrash();
TypeAdapterConfig.GlobalSettings.AddContentMaps();

var app = builder.Build();

app.UseContentHttp();
app.UseContentOpenApi();
app.UseContentAccess();

var v1 = app.MapGroup("/v1").WithValidation().AddEndpointFilter<ETagFilter>();
v1.MapArticles();
v1.MapRevisions();
v1.MapRelated();
v1.MapSync();
v1.MapBylines();
v1.MapTags();
v1.MapEntities();
v1.MapFeeds();
v1.MapKeys();
v1.MapTransfer();
v1.MapTrash();
app.MapHealthChecks("/health").AllowAnonymous();

// `dotnet run --project src/ContentApi -- openapi [path]` regenerates the contract and exits.
if (args is ["openapi", ..] && args.Length <= 2)
{
    await app.WriteOpenApiAsync(args.ElementAtOrDefault(1));
    return 0;
}

await app.MigrateDatabaseAsync();

// `dotnet run --project src/ContentApi -- keys create --role admin --name "First admin"` (see KeyCommands).
if (args is ["keys", ..])
{
    return await KeyCommands.RunAsync(app.Services, args[1..], Console.Out);
}

// `import FILE.ndjson` / `export FILE.ndjson` (see TransferCommands).
if (args is ["import" or "export", ..])
{
    return await TransferCommands.RunAsync(app.Services, args, Console.Out);
}

await app.PrepareChangeLogAsync();
await app.LoadArticleCatalogAsync();
await app.HintFirstAdminKeyAsync();
await app.RunAsync();
return 0;

public partial class Program;
