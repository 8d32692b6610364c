using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Jobs;

namespace ReformFlow.Web.Infrastructure;

public static class StartupTasks
{
    /// <summary>Applies migrations (never EnsureCreated), seeds demo data or the first administrator, and declares the recurring jobs.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<ReformFlowDb>();
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Startup");
        await db.Database.MigrateAsync();
        // WAL lets readers go on while one writer commits; it is a property of the file, so set once.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        if (await Attachments.DeleteUnlinkedAsync(db) is > 0 and var orphans)
            log.LogInformation("Removed {Count} uploaded files no application links (earlier charter uploads).", orphans);

        if (sp.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled)
        {
            if (await sp.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync())
                log.LogInformation("Demo data seeded. Sign in with any demo account and the password {Password}.", DemoData.Password);
        }
        else
        {
            await BootstrapAdminAsync(sp, db, log);
        }

        RecurringJobs.Declare(sp.GetRequiredService<IRecurringJobManager>(), app.Configuration, sp.GetRequiredService<IOptions<AppOptions>>().Value.Zone);
        // Catch up at once on whatever fell due while the app was down, rather than at the next hour.
        if (app.Configuration.GetValue("Jobs:RunServer", true))
            RecurringJobs.CatchUp(sp.GetRequiredService<IBackgroundJobClient>());
    }

    private static async Task BootstrapAdminAsync(IServiceProvider sp, ReformFlowDb db, ILogger log)
    {
        var o = sp.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        if (await db.Users.AnyAsync()) return;
        if (string.IsNullOrWhiteSpace(o.AdminPassword) || string.IsNullOrWhiteSpace(o.UniversityCode) || string.IsNullOrWhiteSpace(o.UniversityName))
        {
            log.LogWarning("No users exist and demo mode is off. Set Bootstrap__UniversityCode, Bootstrap__UniversityName and Bootstrap__AdminPassword to create the first administrator.");
            return;
        }
        var uni = await db.Universities.FirstOrDefaultAsync(u => u.Code == o.UniversityCode);
        if (uni is null)
        {
            uni = new University(o.UniversityCode, o.UniversityName, o.UniversityNameEn ?? o.UniversityName);
            db.Universities.Add(uni);
            await db.SaveChangesAsync();
        }
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var admin = new AppUser { UserName = o.AdminUserName, Email = o.AdminEmail, DisplayName = o.AdminUserName, UniversityId = uni.Id, EmailConfirmed = true };
        var result = await users.CreateAsync(admin, o.AdminPassword);
        if (!result.Succeeded)
            throw new InvalidOperationException("Cannot create the first administrator: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        db.RoleAssignments.Add(new RoleAssignment(admin.Id, Role.UniversityAdmin, uni.Id, null));
        await db.SaveChangesAsync();
        log.LogInformation("Created the first administrator {User} for {University}.", o.AdminUserName, o.UniversityCode);
    }
}
