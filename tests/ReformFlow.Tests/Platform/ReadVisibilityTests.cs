using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Memberships;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Localization;
using static ReformFlow.Tests.Platform.ReadVisibilityKit.Staff;

namespace ReformFlow.Tests.Platform;

/// <summary>
/// Who reads what (docs/decisions/0009), by role and scope, over the API and the pages: founding applications (draft and
/// submitted), association rosters, annual reports, and the sponsors' personal data on an application.
/// </summary>
public sealed class ReadVisibilityTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly ReadVisibilityKit kit = new(app);
    private FoundingKit Founding => kit.Founding;

    private const string Applications = "/api/v1/association-applications";
    private static string Application(Guid id) => $"{Applications}/{id}";
    private static string ApplicationPage(Guid id) => $"/Associations/Applications/Details/{id}";

    // ---- founding applications ----

    [Fact]
    public async Task Security_draft_is_read_only_by_its_initiator_sponsors_and_proposed_instructors()
    {
        var d = await Founding.DraftAsync("草稿可见性协会", sponsors: 2);
        var outsiders = await Founding.FreshStudentsAsync(1);
        var otherTeacher = (await Founding.FreshInstructorsAsync(1)).Single();
        string[] readers = [d.InitiatorNumber, d.Sponsors[0], d.Sponsors[1], d.Instructors[0]];
        // Before it is submitted, not even the guidance unit it names, nor the committee or the student work department.
        string[] others = [.. Deciding, .. Uninvolved, outsiders[0], otherTeacher];

        await kit.AssertDetailAsync(Application(d.Id), readers, others);
        await kit.AssertDetailAsync($"{Application(d.Id)}/charter", [], others);
        await kit.AssertListedAsync(Applications + "?pageSize=100", b => b["items"]!.AsArray(), "instanceId", d.Id, readers, others);
        await kit.AssertPageAsync(ApplicationPage(d.Id), [d.InitiatorNumber, d.Sponsors[0]], [OwnGuidanceUnit, StudentWork, OtherCollegeLeague, ClassBranch, outsiders[0]]);
    }

    [Fact]
    public async Task Security_submitted_application_is_read_by_its_deciding_bodies_not_by_other_units_or_colleges()
    {
        var d = await Founding.DraftAsync("提交可见性协会");
        await Founding.SubmitAsync(d);
        var outsider = (await Founding.FreshStudentsAsync(1)).Single();
        var otherTeacher = (await Founding.FreshInstructorsAsync(1)).Single();
        string[] readers = [d.InitiatorNumber, d.Sponsors[0], d.Instructors[0], .. Deciding];
        string[] others = [.. Uninvolved, outsider, otherTeacher];

        await kit.AssertDetailAsync(Application(d.Id), readers, others);
        await kit.AssertListedAsync(Applications + "?pageSize=100", b => b["items"]!.AsArray(), "instanceId", d.Id, readers, others);
        await kit.AssertPageAsync(ApplicationPage(d.Id), [OwnGuidanceUnit, Chair, StudentWork], [OwnCollegeLeague, OtherCollegeParty, SchoolLeague, ClassBranch, OtherGuidanceUnit, outsider]);
        foreach (var user in new[] { OwnCollegeLeague, OtherCollegeParty, ClassBranch })
            Assert.DoesNotContain(d.Id.ToString(), await kit.PageTextAsync(user, "/Associations/Applications"));
        Assert.Contains(d.Id.ToString(), await kit.PageTextAsync(OwnGuidanceUnit, "/Associations/Applications"));

        // Returned to draft after submission, it stays with the bodies that already decide on it.
        var view = await Founding.ViewAsync(d.Id, d.Initiator);
        foreach (var t in d.Instructors) view = await (await kit.As(t)).ActAsync(d.Id, "AcceptInstruction");
        await (await kit.As(OwnGuidanceUnit)).ActAsync(d.Id, "GuidanceReturn", new { expectedVersion = FoundingKit.Version(view), comment = "请补充章程" });
        Assert.Equal("Draft", FoundingKit.State(await Founding.ViewAsync(d.Id, d.Initiator)));
        await kit.AssertDetailAsync(Application(d.Id), [OwnGuidanceUnit, Chair, StudentWork], [OwnCollegeLeague, OtherCollegeParty]);
    }

    [Fact]
    public async Task Security_invited_student_reads_no_personal_data_of_other_sponsors()
    {
        var d = await Founding.DraftAsync("隐私可见性协会", sponsors: 2, extraSponsors: [DemoData.PunishedStudent]);
        var invitee = (await Founding.FreshStudentsAsync(1)).Single();
        var (status, _) = await d.Initiator.PostAsync($"{Application(d.Id)}/sponsors", new { studentNumbers = new[] { invitee, DemoData.SuspendedStudent } });
        Assert.Equal(HttpStatusCode.OK, status);

        // The invited student, who has not even confirmed, and a confirmed co-sponsor: their own data only.
        foreach (var reader in new[] { invitee, d.Sponsors[0] })
        {
            var view = await Founding.ViewAsync(d.Id, await kit.As(reader));
            foreach (var s in Sponsors(view))
            {
                var number = s["studentNumber"]!.GetValue<string>();
                if (number == reader)
                {
                    Assert.True(s["formalStatus"]!.GetValue<bool>());
                    Assert.False(s["punished"]!.GetValue<bool>());
                    continue;
                }
                Assert.True(s["punished"] is null && s["formalStatus"] is null && s["eligible"] is null, $"{reader} reads {number}: {s.ToJsonString()}");
            }
            var page = await kit.PageTextAsync(reader, ApplicationPage(d.Id));
            foreach (var key in new[] { "details.punished", "details.no-formal-status", "details.not-eligible" })
                foreach (var culture in Texts.Cultures)
                    Assert.DoesNotContain(Texts.Get(culture, key), page);
        }

        // The initiator learns "eligible or not" of the sponsors who confirmed, nothing of those who have not.
        var mine = Sponsors(await Founding.ViewAsync(d.Id, d.Initiator)).ToDictionary(s => s["studentNumber"]!.GetValue<string>());
        Assert.False(mine[DemoData.PunishedStudent]["eligible"]!.GetValue<bool>());
        Assert.True(mine[d.Sponsors[0]]["eligible"]!.GetValue<bool>());
        foreach (var number in new[] { DemoData.PunishedStudent, DemoData.SuspendedStudent, invitee, d.Sponsors[0] })
            Assert.True(mine[number]["punished"] is null && mine[number]["formalStatus"] is null, $"initiator reads {number}: {mine[number].ToJsonString()}");
        Assert.Null(mine[DemoData.SuspendedStudent]["eligible"]);
        Assert.Null(mine[invitee]["eligible"]);
    }

    [Fact]
    public async Task Security_sponsors_personal_data_goes_to_the_deciding_bodies()
    {
        var d = await Founding.DraftAsync("决定机构可见性协会");
        await Founding.SubmitAsync(d);
        foreach (var body in Deciding)
        {
            var sponsors = Sponsors(await Founding.ViewAsync(d.Id, await kit.As(body))).ToList();
            Assert.Equal(FoundingRulesMinimum, sponsors.Count);
            Assert.All(sponsors, s =>
            {
                Assert.True(s["formalStatus"]!.GetValue<bool>(), body);
                Assert.False(s["punished"]!.GetValue<bool>(), body);
                Assert.True(s["eligible"]!.GetValue<bool>(), body);
            });
        }
    }

    [Fact]
    public async Task Security_refused_submission_tells_the_initiator_who_is_not_eligible_not_why()
    {
        var d = await Founding.DraftAsync("拒绝理由可见性协会", sponsors: 18, extraSponsors: [DemoData.PunishedStudent]);
        var before = await Founding.ViewAsync(d.Id, d.Initiator);

        var (status, problem) = await d.Initiator.PostAsync($"{Application(d.Id)}/actions/Submit", new { expectedVersion = FoundingKit.Version(before) });

        // Exactly this reason, naming the sponsor: no "punished" or "not enrolled" reason says why.
        FoundingKit.AssertRefused(status, problem, ("AS-1.1", "rule.sponsor-ineligible"));
        Assert.Contains(DemoData.PunishedStudent, FoundingKit.Message(problem, "rule.sponsor-ineligible"));
        await Founding.AssertUnchangedAsync(d.Id, before, d.Initiator);
    }

    private const int FoundingRulesMinimum = Domain.Associations.FoundingRules.MinimumSponsors;

    private static IEnumerable<JsonNode> Sponsors(JsonNode view) => view["sponsors"]!.AsArray().Select(s => s!);

    // ---- association rosters ----

    [Fact]
    public async Task Security_roster_is_read_by_members_instructors_and_deciding_bodies_only()
    {
        var membership = new MembershipKit(app);
        var a = await membership.AssociationAsync(name: "名册可见性社");
        var member = await membership.FreshStudentAsync();
        await membership.AddMemberAsync(member, a.Id);
        var instructors = await Founding.FreshInstructorsAsync(2);
        await Founding.AddAppointmentsAsync(instructors[0], [a.Id]);
        var outsider = await membership.FreshStudentAsync();
        string[] readers = [a.Leader, member, instructors[0], .. Deciding];
        string[] others = [.. Uninvolved, outsider, instructors[1]];

        var roster = $"/api/v1/associations/{a.Id}/members";
        await kit.AssertDetailAsync(roster, readers, others, refused: HttpStatusCode.Forbidden);
        foreach (var user in others)
        {
            var (_, problem) = await kit.GetAsync(user, roster);
            Assert.Equal("access.roster", problem!["reasons"]![0]!["code"]!.GetValue<string>());
            // The association's public card stays readable, without the roster.
            var (status, card) = await kit.GetAsync(user, $"/api/v1/associations/{a.Id}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.False(card!["me"]!["canSeeRoster"]!.GetValue<bool>(), user);
        }
        foreach (var user in new[] { member, OwnGuidanceUnit })
            Assert.Contains("id=\"roster\"", await kit.PageTextAsync(user, $"/Associations/Details/{a.Id}"));
        foreach (var user in new[] { OtherCollegeLeague, SchoolLeague, ClassBranch, outsider })
            Assert.DoesNotContain("id=\"roster\"", await kit.PageTextAsync(user, $"/Associations/Details/{a.Id}"));
    }

    // ---- annual reports ----

    [Fact]
    public async Task Security_annual_report_is_read_by_leaders_instructors_and_deciding_bodies_only()
    {
        var membership = new MembershipKit(app);
        var a = await membership.AssociationAsync(name: "年审可见性社");
        var member = await membership.FreshStudentAsync();
        await membership.AddMemberAsync(member, a.Id);
        var instructors = await Founding.FreshInstructorsAsync(2);
        await Founding.AddAppointmentsAsync(instructors[0], [a.Id]);
        var outsider = await membership.FreshStudentAsync();
        var (status, cycle) = await (await kit.As(StudentWork)).PostAsync("/api/v1/annual-reviews/cycles",
            new { academicYear = 2026, deadline = app.Clock.GetUtcNow().AddDays(30) });
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {cycle?.ToJsonString()}");
        var id = await app.WithDbAsync(db => (from r in db.AnnualReports
                                              join i in db.WorkflowInstances on r.Id equals i.SubjectId
                                              where r.AssociationId == a.Id
                                              select i.Id).SingleAsync());
        // A plain member is not a reader: the report carries the roster snapshot, finances and violations.
        string[] readers = [a.Leader, instructors[0], .. Deciding];
        string[] others = [.. Uninvolved, member, outsider, instructors[1]];

        await kit.AssertDetailAsync($"/api/v1/annual-reviews/{id}", readers, others);
        await kit.AssertListedAsync("/api/v1/annual-reviews/reports", b => b["items"]!.AsArray(), "instanceId", id, readers, others);
        await kit.AssertPageAsync($"/Associations/Review/Details/{id}", [a.Leader, OwnGuidanceUnit, Chair], [member, OtherCollegeLeague, OtherCollegeParty, SchoolParty]);
        foreach (var user in new[] { OtherCollegeParty, SchoolLeague, member })
            Assert.DoesNotContain(id.ToString(), await kit.PageTextAsync(user, "/Associations/Review"));
        Assert.Contains(id.ToString(), await kit.PageTextAsync(OwnGuidanceUnit, "/Associations/Review"));
    }
}
