using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentApi.Persistence.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.HasKey(r => new { r.CallerKeyId, r.Key });
        record.Property(r => r.Key).HasMaxLength(Idempotency.MaxKeyLength);
        record.HasIndex(r => r.ExpiresAt);
    }
}
