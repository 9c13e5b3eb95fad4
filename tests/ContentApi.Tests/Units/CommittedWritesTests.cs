using ContentApi.Data;

namespace ContentApi.Tests.Units;

public sealed class CommittedWritesTests
{
    [Theory]
    [InlineData("SELECT * FROM Articles")]
    [InlineData("  select 1")]
    [InlineData("PRAGMA mmap_size=0;")]
    [InlineData("EXPLAIN QUERY PLAN SELECT 1")]
    [InlineData("-- a tag\n\nSELECT 1")]
    public void Queries_AreNotWrites(string sql) => Assert.False(CommittedWrites.IsWrite(sql));

    [Theory]
    [InlineData("INSERT INTO Tags (Name) VALUES ('x') RETURNING Id")]
    [InlineData("UPDATE Articles SET Headline = 'x'")]
    [InlineData("DELETE FROM Articles")]
    [InlineData("-- a tag\nUPDATE Articles SET Headline = 'x'")]
    [InlineData("WITH t AS (SELECT 1) INSERT INTO Tags SELECT * FROM t")]
    [InlineData("CREATE TABLE x (y)")]
    public void EverythingElse_IsAWrite(string sql) => Assert.True(CommittedWrites.IsWrite(sql));
}
