using ReformFlow.Web.Api;
using ReformFlow.Web.Infrastructure;

// `backup FILE` / `restore FILE` run instead of the web host (README "Backup and restore").
if (DatabaseCommands.IsCommand(args)) return await DatabaseCommands.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.UseLinkedAppSettings();
builder.AddReformFlow();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseReformFlow();
app.MapReformFlowApi();
app.MapRazorPages();
app.Run();
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
