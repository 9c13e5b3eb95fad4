using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentApi.Persistence.Configurations;

internal sealed class NamedEntityConfiguration : IEntityTypeConfiguration<NamedEntity>
{
    public void Configure(EntityTypeBuilder<NamedEntity> entity)
    {
        entity.ToTable("Entities");
        entity.HasIndex(e => e.Slug).IsUnique();
        entity.HasIndex(e => e.WikidataId);
        entity.Property(e => e.Slug).HasMaxLength(Limits.Slug);
        entity.Property(e => e.Name).HasMaxLength(Limits.Name);
        entity.Property(e => e.Description).HasMaxLength(Limits.Description);
        entity.Property(e => e.WikidataId).HasMaxLength(20);
        entity.Property(e => e.GeoNamesId).HasMaxLength(20);
        entity.Property(e => e.Version).IsConcurrencyToken();
    }
}
