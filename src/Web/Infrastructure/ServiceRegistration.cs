using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Data;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Jobs;
using ReformFlow.Workflows.Ledger;
using ReformFlow.Workflows.Runtime;

namespace ReformFlow.Web.Infrastructure;

public static class ServiceRegistration
{
    /// <summary>Picks bearer tokens for scripts and the cookie for browsers, per request.</summary>
    public const string SmartScheme = "cookie-or-bearer";

    public static void AddReformFlow(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        // Answers do not say which server software runs them.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        services.AddSingleton(TimeProvider.System);
        var busyTimeout = new SqliteBusyTimeout(config.GetValue("Database:BusyTimeoutMs", 60_000));
        services.AddDbContext<ReformFlowDb>(o => o.UseSqlite(SqliteSetup.ConnectionString(config, builder.Environment)).AddInterceptors(busyTimeout));

        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                // Failed passwords never lock an account (SignInThrottle slows guessing instead); a lock is an
                // administrator's act (POST /api/v1/admin/users/{userName}/lock).
                o.User.RequireUniqueEmail = false;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<ReformFlowDb>()
            .AddDefaultTokenProviders();
        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, SmartScheme, o => o.ForwardDefaultSelector = ctx =>
                IsBearer(ctx.Request) ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(8);
                // POST /api/v1/auth/refresh trades it for a new pair while the security stamp still holds.
                o.RefreshTokenExpiration = TimeSpan.FromDays(7);
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/Denied";
            o.Cookie.Name = "reformflow.auth";
            o.SlidingExpiration = true;
            // API callers get a status code, not a redirect to the login page.
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization();
        services.AddScoped<CurrentActor>();
        services.AddScoped<Sessions>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<SignInThrottle>();
        services.Configure<SignInLimits>(config.GetSection("Security:SignIn"));
        // Pages get X-Frame-Options DENY from SecurityHeaders, on every answer rather than only with a form.
        services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
        services.AddRateLimiter(o =>
        {
            // Per client address, every sign-in attempt counts, right or wrong (the page's POST and the token endpoint).
            o.AddPolicy(SignInThrottle.AddressPolicy, http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("");
                var limits = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<SignInLimits>>().CurrentValue;
                return RateLimitPartition.GetTokenBucketLimiter(SignInThrottle.AddressOf(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.PerAddressPermits,
                    TokensPerPeriod = limits.PerAddressPermits,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(limits.PerAddressWindowSeconds),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = (ctx, _) => new ValueTask(PasswordSignIn.WriteTooManyAttemptsAsync(ctx.HttpContext,
                ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(
                    ctx.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<SignInLimits>>().CurrentValue.PerAddressWindowSeconds)));
        });
        // Behind a reverse proxy every client would share the proxy's address: name the proxies whose
        // X-Forwarded-For is trusted (Security:KnownProxies, comma-separated). Nobody else's is.
        var proxies = (config["Security:KnownProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var p in proxies) o.KnownProxies.Add(System.Net.IPAddress.Parse(p));
        });
        services.AddSingleton<Tr>();
        services.AddSingleton<XlsxExport>();
        services.AddHttpContextAccessor();

        services.AddLocalization();
        // Chinese text goes out as characters, not &#x…; escapes: a page is half the size and readable in view-source.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToFolder("/Account");
        })
            .AddMvcOptions(ValidationMessages.Configure)
            .AddMvcOptions(o => o.Filters.Add<ReaderFilter>()) // the reader known before a page renders (Tr.ForStudent)
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, _) => new ValidationMessages.TextsLocalizer());
        services.ConfigureHttpJsonOptions(o => StrictJson.Configure(o.SerializerOptions));
        // A body the API cannot bind (malformed JSON, a wrong type, a missing required field, a null in a list)
        // is thrown rather than answered with an empty 400, so ApiExceptionHandler says what was wrong.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = RequestBodyLimits.Default);
        services.AddProblemDetails();
        // Pages, JSON, scripts and styles compressed on the way out (Mermaid: 3.5 MB → about 1 MB). Plain HTTP only, the
        // default: behind TLS a page carrying an antiforgery token would be open to BREACH; a TLS proxy compresses there.
        services.AddResponseCompression(o =>
        {
            // gzip first: at the fastest level it takes Mermaid down as far as Brotli does in less than half the time.
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerDocumentTransformer>());
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<JobServerHealthCheck>("jobs");

        services.Configure<AppOptions>(config.GetSection("App"));
        // Installations configured before App:TimeZone existed set Jobs:TimeZone; it still counts when App:TimeZone is absent.
        services.PostConfigure<AppOptions>(o =>
        {
            if (config["App:TimeZone"] is null && config["Jobs:TimeZone"] is { Length: > 0 } legacy) o.TimeZone = legacy;
        });
        services.Configure<MailOptions>(config.GetSection("Mail"));
        services.Configure<DemoOptions>(config.GetSection("Demo"));
        services.Configure<BootstrapOptions>(config.GetSection("Bootstrap"));
        services.AddScoped<Notifier>();
        services.AddScoped<OutboxSender>();
        services.AddScoped<OutboxQueries>();
        // Who this process is to the outbox, and its heartbeat: a restart resolves a killed process's claims at once (ADR 0010).
        services.AddSingleton<ThisSender>();
        services.AddHostedService<SenderHeartbeat>();
        services.AddScoped<OutboxJob>();
        services.AddScoped<DeadlineReminderJob>();
        services.AddScoped<InstructorTermJob>();
        services.AddScoped<SanctionReviewJob>();
        services.AddSingleton<ReformFlow.Workflows.AnnualReview.AnnualReviewProcess>();
        services.AddScoped<ReformFlow.Workflows.AnnualReview.AnnualReviewService>();
        services.AddScoped<ReformFlow.Workflows.AnnualReview.AnnualReviewJob>();
        services.AddScoped<ReformFlow.Workflows.AnnualReview.AnnualReviewQueries>();
        services.AddScoped<ReformFlow.Workflows.AnnualReview.RectificationJob>();
        services.AddScoped<ReformFlow.Workflows.Associations.CommitteeService>();
        services.AddScoped<ReformFlow.Workflows.Associations.CommitteeQueries>();
        services.AddSingleton<ReformFlow.Workflows.Instructors.InstructorEvaluationProcess>();
        services.AddScoped<ReformFlow.Workflows.Instructors.InstructorEvaluationService>();
        services.AddScoped<ReformFlow.Workflows.Instructors.InstructorEvaluationQueries>();
        services.AddScoped<ReformFlow.Workflows.Instructors.InstructorEvaluationJob>();
        services.AddSingleton<ReformFlow.Workflows.Instructors.InstructorRenewalProcess>();
        services.AddScoped<ReformFlow.Workflows.Instructors.InstructorRenewalService>();
        services.AddScoped<ReformFlow.Workflows.Instructors.InstructorRenewalQueries>();
        services.AddScoped<IOutboxKicker, HangfireOutboxKicker>();
        services.AddScoped<IMailTransport>(sp => string.IsNullOrWhiteSpace(config["Mail:Host"])
            ? ActivatorUtilities.CreateInstance<PickupFolderTransport>(sp)
            : ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp));

        services.AddScoped<WorkflowRunner>();
        services.AddLedgerCalculator();
        services.AddSingleton<FoundingProcess>();
        services.AddScoped<FoundingService>();
        services.AddScoped<FoundingQueries>();
        services.AddScoped<DraftChecks>();
        services.AddScoped<ReformFlow.Workflows.Associations.AssociationQueries>();
        services.AddScoped<ReformFlow.Workflows.Runtime.PickerQueries>();
        services.AddScoped<ReformFlow.Workflows.Associations.MembershipService>();
        services.AddScoped<ReformFlow.Workflows.Associations.SanctionService>();
        services.AddScoped<ReformFlow.Workflows.Associations.InstructorBankService>();
        services.AddScoped<ReformFlow.Workflows.Organisation.StructureService>();
        services.AddScoped<ReformFlow.Workflows.Organisation.StructureQueries>();
        services.AddScoped<DemoSeeder>();

        services.AddSingleton<ReformFlow.Workflows.Unions.SchoolPresidiumProcess>();
        services.AddSingleton<ReformFlow.Workflows.Unions.SchoolDepartmentProcess>();
        services.AddSingleton<ReformFlow.Workflows.Unions.CollegeUnionProcess>();
        services.AddSingleton<ReformFlow.Workflows.Unions.NominationProcesses>();
        services.AddScoped<ReformFlow.Workflows.Unions.UnionService>();
        services.AddScoped<ReformFlow.Workflows.Unions.UnionQueries>();
        services.AddScoped<ReformFlow.Workflows.Unions.NominationQueries>();
        services.AddScoped<ReformFlow.Workflows.Unions.CadreEligibilityMonitor>();
        services.AddScoped<ReformFlow.Workflows.Unions.AcademicRecordService>();
        services.AddScoped<ReformFlow.Workflows.Roster.StudentImportService>();
        // Accounts, roles and the audit log (issue 8).
        services.Configure<AccountOptions>(config.GetSection("Accounts"));
        services.AddScoped<AccountService>();
        services.AddScoped<RoleAssignmentService>();
        services.AddScoped<AuditQueries>();
        services.AddScoped<ReformFlow.Workflows.Roster.RosterUploads>();
        services.AddScoped<ReformFlow.Workflows.Roster.LeaverNotices>();
        services.AddScoped<ReformFlow.Workflows.Roster.TeacherImportService>();
        services.AddScoped<ReformFlow.Workflows.Roster.AcademicImportService>();
        services.AddScoped<ReformFlow.Workflows.Unions.CadreEligibilityJob>();

        services.AddHangfire(c => c.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings().UseInMemoryStorage());
        if (config.GetValue("Jobs:RunServer", true))
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = config.GetValue("Jobs:Workers", 2);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
    }

    public static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hangfire"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

public sealed class DemoOptions
{
    /// <summary>Seed the demo university on first start with an empty database.</summary>
    public bool Enabled { get; set; }
}

/// <summary>With demo mode off, the first university and its administrator come from configuration (environment variables).</summary>
public sealed class BootstrapOptions
{
    public string? UniversityCode { get; set; }
    public string? UniversityName { get; set; }
    public string? UniversityNameEn { get; set; }
    public string AdminUserName { get; set; } = "admin";
    public string? AdminPassword { get; set; }
    public string? AdminEmail { get; set; }
}
