using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformFlow.Workflows.Data.Migrations
{
    /// <inheritdoc />
    public partial class UniversityStructure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DeactivatedAt",
                table: "OrgUnits",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeactivatedAt",
                table: "Majors",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeactivatedAt",
                table: "Colleges",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeactivatedAt",
                table: "ClassGroups",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameEn",
                table: "ClassGroups",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // A class is usually named by its code ("物理2301"): existing classes keep that name in English too.
            migrationBuilder.Sql("UPDATE \"ClassGroups\" SET \"NameEn\" = \"Name\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DeactivatedAt",
                table: "OrgUnits");

            migrationBuilder.DropColumn(
                name: "DeactivatedAt",
                table: "Majors");

            migrationBuilder.DropColumn(
                name: "DeactivatedAt",
                table: "Colleges");

            migrationBuilder.DropColumn(
                name: "DeactivatedAt",
                table: "ClassGroups");

            migrationBuilder.DropColumn(
                name: "NameEn",
                table: "ClassGroups");
        }
    }
}
