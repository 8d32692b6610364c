using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ReformFlow.Workflows.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the web app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ReformFlowDb>
{
    public ReformFlowDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ReformFlowDb>().UseSqlite("Data Source=design.db").Options);
}
