using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformFlow.Workflows.Data.Migrations
{
    /// <inheritdoc />
    public partial class CommitteeAndRectification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RectificationItems",
                table: "AnnualReports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RectificationReport",
                table: "AnnualReports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RectificationReportedAt",
                table: "AnnualReports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RectifiedAt",
                table: "AnnualReports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CommitteeSeats",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UniversityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Constituency = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Since = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndedOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommitteeSeats", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReviewOpinion",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberUserId = table.Column<string>(type: "TEXT", nullable: false),
                    MemberName = table.Column<string>(type: "TEXT", nullable: false),
                    Vote = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewOpinion", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewOpinion_AnnualReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "AnnualReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CommitteeSeats_UniversityId_EndedOn",
                table: "CommitteeSeats",
                columns: new[] { "UniversityId", "EndedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewOpinion_ReportId",
                table: "ReviewOpinion",
                column: "ReportId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CommitteeSeats");

            migrationBuilder.DropTable(
                name: "ReviewOpinion");

            migrationBuilder.DropColumn(
                name: "RectificationItems",
                table: "AnnualReports");

            migrationBuilder.DropColumn(
                name: "RectificationReport",
                table: "AnnualReports");

            migrationBuilder.DropColumn(
                name: "RectificationReportedAt",
                table: "AnnualReports");

            migrationBuilder.DropColumn(
                name: "RectifiedAt",
                table: "AnnualReports");
        }
    }
}
