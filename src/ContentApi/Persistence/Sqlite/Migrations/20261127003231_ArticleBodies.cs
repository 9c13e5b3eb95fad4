using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentApi.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ArticleBodies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArticleBodies",
                columns: table => new
                {
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Markdown = table.Column<string>(type: "TEXT", nullable: false),
                    Html = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleBodies", x => x.ArticleId);
                    table.ForeignKey(
                        name: "FK_ArticleBodies_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Bodies move with their articles before the columns go.
            migrationBuilder.Sql("""
                INSERT INTO ArticleBodies (ArticleId, Markdown, Html, Text)
                SELECT Id, BodyMarkdown, BodyHtml, BodyText FROM Articles;
                """);

            // SQLite drops these columns in place (ALTER TABLE ... DROP COLUMN). EF Core's DropColumn would
            // rebuild the table instead, at the end of the migration, losing its search-delete trigger.
            migrationBuilder.Sql("ALTER TABLE Articles DROP COLUMN BodyHtml;");
            migrationBuilder.Sql("ALTER TABLE Articles DROP COLUMN BodyMarkdown;");
            migrationBuilder.Sql("ALTER TABLE Articles DROP COLUMN BodyText;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BodyHtml",
                table: "Articles",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BodyMarkdown",
                table: "Articles",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BodyText",
                table: "Articles",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("""
                UPDATE Articles SET
                    BodyMarkdown = (SELECT Markdown FROM ArticleBodies WHERE ArticleId = Articles.Id),
                    BodyHtml = (SELECT Html FROM ArticleBodies WHERE ArticleId = Articles.Id),
                    BodyText = (SELECT Text FROM ArticleBodies WHERE ArticleId = Articles.Id);
                """);

            migrationBuilder.DropTable(
                name: "ArticleBodies");
        }
    }
}
