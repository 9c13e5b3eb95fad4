using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentApi.Persistence.Configurations;

internal sealed class ArticleEntityRejectionConfiguration : IEntityTypeConfiguration<ArticleEntityRejection>
{
    public void Configure(EntityTypeBuilder<ArticleEntityRejection> rejection)
    {
        rejection.ToTable("ArticleEntityRejections");
        rejection.HasKey(r => new { r.ArticleId, r.EntityId });
        rejection.HasIndex(r => r.EntityId);
        rejection.HasOne<Article>().WithMany(a => a.EntityRejections).HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // A rejection says nothing once its entity is gone; it never keeps an entity from being deleted.
        rejection.HasOne(r => r.Entity).WithMany().HasForeignKey(r => r.EntityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EntityCandidateConfiguration : IEntityTypeConfiguration<EntityCandidate>
{
    public void Configure(EntityTypeBuilder<EntityCandidate> candidate)
    {
        candidate.ToTable("EntityCandidates");
        candidate.HasIndex(c => c.Key).IsUnique();
        candidate.HasIndex(c => c.Status);
        candidate.Property(c => c.Key).HasMaxLength(Limits.Name * 2);
        candidate.Property(c => c.Text).HasMaxLength(Limits.Name * 2);
        candidate.HasOne<NamedEntity>().WithMany().HasForeignKey(c => c.EntityId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class EntityCandidateSightingConfiguration : IEntityTypeConfiguration<EntityCandidateSighting>
{
    public void Configure(EntityTypeBuilder<EntityCandidateSighting> sighting)
    {
        sighting.ToTable("EntityCandidateSightings");
        sighting.HasKey(s => new { s.CandidateId, s.ArticleId });
        sighting.HasIndex(s => s.ArticleId);
        sighting.HasOne(s => s.Candidate).WithMany().HasForeignKey(s => s.CandidateId).OnDelete(DeleteBehavior.Cascade);
        sighting.HasOne(s => s.Article).WithMany().HasForeignKey(s => s.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExtractionJobConfiguration : IEntityTypeConfiguration<ExtractionJob>
{
    public void Configure(EntityTypeBuilder<ExtractionJob> job)
    {
        job.ToTable("ExtractionJobs");
        job.HasIndex(j => new { j.Status, j.Id });
        job.Property(j => j.Error).HasMaxLength(Limits.Description);
        job.Property(j => j.LeaseHolder).HasMaxLength(64);
        job.HasOne(j => j.Entity).WithMany().HasForeignKey(j => j.EntityId).OnDelete(DeleteBehavior.Cascade);
    }
}
