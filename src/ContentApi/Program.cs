using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Backups;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Feeds;
using ContentApi.Mapping;
using ContentApi.OpenApi;
using ContentApi.Related;
using ContentApi.Changes;
using ContentApi.ReadModel;
using ContentApi.Revisions;
using ContentApi.Syndication;
using ContentApi.Tags;
using ContentApi.Transfer;
using ContentApi.Trash;
using ContentApi.Webhooks;
using FluentValidation;
using Mapster;

if (args is ["healthcheck", ..])
{
    return await HealthProbe.RunAsync(args.ElementAtOrDefault(1) ?? HealthProbe.DefaultUrl);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddContentData(builder.Configuration);
builder.Services.AddReadModel();
builder.Services.AddContentChanges();
builder.Services.AddArticles();
builder.Services.AddContentHttp();
builder.Services.AddContentHealth();
builder.Services.AddIdempotency();
builder.Services.AddContentAccess(builder.Configuration);
builder.Services.AddContentOpenApi();
builder.Services.AddContentValidators();
builder.Services.AddScoped<ContentImporter>();
builder.Services.AddHostedService<ExtractionJobRunner>();
builder.Services.AddWebhooks();
builder.Services.AddRelated();
builder.Services.AddFeeds();
builder.Services.AddSearchLimits();
builder.Services.AddEntityRoutes();
builder.Services.AddTrash();
TypeAdapterConfig.GlobalSettings.AddContentMaps();

if (args is ["openapi", ..])
{
    // Writing the contract only reads the endpoints: none of the service's background work, against a database it never migrates.
    // (The change log follower is registered through a factory, so it has no implementation type to tell it by.)
    foreach (var worker in builder.Services.Where(d => d.ServiceType == typeof(IHostedService)
        && (d.ImplementationType?.Namespace?.StartsWith("ContentApi", StringComparison.Ordinal) == true || d.ImplementationFactory is not null)).ToList())
    {
        builder.Services.Remove(worker);
    }
}

var app = builder.Build();

app.UseContentHttp();
app.UseContentOpenApi();
app.UseContentAccess();
app.UseIdempotency();
app.UseResponseCache();

var v1 = app.MapGroup("/v1").RefuseUnknownQueryParameters().WithValidation().AddEndpointFilter<ETagFilter>();
v1.MapArticles();
v1.MapRevisions();
v1.MapRelated();
v1.MapSuggestions();
v1.MapSync();
v1.MapBylines();
v1.MapTags();
v1.MapEntities();
v1.MapFeeds();
v1.MapKeys();
v1.MapWebhooks();
v1.MapTransfer();
v1.MapBackups();
v1.MapTrash();
app.MapContentHealth();

// `dotnet run --project src/ContentApi -- openapi [path]` regenerates the contract and exits.
if (args is ["openapi", ..] && args.Length <= 2)
{
    await app.WriteOpenApiAsync(args.ElementAtOrDefault(1));
    return 0;
}

// `backup [FILE]` / `restore FILE` (see BackupCommands); restore replaces the file, so it runs before anything opens it.
if (args is ["backup" or "restore", ..])
{
    return await BackupCommands.RunAsync(app.Services, app.Configuration, args, Console.Out);
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

await app.PrepareReadsAsync();
await app.HintFirstAdminKeyAsync();
await app.RunAsync();
return 0;

public partial class Program;
