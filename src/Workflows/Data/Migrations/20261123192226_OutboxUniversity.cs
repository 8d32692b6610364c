using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformFlow.Workflows.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxUniversity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "UniversityId",
                table: "Outbox",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "UniversityId",
                table: "Outbox");
        }
    }
}
