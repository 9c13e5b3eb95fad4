using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ContentApi.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EntityExtraction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Mentions",
                table: "ArticleEntities",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "ArticleEntities",
                type: "TEXT",
                nullable: false,
                defaultValue: "Editor");

            migrationBuilder.AddColumn<double>(
                name: "Salience",
                table: "ArticleEntities",
                type: "REAL",
                nullable: false,
                defaultValue: 1.0);

            migrationBuilder.CreateTable(
                name: "ArticleEntityRejections",
                columns: table => new
                {
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: false),
                    EntityId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleEntityRejections", x => new { x.ArticleId, x.EntityId });
                    table.ForeignKey(
                        name: "FK_ArticleEntityRejections_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ArticleEntityRejections_Entities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "Entities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EntityCandidates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 240, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 240, nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    EntityId = table.Column<int>(type: "INTEGER", nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EntityCandidates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EntityCandidates_Entities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "Entities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ExtractionJobs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EntityId = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    QueuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ArticlesScanned = table.Column<int>(type: "INTEGER", nullable: false),
                    ArticlesChanged = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExtractionJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExtractionJobs_Entities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "Entities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EntityCandidateSightings",
                columns: table => new
                {
                    CandidateId = table.Column<int>(type: "INTEGER", nullable: false),
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    SeenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EntityCandidateSightings", x => new { x.CandidateId, x.ArticleId });
                    table.ForeignKey(
                        name: "FK_EntityCandidateSightings_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EntityCandidateSightings_EntityCandidates_CandidateId",
                        column: x => x.CandidateId,
                        principalTable: "EntityCandidates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleEntityRejections_EntityId",
                table: "ArticleEntityRejections",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_EntityCandidates_EntityId",
                table: "EntityCandidates",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_EntityCandidates_Key",
                table: "EntityCandidates",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EntityCandidates_Status",
                table: "EntityCandidates",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_EntityCandidateSightings_ArticleId",
                table: "EntityCandidateSightings",
                column: "ArticleId");

            migrationBuilder.CreateIndex(
                name: "IX_ExtractionJobs_EntityId",
                table: "ExtractionJobs",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_ExtractionJobs_Status_Id",
                table: "ExtractionJobs",
                columns: new[] { "Status", "Id" });

            // Every existing link was an editor's choice (Origin and Salience defaults above). One job over
            // every article then counts their mentions and adds the entities the text names.
            migrationBuilder.Sql("""
                INSERT INTO ExtractionJobs (Status, QueuedAt, ArticlesScanned, ArticlesChanged)
                SELECT 'Queued', strftime('%Y-%m-%d %H:%M:%f', 'now'), 0, 0 WHERE EXISTS (SELECT 1 FROM Articles);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArticleEntityRejections");

            migrationBuilder.DropTable(
                name: "EntityCandidateSightings");

            migrationBuilder.DropTable(
                name: "ExtractionJobs");

            migrationBuilder.DropTable(
                name: "EntityCandidates");

            migrationBuilder.DropColumn(
                name: "Mentions",
                table: "ArticleEntities");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "ArticleEntities");

            migrationBuilder.DropColumn(
                name: "Salience",
                table: "ArticleEntities");
        }
    }
}
