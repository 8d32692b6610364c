using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReformFlow.Workflows.Data.Migrations
{
    /// <inheritdoc />
    public partial class MemberRemovalAndDoneList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RemovalReason",
                table: "Memberships",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RemovedByUserId",
                table: "Memberships",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowHistory_ActorUserId_At",
                table: "WorkflowHistory",
                columns: new[] { "ActorUserId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_RemovedByUserId",
                table: "Memberships",
                column: "RemovedByUserId");

            migrationBuilder.CreateIndex(
                name: "IX_MembershipApplications_DecidedByUserId",
                table: "MembershipApplications",
                column: "DecidedByUserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowHistory_ActorUserId_At",
                table: "WorkflowHistory");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_RemovedByUserId",
                table: "Memberships");

            migrationBuilder.DropIndex(
                name: "IX_MembershipApplications_DecidedByUserId",
                table: "MembershipApplications");

            migrationBuilder.DropColumn(
                name: "RemovalReason",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "RemovedByUserId",
                table: "Memberships");
        }
    }
}
