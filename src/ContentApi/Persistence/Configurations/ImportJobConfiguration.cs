using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentApi.Persistence.Configurations;

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> job)
    {
        job.ToTable("ImportJobs");
        job.HasIndex(j => new { j.Status, j.Id });
        job.Property(j => j.Format).HasMaxLength(16);
        job.Property(j => j.AuthorName).HasMaxLength(Limits.Name);
        job.Property(j => j.Error).HasMaxLength(Limits.Description);
        job.Property(j => j.LeaseHolder).HasMaxLength(64);
    }
}

internal sealed class ImportJobPartConfiguration : IEntityTypeConfiguration<ImportJobPart>
{
    public void Configure(EntityTypeBuilder<ImportJobPart> part)
    {
        part.ToTable("ImportJobParts");
        part.HasKey(p => new { p.JobId, p.Number });
        part.HasOne<ImportJob>().WithMany().HasForeignKey(p => p.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
