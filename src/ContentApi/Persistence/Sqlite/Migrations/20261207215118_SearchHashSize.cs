using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentApi.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SearchHashSize : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // FTS5 writes the terms it holds in memory out as a new segment of the index whenever they pass its hash size
            // (1 MB by default), and merges segments as they pile up. An import's batch of 500 articles passed it several
            // times: the 100k import spent about 36 s indexing, and about 31 s with 16 MB (one segment a batch). The memory
            // is only held while a write transaction indexes that much.
            migrationBuilder.Sql("INSERT INTO ArticleSearch (ArticleSearch, rank) VALUES ('hashsize', 16777216);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("INSERT INTO ArticleSearch (ArticleSearch, rank) VALUES ('hashsize', 1048576);");
        }
    }
}
