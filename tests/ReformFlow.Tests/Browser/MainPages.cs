using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Tests.AnnualReview;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Instructors;
using ReformFlow.Tests.Support;
using ReformFlow.Tests.Unions;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.Browser;

/// <summary>One page a reader lives in: where it is, who opens it (null: nobody signed in) and the status it answers with.</summary>
public sealed record MainPage(string Name, string Path, string? User, int Status = 200);

/// <summary>
/// Every main page of the site with something on it (issue 9: phone layout, accessibility, print), for the
/// browser tests that walk all of them. The items the detail pages show are made once per app through the
/// API, each step by the person who takes it; the pages are opened as a role that may see them.
/// </summary>
public static class MainPages
{
    private static readonly ConditionalWeakTable<AppFactory, Task<IReadOnlyList<MainPage>>> Made = new();

    /// <summary>The pages of this app, its items made on the first call.</summary>
    public static Task<IReadOnlyList<MainPage>> OfAsync(AppFactory app)
    {
        lock (Made) return Made.GetValue(app, MakeAsync);
    }

    private static async Task<IReadOnlyList<MainPage>> MakeAsync(AppFactory app)
    {
        // A founding application before the committee (sponsors, opinions, decision form) and a registered
        // association with a long name whose annual report waits for the committee.
        var application = await new Founding(app).UpToCommitteeAsync("手机排版与无障碍检查用的名称特别长的天文爱好者协会");
        var review = new ReviewKit(app);
        var association = await review.RegisteredAsync("掌上阅读协会");
        await review.OpenCycleAsync();
        var (report, _) = await review.ToDecisionAsync(association);

        // A new instructor proposed by the leader: the teacher's answer is awaited.
        var founding = review.Founding;
        var teacher = (await founding.FreshInstructorsAsync(1)).Single();
        var (status, body) = await (await founding.As(association.Leader)).PostAsync(
            $"/api/v1/associations/{association.AssociationId}/instructor-renewals", new { staffNumber = teacher, comment = "增聘一名指导教师" });
        if ((int)status != 201) throw new Xunit.Sdk.XunitException($"renewal: {(int)status} {body?.ToJsonString()}");
        var renewal = body!["instanceId"]!.GetValue<Guid>();

        // A presidium nomination from the physics college's league.
        var unions = new UnionKit(app);
        var school = await unions.SchoolUnionIdAsync();
        var nomination = await unions.NominatedAsync("phy.league", "SchoolPresidium", school, DemoData.PresidiumNominee, "PresidiumMember");

        // Last, because it moves the clock to the next evaluation window: an instructor evaluation a member rates.
        var evaluations = await new EvaluationKit(app).SetUpAsync();
        app.Clock.SetUtcNow(evaluations.NextOpening());
        await evaluations.OpenAsync();
        var evaluation = await evaluations.InstanceOfAsync(evaluations.A.Id);

        return
        [
            new("login", "/Account/Login", null),
            new("tasks", "/Tasks", "swd"),
            new("applications", "/Associations/Applications", "swd"),
            new("application", $"/Associations/Applications/Details/{application}", "chair"),
            new("new-application", "/Associations/Applications/New", DemoData.Initiator),
            new("associations", "/Associations", "swd"),
            new("association", $"/Associations/Details/{association.AssociationId}", association.Leader),
            new("annual-reviews", "/Associations/Review", "swd"),
            new("annual-review", $"/Associations/Review/Details/{report}", "chair"),
            new("committee", "/Associations/Committee", "swd"),
            new("instructors", "/Instructors", "swd"),
            new("evaluations", "/Instructors/Evaluations", "swd"),
            new("evaluation", $"/Instructors/Evaluations/Details/{evaluation}", evaluations.MembersOfA[0]),
            new("renewal", $"/Associations/Renewals/Details/{renewal}", teacher),
            new("unions", "/Unions", "league"),
            new("union", $"/Unions/Details/{school}", "league"),
            new("new-nomination", $"/Unions/Nominations/New?unionId={school}", "phy.league"),
            new("nomination", $"/Unions/Nominations/Details/{nomination}", "phy.league"),
            new("structure", "/Admin/Structure", "admin"),
            new("import", "/Admin/Import", "admin"),
            new("accounts", "/Admin/Accounts", "admin"),
            new("roles", "/Admin/Roles", "admin"),
            new("audit", "/Admin/Audit", "admin"),
            new("outbox", "/Admin/Outbox", "admin"),
            new("password", "/Account/Password", "swd"),
            new("not-found", "/Associations/Nothing-here", "swd", 404),
        ];
    }

    /// <summary>The pages grouped by reader, in order, so each reader signs in once per language.</summary>
    public static IEnumerable<IGrouping<string?, MainPage>> ByReader(IEnumerable<MainPage> pages) => pages.GroupBy(p => p.User);
}
