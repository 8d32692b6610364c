using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformFlow.Workflows.Data.Migrations
{
    /// <inheritdoc />
    public partial class MembershipAndReminders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "StatusChangedAt",
                table: "Associations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatusReason",
                table: "Associations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MembershipApplications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UniversityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssociationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StudentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Message = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedByUserId = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MembershipApplications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SentReminders",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SentReminders", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MembershipApplications_AssociationId_Status",
                table: "MembershipApplications",
                columns: new[] { "AssociationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_MembershipApplications_StudentId_Status",
                table: "MembershipApplications",
                columns: new[] { "StudentId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MembershipApplications");

            migrationBuilder.DropTable(
                name: "SentReminders");

            migrationBuilder.DropColumn(
                name: "StatusChangedAt",
                table: "Associations");

            migrationBuilder.DropColumn(
                name: "StatusReason",
                table: "Associations");
        }
    }
}
