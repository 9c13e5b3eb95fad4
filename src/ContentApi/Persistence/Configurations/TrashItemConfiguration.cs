using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentApi.Persistence.Configurations;

internal sealed class TrashItemConfiguration : IEntityTypeConfiguration<TrashItem>
{
    public void Configure(EntityTypeBuilder<TrashItem> item)
    {
        item.ToTable("Trash");
        item.Property(i => i.Slug).HasMaxLength(Limits.Slug);
        item.Property(i => i.Name).HasMaxLength(Limits.Headline);
        item.Property(i => i.DeletedByName).HasMaxLength(Limits.Name);
        // What the purge finds expired.
        item.HasIndex(i => i.DeletedAt);
    }
}
