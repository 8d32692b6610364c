using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformFlow.Workflows.Data.Migrations
{
    /// <inheritdoc />
    public partial class InstructorRenewal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InstructorRenewals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UniversityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssociationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TeacherId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RenewsAppointmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProposedByStudentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ResultAppointmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TermEndsAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstructorRenewals", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InstructorRenewals_AssociationId",
                table: "InstructorRenewals",
                column: "AssociationId");

            migrationBuilder.CreateIndex(
                name: "IX_InstructorRenewals_TeacherId",
                table: "InstructorRenewals",
                column: "TeacherId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InstructorRenewals");
        }
    }
}
