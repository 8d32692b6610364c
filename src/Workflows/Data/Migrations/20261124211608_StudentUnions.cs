using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformFlow.Workflows.Data.Migrations
{
    /// <inheritdoc />
    public partial class StudentUnions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CadreFlags",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UniversityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PositionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StudentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Measures = table.Column<string>(type: "TEXT", nullable: false),
                    FlaggedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClearedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CadreFlags", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CadrePositions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UniversityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StudentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IsChair = table.Column<bool>(type: "INTEGER", nullable: false),
                    NominationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Justification = table.Column<string>(type: "TEXT", nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CadrePositions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Nominations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UniversityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Chain = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    StudentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NomineeCollegeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NomineeClassGroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Statement = table.Column<string>(type: "TEXT", nullable: false),
                    Justification = table.Column<string>(type: "TEXT", nullable: true),
                    RecommendedByUserId = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecommendedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StudentWorkAgreedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeagueCommitteeAgreedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastReturnComment = table.Column<string>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OutcomeReason = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PositionId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Nominations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StudentUnions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UniversityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CollegeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StudentUnions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UnionDepartments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UniversityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", nullable: false),
                    Justification = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnionDepartments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CadreFlags_PositionId",
                table: "CadreFlags",
                column: "PositionId");

            migrationBuilder.CreateIndex(
                name: "IX_CadreFlags_UniversityId_ClearedAt",
                table: "CadreFlags",
                columns: new[] { "UniversityId", "ClearedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CadrePositions_StudentId_EndedAt",
                table: "CadrePositions",
                columns: new[] { "StudentId", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CadrePositions_UnionId_EndedAt",
                table: "CadrePositions",
                columns: new[] { "UnionId", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Nominations_UnionId_StudentId_Outcome",
                table: "Nominations",
                columns: new[] { "UnionId", "StudentId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_StudentUnions_SchoolLevel",
                table: "StudentUnions",
                columns: new[] { "UniversityId", "Level" },
                unique: true,
                filter: "\"CollegeId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_StudentUnions_UniversityId_Level_CollegeId",
                table: "StudentUnions",
                columns: new[] { "UniversityId", "Level", "CollegeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UnionDepartments_UnionId",
                table: "UnionDepartments",
                column: "UnionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CadreFlags");

            migrationBuilder.DropTable(
                name: "CadrePositions");

            migrationBuilder.DropTable(
                name: "Nominations");

            migrationBuilder.DropTable(
                name: "StudentUnions");

            migrationBuilder.DropTable(
                name: "UnionDepartments");
        }
    }
}
