using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Backups;
using ContentApi.Bylines;
using ContentApi.Changes;
using ContentApi.Cli;
using ContentApi.Entities;
using ContentApi.Feeds;
using ContentApi.Mapping;
using ContentApi.OpenApi;
using ContentApi.ReadModel;
using ContentApi.Related;
using ContentApi.Revisions;
using ContentApi.Syndication;
using ContentApi.Tags;
using ContentApi.Telemetry;
using ContentApi.Transfer;
using ContentApi.Trash;
using ContentApi.Webhooks;
using FluentValidation;
using Mapster;

// `ContentApi COMMAND ...` runs a command and exits (see Cli/ContentCommandLine); anything else serves the API.
if (ContentCommandLine.IsCommand(args))
{
    WebApplication? built = null;
    try
    {
        return await ContentCommandLine.RunAsync(args, async needs => built ??= await BuildAsync([], needs),
            Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
    }
    finally
    {
        if (built is not null)
        {
            await built.DisposeAsync();
        }
    }
}

var app = await BuildAsync(args, AppNeeds.MigratedDatabase);
await app.PrepareReadsAsync();
await app.HintFirstAdminKeyAsync();
await app.RunAsync();
return 0;

static async Task<WebApplication> BuildAsync(string[] args, AppNeeds needs)
{
    // Settings are read once, at start. Watching them for changes watches the whole content root, where the default
    // database lives (data/content.db): every page SQLite wrote woke the watcher, 10% of a bulk import's time.
    var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
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
    builder.Services.AddImportJobs();
    builder.Services.AddHostedService<ExtractionJobRunner>();
    builder.Services.AddWebhooks();
    builder.Services.AddRelated();
    builder.Services.AddFeeds();
    builder.Services.AddSearchLimits();
    builder.Services.AddEntityRoutes();
    builder.Services.AddTrash();
    builder.Services.AddContentTelemetry(builder.Configuration);
    TypeAdapterConfig.GlobalSettings.AddContentMaps();

    if (needs == AppNeeds.Endpoints)
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

    app.UseContentTelemetry();
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

    if (needs == AppNeeds.MigratedDatabase)
    {
        await app.MigrateDatabaseAsync();
    }

    return app;
}

public partial class Program;
