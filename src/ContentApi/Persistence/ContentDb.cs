using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ContentApi.Persistence;

/// <summary>The service's database on SQLite; <see cref="PostgresContentDb"/> is the same model on PostgreSQL.</summary>
public class ContentDb : DbContext
{
    public ContentDb(DbContextOptions<ContentDb> options)
        : base(options)
    {
    }

    protected ContentDb(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleSlugAlias> ArticleSlugAliases => Set<ArticleSlugAlias>();
    public DbSet<ArticleByline> ArticleBylines => Set<ArticleByline>();
    public DbSet<ArticleTag> ArticleTags => Set<ArticleTag>();
    public DbSet<ArticleEntity> ArticleEntities => Set<ArticleEntity>();
    public DbSet<ArticlePin> ArticlePins => Set<ArticlePin>();
    public DbSet<ArticleEntityRejection> ArticleEntityRejections => Set<ArticleEntityRejection>();
    public DbSet<EntityCandidate> EntityCandidates => Set<EntityCandidate>();
    public DbSet<EntityCandidateSighting> EntityCandidateSightings => Set<EntityCandidateSighting>();
    public DbSet<ExtractionJob> ExtractionJobs => Set<ExtractionJob>();
    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();
    public DbSet<ImportJobPart> ImportJobParts => Set<ImportJobPart>();
    public DbSet<Byline> Bylines => Set<Byline>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<NamedEntity> Entities => Set<NamedEntity>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ChangeLogEntry> ChangeLog => Set<ChangeLogEntry>();
    public DbSet<ArticleDocumentRow> ArticleDocuments => Set<ArticleDocumentRow>();
    public DbSet<SearchReindex> SearchReindexQueue => Set<SearchReindex>();
    public DbSet<ServiceSecret> ServiceSecrets => Set<ServiceSecret>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookCursor> WebhookCursor => Set<WebhookCursor>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<TrashItem> Trash => Set<TrashItem>();

    public IQueryable<ArticleLink> BylineLinks => ArticleBylines.Select(l => new ArticleLink { ResourceId = l.BylineId, ArticleId = l.ArticleId });
    public IQueryable<ArticleLink> TagLinks => ArticleTags.Select(l => new ArticleLink { ResourceId = l.TagId, ArticleId = l.ArticleId });
    public IQueryable<ArticleLink> EntityLinks => ArticleEntities.Select(l => new ArticleLink { ResourceId = l.EntityId, ArticleId = l.ArticleId, Salience = l.Salience });

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ContentDb).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every stored time is UTC and comes back marked as UTC (SQLite keeps no time zone; PostgreSQL's
        // timestamp with time zone takes only UTC times from Npgsql).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
    }

    /// <summary>A time as it is stored: in UTC. EF stores every time through this, and the dialects' own inserts too.</summary>
    public static DateTime StoredTime(DateTime time) => time.Kind == DateTimeKind.Utc ? time : time.ToUniversalTime();

    public static DateTime? StoredTime(DateTime? time) => time is { } t ? StoredTime(t) : null;

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        toStore => StoredTime(toStore),
        fromStore => DateTime.SpecifyKind(fromStore, DateTimeKind.Utc));
}
