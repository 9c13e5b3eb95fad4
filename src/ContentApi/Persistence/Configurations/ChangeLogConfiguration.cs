using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentApi.Persistence.Configurations;

internal sealed class ChangeLogConfiguration : IEntityTypeConfiguration<ChangeLogEntry>
{
    public void Configure(EntityTypeBuilder<ChangeLogEntry> entry)
    {
        entry.ToTable("ChangeLog");
        entry.HasKey(e => e.Sequence);
        entry.Property(e => e.Sequence).ValueGeneratedOnAdd();
        entry.Property(e => e.Slug).HasMaxLength(Limits.Slug);
        entry.Property(e => e.SlugBefore).HasMaxLength(Limits.Slug);
        entry.Ignore(e => e.SlugLastSeen);
        entry.Property(e => e.Origin).HasMaxLength(32);
        // Flags are numbers so queries can test one audience's bit.
        entry.Property(e => e.Before).HasConversion<int>();
        entry.Property(e => e.After).HasConversion<int>();
        entry.Property(e => e.Resource).HasMaxLength(16).HasDefaultValue(ChangedResource.Article).HasSentinel(ChangedResource.Article);
        // An article's history, newest last: tombstones and webhook events look up what came before.
        entry.HasIndex(e => new { e.ResourceId, e.Sequence });
    }
}

internal sealed class ArticleDocumentConfiguration : IEntityTypeConfiguration<ArticleDocumentRow>
{
    public void Configure(EntityTypeBuilder<ArticleDocumentRow> document)
    {
        document.ToTable("ArticleDocuments");
        document.HasKey(d => d.ArticleId);
        document.Property(d => d.ArticleId).ValueGeneratedNever();
        document.HasOne<Article>().WithOne().HasForeignKey<ArticleDocumentRow>(d => d.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SearchReindexConfiguration : IEntityTypeConfiguration<SearchReindex>
{
    public void Configure(EntityTypeBuilder<SearchReindex> queued)
    {
        queued.ToTable("SearchReindexQueue");
        queued.HasKey(q => q.ArticleId);
        queued.Property(q => q.ArticleId).ValueGeneratedNever();
    }
}

internal sealed class ServiceSecretConfiguration : IEntityTypeConfiguration<ServiceSecret>
{
    public void Configure(EntityTypeBuilder<ServiceSecret> secret)
    {
        secret.HasKey(s => s.Name);
        secret.Property(s => s.Name).HasMaxLength(Limits.Name);
    }
}
