using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentApi.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text index of articles (see ArticleSearchIndex): rowid is the article id.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE ArticleSearch USING fts5(
                    Headline, Standfirst, Body, Names,
                    tokenize = 'unicode61 remove_diacritics 2',
                    prefix = '2 3');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ArticleSearchDelete AFTER DELETE ON Articles
                BEGIN
                    DELETE FROM ArticleSearch WHERE rowid = old.Id;
                END;
                """);
            migrationBuilder.Sql("""
                INSERT INTO ArticleSearch (rowid, Headline, Standfirst, Body, Names)
                SELECT a.Id, a.Headline, COALESCE(a.Standfirst, ''), a.BodyText, '' FROM Articles a;
                """);
            migrationBuilder.DropIndex(
                name: "IX_Articles_Status_PublishedAt",
                table: "Articles");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Headline_Id",
                table: "Articles",
                columns: new[] { "Headline", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Language_PublishedAt",
                table: "Articles",
                columns: new[] { "Language", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_PublishedAt_Id",
                table: "Articles",
                columns: new[] { "PublishedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Section_PublishedAt",
                table: "Articles",
                columns: new[] { "Section", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_UpdatedAt_Id",
                table: "Articles",
                columns: new[] { "UpdatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ArticleSearchDelete;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS ArticleSearch;");
            migrationBuilder.DropIndex(
                name: "IX_Articles_Headline_Id",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_Language_PublishedAt",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_PublishedAt_Id",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_Section_PublishedAt",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_UpdatedAt_Id",
                table: "Articles");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Status_PublishedAt",
                table: "Articles",
                columns: new[] { "Status", "PublishedAt" });
        }
    }
}
