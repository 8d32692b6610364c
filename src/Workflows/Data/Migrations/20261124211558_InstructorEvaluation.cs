using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformFlow.Workflows.Data.Migrations
{
    /// <inheritdoc />
    public partial class InstructorEvaluation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EndReason",
                table: "InstructorAppointments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InstructorEvaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UniversityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppointmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssociationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TeacherId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AcademicYear = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RatingEndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RatingClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    GuidanceOpinion = table.Column<string>(type: "TEXT", nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstructorEvaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MemberRating",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EvaluationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StudentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Rating = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", nullable: true),
                    RatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberRating", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MemberRating_InstructorEvaluations_EvaluationId",
                        column: x => x.EvaluationId,
                        principalTable: "InstructorEvaluations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InstructorEvaluations_AppointmentId_AcademicYear",
                table: "InstructorEvaluations",
                columns: new[] { "AppointmentId", "AcademicYear" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InstructorEvaluations_TeacherId",
                table: "InstructorEvaluations",
                column: "TeacherId");

            migrationBuilder.CreateIndex(
                name: "IX_InstructorEvaluations_UniversityId_AcademicYear",
                table: "InstructorEvaluations",
                columns: new[] { "UniversityId", "AcademicYear" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberRating_EvaluationId_StudentId",
                table: "MemberRating",
                columns: new[] { "EvaluationId", "StudentId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MemberRating");

            migrationBuilder.DropTable(
                name: "InstructorEvaluations");

            migrationBuilder.DropColumn(
                name: "EndReason",
                table: "InstructorAppointments");
        }
    }
}
