using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentApi.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReadModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "ArticleId",
                table: "ChangeLog",
                newName: "ResourceId");

            migrationBuilder.RenameIndex(
                name: "IX_ChangeLog_ArticleId_Sequence",
                table: "ChangeLog",
                newName: "IX_ChangeLog_ResourceId_Sequence");

            migrationBuilder.AddColumn<string>(
                name: "Keys",
                table: "ChangeLog",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Resource",
                table: "ChangeLog",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Article");

            migrationBuilder.CreateTable(
                name: "ArticleDocuments",
                columns: table => new
                {
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    RendererVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Facts = table.Column<string>(type: "TEXT", nullable: false),
                    Teaser = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Head = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Tail = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleDocuments", x => x.ArticleId);
                    table.ForeignKey(
                        name: "FK_ArticleDocuments_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SearchReindexQueue",
                columns: table => new
                {
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchReindexQueue", x => x.ArticleId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleDocuments");

            migrationBuilder.DropTable(
                name: "SearchReindexQueue");

            migrationBuilder.DropColumn(
                name: "Keys",
                table: "ChangeLog");

            migrationBuilder.DropColumn(
                name: "Resource",
                table: "ChangeLog");

            migrationBuilder.RenameColumn(
                name: "ResourceId",
                table: "ChangeLog",
                newName: "ArticleId");

            migrationBuilder.RenameIndex(
                name: "IX_ChangeLog_ResourceId_Sequence",
                table: "ChangeLog",
                newName: "IX_ChangeLog_ArticleId_Sequence");
        }
    }
}
