using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformFlow.Workflows.Data.Migrations
{
    /// <inheritdoc />
    public partial class LedgerSkeleton : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ProvinceId",
                table: "Universities",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ProvinceId",
                table: "RoleAssignments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LedgerRounds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProvinceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", nullable: false),
                    PeriodFrom = table.Column<long>(type: "INTEGER", nullable: false),
                    PeriodTo = table.Column<long>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedByUserId = table.Column<string>(type: "TEXT", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerRounds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LedgerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmittedByUserId = table.Column<string>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SnapshotJson = table.Column<string>(type: "TEXT", nullable: false),
                    ReopenedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReopenedByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    ReopenReason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Provinces",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Provinces", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UniversityLedgers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoundId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UniversityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReportBasic = table.Column<string>(type: "TEXT", nullable: false),
                    ReportRules = table.Column<string>(type: "TEXT", nullable: false),
                    ReportExperience = table.Column<string>(type: "TEXT", nullable: false),
                    ReportProblems = table.Column<string>(type: "TEXT", nullable: false),
                    ReportPlans = table.Column<string>(type: "TEXT", nullable: false),
                    ReportSuggestions = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UniversityLedgers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LedgerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MeasureId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", nullable: true),
                    PlannedDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Difficulties = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_UniversityLedgers_LedgerId",
                        column: x => x.LedgerId,
                        principalTable: "UniversityLedgers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntryFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AttachmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RemovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LedgerEntryId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntryFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerEntryFiles_LedgerEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "LedgerEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LedgerEntryFiles_LedgerEntries_LedgerEntryId",
                        column: x => x.LedgerEntryId,
                        principalTable: "LedgerEntries",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_Universities_ProvinceId",
                table: "Universities",
                column: "ProvinceId");

            migrationBuilder.CreateIndex(
                name: "IX_RoleAssignments_ProvinceId",
                table: "RoleAssignments",
                column: "ProvinceId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_LedgerId_MeasureId",
                table: "LedgerEntries",
                columns: new[] { "LedgerId", "MeasureId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntryFiles_AttachmentId",
                table: "LedgerEntryFiles",
                column: "AttachmentId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntryFiles_EntryId",
                table: "LedgerEntryFiles",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntryFiles_LedgerEntryId",
                table: "LedgerEntryFiles",
                column: "LedgerEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerRounds_ProvinceId_Deadline",
                table: "LedgerRounds",
                columns: new[] { "ProvinceId", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerVersions_LedgerId_Version",
                table: "LedgerVersions",
                columns: new[] { "LedgerId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Provinces_Code",
                table: "Provinces",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UniversityLedgers_RoundId_UniversityId",
                table: "UniversityLedgers",
                columns: new[] { "RoundId", "UniversityId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UniversityLedgers_UniversityId",
                table: "UniversityLedgers",
                column: "UniversityId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LedgerEntryFiles");

            migrationBuilder.DropTable(
                name: "LedgerRounds");

            migrationBuilder.DropTable(
                name: "LedgerVersions");

            migrationBuilder.DropTable(
                name: "Provinces");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "UniversityLedgers");

            migrationBuilder.DropIndex(
                name: "IX_Universities_ProvinceId",
                table: "Universities");

            migrationBuilder.DropIndex(
                name: "IX_RoleAssignments_ProvinceId",
                table: "RoleAssignments");

            migrationBuilder.DropColumn(
                name: "ProvinceId",
                table: "Universities");

            migrationBuilder.DropColumn(
                name: "ProvinceId",
                table: "RoleAssignments");
        }
    }
}
