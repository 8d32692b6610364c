using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Platform;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Localization;
using static ReformFlow.Tests.Associations.FoundingKit;

namespace ReformFlow.Tests.Instructors;

/// <summary>
/// AS-2.1 / AS-2.2: the instructor bank kept by the student work department, over the HTTP API: what it
/// changes for founding, and that nobody else can change it (status, reason, and nothing changed).
/// </summary>
public sealed class InstructorBankTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly FoundingKit kit = new(app);

    private const string Bank = "/api/v1/instructor-bank";
    private const string Swd = "swd";

    private static string PartyPath(string staffNumber) => $"/api/v1/teachers/{staffNumber}/party-membership";

    private static Task<(HttpStatusCode Status, JsonNode? Body)> DeleteAsync(Api api, string staffNumber, string? reason) =>
        api.SendAsync(HttpMethod.Delete, $"{Bank}/{staffNumber}" + (reason is null ? "" : "?reason=" + Uri.EscapeDataString(reason)));

    private async Task<JsonArray> ListAsync(Api? api = null)
    {
        var (status, body) = await (api ?? await kit.As(Swd)).GetAsync(Bank + "?pageSize=100");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["items"]!.AsArray();
    }

    private static JsonNode? Row(JsonArray list, string staffNumber) =>
        list.SingleOrDefault(r => r!["staffNumber"]!.GetValue<string>() == staffNumber);

    /// <summary>Everything the bank and the teachers' records hold, plus the change history: equal before and after a refused request.</summary>
    private Task<string> SnapshotAsync() => app.WithDbAsync(async db =>
    {
        var entries = await db.InstructorBank.AsNoTracking().ToListAsync();
        var teachers = await db.Teachers.AsNoTracking().ToListAsync();
        var history = await db.WorkflowHistory.AsNoTracking().CountAsync(h => h.Trigger.StartsWith("InstructorBank.") || h.Trigger.StartsWith("Teacher."));
        return string.Join("\n", entries.OrderBy(e => e.Id).Select(e => $"{e.Id}|{e.TeacherId}|{e.AddedAt:O}|{e.RemovedAt:O}"))
               + "\n" + string.Join(",", teachers.OrderBy(t => t.StaffNumber).Select(t => $"{t.StaffNumber}:{t.IsPartyMember}"))
               + "\nhistory:" + history;
    });

    private static void AssertForbidden(HttpStatusCode status, JsonNode? problem, string measureId, string key = "access.student-work-department-only")
    {
        Assert.True(status == HttpStatusCode.Forbidden, $"expected 403, got {(int)status}: {problem?.ToJsonString()}");
        Assert.Equal(Texts.Get(Texts.English, "access.denied"), problem!["title"]!.GetValue<string>());
        // A 403 names its reason in the detail: the measure and the text of the code, in the caller's language.
        Assert.Equal($"[{measureId}] " + Texts.Get(Texts.English, key), problem["detail"]!.GetValue<string>());
    }

    /// <summary>The app's clock, as stored (the database keeps times to the millisecond).</summary>
    private void AssertNow(DateTimeOffset actual) =>
        Assert.True((app.Clock.GetUtcNow() - actual).Duration() < TimeSpan.FromMilliseconds(1), $"expected {app.Clock.GetUtcNow():O}, got {actual:O}");

    // ---- AS-2.1: the bank decides who may be proposed ----

    [Fact]
    public async Task AS_2_1_student_work_department_adds_a_teacher_who_can_then_accept()
    {
        var swd = await kit.As(Swd);
        Assert.Null(Row(await ListAsync(), DemoData.TeacherOutsideBank));
        // Outside the bank he cannot even be proposed.
        var initiator = await kit.As((await kit.FreshStudentsAsync(1)).Single());
        var refused = await initiator.PostAsync("/api/v1/association-applications", await kit.BodyAsync("星空摄影社", instructors: [DemoData.TeacherOutsideBank]));
        AssertRefused(refused.Status, refused.Body, ("AS-2.1", "rule.instructor-not-in-bank"));

        var (status, added) = await swd.PostAsync(Bank, new { staffNumber = DemoData.TeacherOutsideBank });

        Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {added?.ToJsonString()}");
        Assert.Equal(DemoData.TeacherOutsideBank, added!["staffNumber"]!.GetValue<string>());
        Assert.True(added["inBank"]!.GetValue<bool>());
        Assert.Empty(added["warnings"]!.AsArray());
        var row = Row(await ListAsync(), DemoData.TeacherOutsideBank)!;
        Assert.NotNull(row);
        Assert.Equal("物理学院", row["college"]!.GetValue<string>());
        Assert.Equal("College of Physics", row["collegeEn"]!.GetValue<string>());
        Assert.Equal(0, row["runningAppointments"]!.GetValue<int>());
        AssertNow(row["inBankSince"]!.GetValue<DateTimeOffset>());

        // Now he can be proposed, and he accepts.
        var d = await kit.DraftAsync("星空摄影社", instructors: [DemoData.TeacherOutsideBank]);
        var view = await kit.ToGuidanceAsync(d);
        Assert.Equal("Accepted", view["instructors"]![0]!["response"]!.GetValue<string>());
        // Who added him, and when, is kept with his bank entry.
        var history = await app.WithDbAsync(db => db.WorkflowHistory.AsNoTracking()
            .Where(h => h.Trigger == InstructorBankService.AddedTrigger
                        && db.InstructorBank.Any(b => b.Id == h.InstanceId && db.Teachers.Any(t => t.Id == b.TeacherId && t.StaffNumber == DemoData.TeacherOutsideBank)))
            .ToListAsync());
        Assert.Equal("StudentWorkDepartment", history.Single().ActorRole);
        Assert.Equal((await kit.UserAsync(Swd)).Id, history.Single().ActorUserId);
    }

    [Fact]
    public async Task AS_2_1_removed_teacher_can_no_longer_be_proposed()
    {
        var swd = await kit.As(Swd);
        var teacher = (await kit.FreshInstructorsAsync(1)).Single();
        var association = (await kit.AddAssociationsAsync(1)).Single();
        await kit.AddAppointmentsAsync(teacher, [association]);
        var name = await app.WithDbAsync(db => db.Teachers.Where(t => t.StaffNumber == teacher).Select(t => t.Name).SingleAsync());
        Assert.Equal(1, Row(await ListAsync(), teacher)!["runningAppointments"]!.GetValue<int>());

        // A removal needs its reason.
        var before = await SnapshotAsync();
        var (status, problem) = await DeleteAsync(swd, teacher, null);
        AssertRefused(status, problem, ("AS-2.1", "instructors.reason-required"));
        (status, problem) = await DeleteAsync(swd, teacher, "   ");
        AssertRefused(status, problem, ("AS-2.1", "instructors.reason-required"));
        Assert.Equal(before, await SnapshotAsync());

        var (removedStatus, removed) = await DeleteAsync(swd, teacher, "调离本校");

        Assert.True(removedStatus == HttpStatusCode.OK, $"{(int)removedStatus}: {removed?.ToJsonString()}");
        Assert.False(removed!["inBank"]!.GetValue<bool>());
        // Allowed while he still guides an association, with a warning: that appointment continues (docs/decisions/0006).
        Assert.Equal(association, removed["runningAppointments"]!.AsArray().Single()!["associationId"]!.GetValue<Guid>());
        var warning = removed["warnings"]!.AsArray().Single()!;
        Assert.Equal("AS-2.1", warning["measureId"]!.GetValue<string>());
        Assert.Equal("instructors.removed-still-guiding", warning["code"]!.GetValue<string>());
        Assert.Contains(name, warning["message"]!.GetValue<string>());
        Assert.Null(Row(await ListAsync(), teacher));
        Assert.True(await app.WithDbAsync(db => db.InstructorAppointments.AnyAsync(a => a.AssociationId == association && a.EndedAt == null)));
        var entry = await app.WithDbAsync(db => db.InstructorBank.AsNoTracking()
            .SingleAsync(b => db.Teachers.Any(t => t.Id == b.TeacherId && t.StaffNumber == teacher)));
        AssertNow(entry.RemovedAt!.Value);
        var recorded = await app.WithDbAsync(db => db.WorkflowHistory.SingleAsync(h => h.InstanceId == entry.Id && h.Trigger == InstructorBankService.RemovedTrigger));
        Assert.Equal("调离本校", recorded.Comment);

        // He can no longer be proposed.
        var initiator = await kit.As((await kit.FreshStudentsAsync(1)).Single());
        var draft = await initiator.PostAsync("/api/v1/association-applications", await kit.BodyAsync("篆刻社", instructors: [teacher]));
        AssertRefused(draft.Status, draft.Body, ("AS-2.1", "rule.instructor-not-in-bank"));
        Assert.Contains(name, Message(draft.Body, "rule.instructor-not-in-bank"));

        // Removing twice is refused; the department sees the removal with its reason on the page.
        before = await SnapshotAsync();
        (status, problem) = await DeleteAsync(swd, teacher, "重复操作");
        AssertRefused(status, problem, ("AS-2.1", "instructors.not-in-bank"));
        Assert.Equal(before, await SnapshotAsync());
        var page = await swd.Http.GetStringAsync("/Instructors");
        Assert.Contains("调离本校", page);

        // And he can come back as a new entry.
        (status, _) = await swd.PostAsync(Bank, new { staffNumber = teacher });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.NotNull(Row(await ListAsync(), teacher));
    }

    [Fact]
    public async Task AS_2_1_everyone_of_the_university_reads_the_bank_with_running_appointments_only()
    {
        var teacher = (await kit.FreshInstructorsAsync(1)).Single();
        var associations = await kit.AddAssociationsAsync(2);
        await kit.AddAppointmentsAsync(teacher, [associations[0]]);
        // A term that ran out long ago no longer counts.
        await app.WithDbAsync(async db =>
        {
            var t = await db.Teachers.SingleAsync(x => x.StaffNumber == teacher);
            db.InstructorAppointments.Add(new InstructorAppointment(t.UniversityId, associations[1], t.Id, app.Clock.GetUtcNow().AddDays(-400)));
            return await db.SaveChangesAsync();
        });

        var seen = new List<string>();
        foreach (var user in new[] { Swd, "2023011002", DemoData.PartyInstructor, "phy.league", "admin" })
        {
            var list = await ListAsync(await kit.As(user));
            seen.Add(list.ToJsonString());
            Assert.Equal(1, Row(list, teacher)!["runningAppointments"]!.GetValue<int>());
            var first = Row(list, DemoData.PartyInstructor)!;
            Assert.True(first["isPartyMember"]!.GetValue<bool>());
            Assert.Equal("物理学院", first["college"]!.GetValue<string>());
        }
        Assert.Single(seen.Distinct());
        var staffNumbers = JsonNode.Parse(seen[0])!.AsArray().Select(r => r!["staffNumber"]!.GetValue<string>()).ToList();
        Assert.Equal(staffNumbers.Order(StringComparer.Ordinal), staffNumbers);

        // Only the student work department sees the forms.
        Assert.Contains("id=\"add-teacher\"", await (await kit.As(Swd)).Http.GetStringAsync("/Instructors"));
        var studentPage = await (await kit.As("2023011002")).Http.GetStringAsync("/Instructors");
        Assert.Contains(DemoData.PartyInstructor, studentPage);
        Assert.DoesNotContain("id=\"add-teacher\"", studentPage);
        Assert.DoesNotContain("handler=Remove", studentPage);
    }

    // ---- AS-2.2: Party membership as the department records it ----

    [Fact]
    public async Task AS_2_2_recorded_party_membership_lets_a_teacher_guide_an_ideological_association()
    {
        var swd = await kit.As(Swd);
        Assert.False(Row(await ListAsync(), DemoData.NonPartyInstructor)!["isPartyMember"]!.GetValue<bool>());
        var d = await kit.DraftAsync("理论学习研究会", category: nameof(AssociationCategory.IdeologicalPolitical), instructors: [DemoData.NonPartyInstructor]);
        await kit.SubmitAsync(d);
        var teacher = await kit.As(DemoData.NonPartyInstructor);
        var (status, problem) = await teacher.PostAsync($"/api/v1/association-applications/{d.Id}/actions/AcceptInstruction");
        AssertRefused(status, problem, ("AS-2.2", "rule.instructor-party-member"));

        var (recorded, change) = await swd.PutAsync(PartyPath(DemoData.NonPartyInstructor), new { isPartyMember = true });

        Assert.True(recorded == HttpStatusCode.OK, $"{(int)recorded}: {change?.ToJsonString()}");
        Assert.True(change!["isPartyMember"]!.GetValue<bool>());
        Assert.True(change["inBank"]!.GetValue<bool>());
        Assert.True(Row(await ListAsync(), DemoData.NonPartyInstructor)!["isPartyMember"]!.GetValue<bool>());
        var view = await teacher.ActAsync(d.Id, "AcceptInstruction");
        Assert.Equal("GuidanceReview", State(view));

        // Recording "not a member" again is allowed, but warns about the association that needs one.
        var association = (await kit.AddAssociationsAsync(1)).Single();
        await app.WithDbAsync(async db =>
        {
            var t = await db.Teachers.SingleAsync(x => x.StaffNumber == DemoData.NonPartyInstructor);
            var a = await db.Associations.SingleAsync(x => x.Id == association);
            db.Entry(a).Property(x => x.Category).CurrentValue = AssociationCategory.VolunteerPublicWelfare;
            db.InstructorAppointments.Add(new InstructorAppointment(t.UniversityId, association, t.Id, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        (recorded, change) = await swd.PutAsync(PartyPath(DemoData.NonPartyInstructor), new { isPartyMember = false });
        Assert.Equal(HttpStatusCode.OK, recorded);
        Assert.False(change!["isPartyMember"]!.GetValue<bool>());
        var warning = change["warnings"]!.AsArray().Single()!;
        Assert.Equal(("AS-2.2", "instructors.not-party-still-guiding"), (warning["measureId"]!.GetValue<string>(), warning["code"]!.GetValue<string>()));
        var teacherId = await kit.TeacherIdAsync(DemoData.NonPartyInstructor);
        Assert.Equal(["NotPartyMember>PartyMember", "PartyMember>NotPartyMember"], await app.WithDbAsync(db => db.WorkflowHistory
            .Where(h => h.InstanceId == teacherId && h.Trigger == InstructorBankService.PartyTrigger).OrderBy(h => h.Id)
            .Select(h => h.FromState + ">" + h.ToState).ToListAsync()));
    }

    // ---- refusals: status, reason, nothing changed ----

    [Theory]
    [InlineData("2023011003")]            // a student
    [InlineData(DemoData.PartyInstructor)] // an instructor
    [InlineData("phy.league")]             // a college league secretary
    [InlineData("admin")]                  // the university's own administrator: the bank is the department's
    public async Task AS_2_1_only_the_student_work_department_changes_the_bank(string userName)
    {
        var api = await kit.As(userName);
        await AssertCannotChangeAsync(api);
    }

    [Fact]
    public async Task AS_2_1_an_admin_of_another_university_cannot_change_the_bank()
    {
        var code = "OT" + Guid.NewGuid().ToString("N")[..6];
        var (otherUni, otherSwd) = await app.WithDbAsync(async db =>
        {
            var uni = new University(code, "松花江大学", "Songhuajiang University");
            var swd = new OrgUnit(uni.Id, OrgUnitKind.StudentWorkDepartment, "党委学生工作部", "Student Work Department of the Party Committee");
            db.Universities.Add(uni);
            db.OrgUnits.Add(swd);
            await db.SaveChangesAsync();
            return (uni.Id, swd.Id);
        });
        await kit.AddUserAsync(code.ToLowerInvariant() + ".admin", otherUni, Role.UniversityAdmin, null);
        var admin = await kit.As(code.ToLowerInvariant() + ".admin");
        await AssertCannotChangeAsync(admin);
        Assert.Empty(await ListAsync(admin)); // their own university's bank, not ours

        // Even that university's student work department reaches only its own teachers: ours are unknown there.
        await kit.AddUserAsync(code.ToLowerInvariant() + ".swd", otherUni, Role.StudentWorkDepartment, otherSwd);
        var strangerSwd = await kit.As(code.ToLowerInvariant() + ".swd");
        var before = await SnapshotAsync();
        var (status, problem) = await strangerSwd.PostAsync(Bank, new { staffNumber = DemoData.TeacherOutsideBank });
        AssertRefused(status, problem, (null, "application.unknown-teacher"));
        (status, problem) = await DeleteAsync(strangerSwd, DemoData.PartyInstructor, "不应成功");
        AssertRefused(status, problem, (null, "application.unknown-teacher"));
        (status, problem) = await strangerSwd.PutAsync(PartyPath(DemoData.NonPartyInstructor), new { isPartyMember = true });
        AssertRefused(status, problem, (null, "application.unknown-teacher"));
        Assert.Equal(before, await SnapshotAsync());
    }

    private async Task AssertCannotChangeAsync(Api api)
    {
        var before = await SnapshotAsync();
        var list = await ListAsync();
        var inBank = "T01003";
        var partyNow = Row(list, "T01004")!["isPartyMember"]!.GetValue<bool>();

        var (status, problem) = await api.PostAsync(Bank, new { staffNumber = "T01009" });
        AssertForbidden(status, problem, "AS-2.1");
        (status, problem) = await DeleteAsync(api, inBank, "越权移出");
        AssertForbidden(status, problem, "AS-2.1");
        (status, problem) = await api.PutAsync(PartyPath("T01004"), new { isPartyMember = !partyNow });
        AssertForbidden(status, problem, "AS-2.2");

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(list.ToJsonString(), (await ListAsync()).ToJsonString());
    }

    [Fact]
    public async Task AS_2_1_a_provincial_reviewer_has_no_university_bank_to_read()
    {
        var (status, problem) = await (await kit.As("province")).GetAsync(Bank);
        AssertForbidden(status, problem, "AS-2.1", "access.bank-university-only");
    }

    [Fact]
    public async Task AS_2_1_unknown_staff_number_is_refused_with_400()
    {
        var swd = await kit.As(Swd);
        var before = await SnapshotAsync();

        var (status, problem) = await swd.PostAsync(Bank, new { staffNumber = "T99999" });
        AssertRefused(status, problem, (null, "application.unknown-teacher"));
        Assert.Contains("T99999", Message(problem, "application.unknown-teacher"));
        (status, problem) = await swd.PostAsync(Bank, new { staffNumber = " " });
        AssertRefused(status, problem, (null, "instructors.staff-number-required"));
        (status, problem) = await DeleteAsync(swd, "T99999", "查无此人");
        AssertRefused(status, problem, (null, "application.unknown-teacher"));
        (status, problem) = await swd.PutAsync(PartyPath("T99999"), new { isPartyMember = true });
        AssertRefused(status, problem, (null, "application.unknown-teacher"));

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task AS_2_1_duplicate_add_is_refused_with_400()
    {
        var swd = await kit.As(Swd);
        var before = await SnapshotAsync();

        var (status, problem) = await swd.PostAsync(Bank, new { staffNumber = DemoData.PartyInstructor });

        AssertRefused(status, problem, ("AS-2.1", "instructors.already-in-bank"));
        Assert.Contains(DemoData.PartyInstructor, Message(problem, "instructors.already-in-bank"));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task AS_2_1_simultaneous_adds_of_one_teacher_make_one_entry()
    {
        var swd = await kit.As(Swd);
        const string teacher = "T02010";
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => swd.PostAsync(Bank, new { staffNumber = teacher })));

        Assert.Single(results, r => r.Status == HttpStatusCode.Created);
        Assert.All(results.Where(r => r.Status != HttpStatusCode.Created),
            r => AssertRefused(r.Status, r.Body, ("AS-2.1", "instructors.already-in-bank")));
        Assert.Equal(1, await app.WithDbAsync(db => db.InstructorBank.CountAsync(b =>
            b.RemovedAt == null && db.Teachers.Any(t => t.Id == b.TeacherId && t.StaffNumber == teacher))));
    }

    [Fact]
    public void Every_text_key_the_instructor_bank_names_exists_in_both_languages()
    {
        var root = LocalizationTests.RepoRoot();
        var files = new[]
        {
            "src/Workflows/Associations/InstructorBankService.cs", "src/Web/Api/InstructorBankApi.cs",
            "src/Web/Pages/Instructors/Index.cshtml", "src/Web/Pages/Instructors/Index.cshtml.cs", "src/Web/Pages/Shared/_Layout.cshtml",
        };
        var pattern = new Regex("\"((?:instructors|access|application|nav)\\.[a-z0-9.-]+)\"");
        var keys = files.SelectMany(f => pattern.Matches(File.ReadAllText(Path.Combine(root, f))).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.Contains("instructors.removed-still-guiding", keys);
        Assert.All(keys, k => Assert.True(Texts.Has(k) && Texts.Table(Texts.Chinese).ContainsKey(k), k));
    }
}
