using ReformFlow.Web.Api;
using ReformFlow.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.UseLinkedAppSettings();
builder.AddReformFlow();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseReformFlow();
app.MapReformFlowApi();
app.MapRazorPages();
app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
