using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentApi.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class KeyTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArticleKeyTerms",
                columns: table => new
                {
                    ArticleId = table.Column<int>(type: "integer", nullable: false),
                    Terms = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleKeyTerms", x => x.ArticleId);
                    table.ForeignKey(
                        name: "FK_ArticleKeyTerms_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Articles written before key terms get an empty row, and one job over every article chooses their terms
            // (ExtractionJobRunner), once: after that every write keeps them.
            migrationBuilder.Sql("""INSERT INTO "ArticleKeyTerms" ("ArticleId", "Terms") SELECT "Id", '' FROM "Articles";""");
            migrationBuilder.Sql("""
                INSERT INTO "ExtractionJobs" ("Status", "QueuedAt", "ArticlesScanned", "ArticlesChanged")
                SELECT 'Queued', now(), 0, 0 WHERE EXISTS (SELECT 1 FROM "Articles");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleKeyTerms");
        }
    }
}
