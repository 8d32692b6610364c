using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Demo;
using static ReformFlow.Tests.Associations.FoundingKit;

namespace ReformFlow.Tests.Associations;

/// <summary>One test per founding guard, named by its measure: the refusal's status, reasons and measure, and that nothing changed.</summary>
public sealed class FoundingRuleTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly FoundingKit kit = new(app);

    private const string Applications = "/api/v1/association-applications";

    private Task<int> ApplicationCountAsync(string initiatorNumber) =>
        app.WithDbAsync(async db =>
        {
            var sid = await db.Students.Where(s => s.StudentNumber == initiatorNumber).Select(s => s.Id).SingleAsync();
            return await db.AssociationApplications.CountAsync(a => a.InitiatorStudentId == sid);
        });

    private Task<string> StudentNameAsync(string number) =>
        app.WithDbAsync(db => db.Students.Where(s => s.StudentNumber == number).Select(s => s.Name).SingleAsync());

    private async Task<(HttpStatusCode, JsonNode?)> SubmitAsync(TestDraft d, JsonNode before) =>
        await d.Initiator.PostAsync($"{Applications}/{d.Id}/actions/Submit", new { expectedVersion = Version(before) });

    // ---- AS-1.1 sponsors ----

    [Fact]
    public async Task AS_1_1_submit_refused_with_fewer_than_20_confirmed_sponsors()
    {
        // The initiator and 18 classmates have confirmed; a 19th is invited but has not answered yet.
        var d = await kit.DraftAsync("星空摄影社", sponsors: 18);
        var late = (await kit.FreshStudentsAsync(1)).Single();
        var (invited, _) = await d.Initiator.PostAsync($"{Applications}/{d.Id}/sponsors", new { studentNumbers = new[] { late } });
        Assert.Equal(HttpStatusCode.OK, invited);
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        var confirmed = before["confirmedSponsors"]!.GetValue<int>();
        var minimum = before["minimumSponsors"]!.GetValue<int>();
        Assert.Equal(19, confirmed);
        Assert.Equal(FoundingRules.MinimumSponsors, minimum);

        var (status, problem) = await SubmitAsync(d, before);

        AssertRefused(status, problem, ("AS-1.1", "rule.sponsors-too-few"));
        var message = Message(problem, "rule.sponsors-too-few");
        Assert.Contains(confirmed.ToString(), message);
        Assert.Contains(minimum.ToString(), message);
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);

        // The 20th confirmation is enough: "more than 20" is read as "at least 20".
        await kit.ActAsUserAsync(late, d.Id, "ConfirmSponsorship");
        var view = await kit.SubmitAsync(d);
        Assert.Equal("AwaitingInstructors", State(view));
    }

    [Fact]
    public async Task AS_1_1_punished_sponsor_is_named_in_the_refusal()
    {
        var d = await kit.DraftAsync("围棋协会", sponsors: 18, extraSponsors: [DemoData.PunishedStudent]);
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        Assert.Equal(FoundingRules.MinimumSponsors, before["confirmedSponsors"]!.GetValue<int>());
        var punished = before["sponsors"]!.AsArray().Single(s => s!["studentNumber"]!.GetValue<string>() == DemoData.PunishedStudent)!;
        // The initiator learns "not eligible", not why (docs/decisions/0009); the refusal below names the rule.
        Assert.False(punished["eligible"]!.GetValue<bool>());
        Assert.Null(punished["punished"]);

        var (status, problem) = await SubmitAsync(d, before);

        AssertRefused(status, problem, ("AS-1.1", "rule.sponsor-ineligible"));
        var message = Message(problem, "rule.sponsor-ineligible");
        Assert.Contains(DemoData.PunishedStudent, message);
        Assert.Contains(await StudentNameAsync(DemoData.PunishedStudent), message);
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
    }

    [Fact]
    public async Task AS_1_1_sponsor_without_formal_status_is_refused()
    {
        var d = await kit.DraftAsync("书法社", sponsors: 18, extraSponsors: [DemoData.SuspendedStudent]);
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        Assert.Equal(FoundingRules.MinimumSponsors, before["confirmedSponsors"]!.GetValue<int>());

        var (status, problem) = await SubmitAsync(d, before);

        AssertRefused(status, problem, ("AS-1.1", "rule.sponsor-ineligible"));
        var message = Message(problem, "rule.sponsor-ineligible");
        Assert.Contains(DemoData.SuspendedStudent, message);
        Assert.Contains(await StudentNameAsync(DemoData.SuspendedStudent), message);
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
    }

    [Fact]
    public async Task AS_1_1_student_without_formal_status_cannot_start_an_application()
    {
        var suspended = await kit.As(DemoData.SuspendedStudent);
        var countBefore = await ApplicationCountAsync(DemoData.SuspendedStudent);

        var (status, problem) = await suspended.PostAsync(Applications, await kit.BodyAsync("停学学生的社团", instructors: [DemoData.PartyInstructor]));

        AssertRefused(status, problem, ("AS-1.1", "rule.initiator-not-enrolled"));
        Assert.Equal(countBefore, await ApplicationCountAsync(DemoData.SuspendedStudent));
    }

    // ---- AS-3.2 at most two associations per student ----

    [Fact]
    public async Task AS_3_2_sponsor_already_in_two_associations_is_refused()
    {
        var d = await kit.DraftAsync("桥牌社");
        var busy = d.Sponsors[5];
        await kit.AddMembershipsAsync(busy, await kit.AddAssociationsAsync(2));
        var before = await kit.ViewAsync(d.Id, d.Initiator);

        var (status, problem) = await SubmitAsync(d, before);

        AssertRefused(status, problem, ("AS-3.2", "rule.sponsor-too-many-associations"));
        var message = Message(problem, "rule.sponsor-too-many-associations");
        Assert.Contains(busy, message);
        Assert.Contains(await StudentNameAsync(busy), message);
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
    }

    [Fact]
    public async Task AS_3_2_a_submitted_open_application_counts_towards_the_limit()
    {
        // One membership already, and sponsor of another application under review: a third would exceed two.
        var first = await kit.DraftAsync("街舞社");
        var busy = first.Sponsors[3];
        await kit.AddMembershipsAsync(busy, await kit.AddAssociationsAsync(1));
        Assert.Equal("AwaitingInstructors", State(await kit.SubmitAsync(first)));
        var second = await kit.DraftAsync("民乐团", sponsors: 18, extraSponsors: [busy]);
        var before = await kit.ViewAsync(second.Id, second.Initiator);

        var (status, problem) = await SubmitAsync(second, before);

        AssertRefused(status, problem, ("AS-3.2", "rule.sponsor-too-many-associations"));
        Assert.Contains(busy, Message(problem, "rule.sponsor-too-many-associations"));
        await kit.AssertUnchangedAsync(second.Id, before, second.Initiator);
    }

    [Fact]
    public async Task AS_3_2_limit_is_checked_again_at_registration()
    {
        var d = await kit.DraftAsync("模拟联合国协会");
        await kit.ToCommitteeAsync(d);
        await (await kit.As("member1")).ActAsync(d.Id, "RecordOpinion", new { vote = "Support", comment = "同意" });
        // Meanwhile one sponsor joined two other associations.
        var busy = d.Sponsors[0];
        await kit.AddMembershipsAsync(busy, await kit.AddAssociationsAsync(2));
        var chair = await kit.As("chair");
        var before = await kit.ViewAsync(d.Id, chair);

        var (status, problem) = await chair.PostAsync($"{Applications}/{d.Id}/actions/CommitteeApprove", new { expectedVersion = Version(before) });

        AssertRefused(status, problem, ("AS-3.2", "rule.sponsor-too-many-associations"));
        Assert.Contains(busy, Message(problem, "rule.sponsor-too-many-associations"));
        await kit.AssertUnchangedAsync(d.Id, before, chair);
        Assert.Null(before["registrationNumber"]?.GetValue<string>());
    }

    // Regression: registration once re-checked only AS-3.2, so a sponsor suspended between submission and the
    // committee's decision became a founding member. AS-3.1 is now checked again at registration.
    [Fact]
    public async Task AS_3_1_sponsor_who_lost_formal_status_before_registration_does_not_become_a_member()
    {
        var d = await kit.DraftAsync("古典吉他社");
        await kit.ToCommitteeAsync(d);
        var opinion = await (await kit.As("member1")).ActAsync(d.Id, "RecordOpinion", new { vote = "Support" });
        var suspended = d.Sponsors[4];
        var suspendedId = await kit.StudentIdAsync(suspended);
        await app.WithDbAsync(async db =>
        {
            (await db.Students.SingleAsync(s => s.Id == suspendedId)).ChangeStatus(Domain.Organisation.StudentStatus.Suspended);
            return await db.SaveChangesAsync();
        });

        await (await kit.As("chair")).PostAsync($"{Applications}/{d.Id}/actions/CommitteeApprove", new { expectedVersion = Version(opinion) });

        Assert.False(await app.WithDbAsync(db => db.Memberships.AnyAsync(m => m.StudentId == suspendedId && m.LeftAt == null)),
            $"{suspended} has no formal student status but was made a member");
    }

    // ---- AS-1.2 guidance unit ----

    [Theory]
    [InlineData("学生社团管理评审委员会")] // the review committee
    [InlineData("物理学院团委")]           // a college league organisation
    [InlineData("校团委")]                 // the school league committee
    [InlineData("物理2301班团支部")]       // a class league branch
    public async Task AS_1_2_guidance_unit_must_be_department_college_party_or_institute(string unitName)
    {
        var initiator = (await kit.FreshStudentsAsync(1)).Single();
        var student = await kit.As(initiator);

        var (status, problem) = await student.PostAsync(Applications, await kit.BodyAsync("无线电测向协会", instructors: [DemoData.PartyInstructor], unit: unitName));

        AssertRefused(status, problem, ("AS-1.2", "rule.guidance-unit-kind"));
        Assert.Contains(unitName, Message(problem, "rule.guidance-unit-kind"));
        Assert.Equal(0, await ApplicationCountAsync(initiator));

        // The same refusal when an existing draft is changed to that unit.
        var good = await kit.BodyAsync("无线电测向协会", instructors: [DemoData.PartyInstructor]);
        var (created, draft) = await student.PostAsync(Applications, good);
        Assert.Equal(HttpStatusCode.Created, created);
        var id = draft!["instanceId"]!.GetValue<Guid>();
        var (edited, editProblem) = await student.PutAsync($"{Applications}/{id}", good with { GuidanceUnitId = await kit.UnitIdAsync(unitName) });
        AssertRefused(edited, editProblem, ("AS-1.2", "rule.guidance-unit-kind"));
        var after = await kit.ViewAsync(id, student);
        await kit.AssertUnchangedAsync(id, draft, student);
        Assert.Equal(FoundingKit.GuidanceUnitName, after["guidanceUnit"]!.GetValue<string>());
    }

    [Fact]
    public async Task AS_1_2_deactivated_guidance_unit_refused_also_by_id_through_the_api()
    {
        // A functional department the administrator adds and later deactivates: the picker no longer offers it,
        // and a script that still sends its id is refused with the unit named.
        var admin = await kit.As("admin");
        var (created, unit) = await admin.PostAsync("/api/v1/admin/structure/units", new { kind = "FunctionalDepartment", name = "临时筹备办公室", nameEn = "Interim office" });
        Assert.Equal(HttpStatusCode.Created, created);
        var unitId = unit!["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/structure/units/{unitId}/deactivate")).Status);

        var initiator = (await kit.FreshStudentsAsync(1)).Single();
        var student = await kit.As(initiator);
        var body = await kit.BodyAsync("定向越野协会", instructors: [DemoData.PartyInstructor]);
        var (status, problem) = await student.PostAsync(Applications, body with { GuidanceUnitId = unitId });

        AssertRefused(status, problem, ("AS-1.2", "structure.unit-inactive"));
        Assert.Contains("临时筹备办公室", Message(problem, "structure.unit-inactive"));
        Assert.Equal(0, await ApplicationCountAsync(initiator));
    }

    [Theory]
    [InlineData("教务处")]          // a functional department
    [InlineData("物理学院党委")]    // a college party organisation
    [InlineData("人工智能研究院")]  // a research institute
    public async Task AS_1_2_department_college_party_or_institute_is_accepted(string unitName)
    {
        var initiator = (await kit.FreshStudentsAsync(1)).Single();
        var (status, view) = await (await kit.As(initiator)).PostAsync(Applications,
            await kit.BodyAsync("机器人协会", instructors: [DemoData.PartyInstructor], unit: unitName));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(unitName, view!["guidanceUnit"]!.GetValue<string>());
        Assert.Equal("Draft", State(view));
    }

    // ---- AS-1.3 instructor ----

    [Fact]
    public async Task AS_1_3_at_least_one_instructor_must_accept()
    {
        // No instructor at all: refused at the draft.
        var lone = (await kit.FreshStudentsAsync(1)).Single();
        var (status, problem) = await (await kit.As(lone)).PostAsync(Applications, await kit.BodyAsync("合唱团", instructors: []));
        AssertRefused(status, problem, ("AS-1.3", "rule.instructor-required"));
        Assert.Equal(0, await ApplicationCountAsync(lone));

        // Two proposed, both decline: back to the initiator as a draft to revise.
        var teachers = await kit.FreshInstructorsAsync(2);
        var d = await kit.DraftAsync("合唱团", instructors: teachers);
        await kit.SubmitAsync(d);
        var view = await (await kit.As(teachers[0])).ActAsync(d.Id, "DeclineInstruction", new { comment = "本学期课程太多" });
        Assert.Equal("AwaitingInstructors", State(view));
        view = await (await kit.As(teachers[1])).ActAsync(d.Id, "DeclineInstruction", new { comment = "不熟悉该领域" });

        Assert.Equal("Draft", State(view));
        Assert.All(view["instructors"]!.AsArray(), i => Assert.Equal("Declined", i!["response"]!.GetValue<string>()));
        var last = History(view).Last()!;
        Assert.Equal("NoInstructorAccepted", last["trigger"]!.GetValue<string>());
        Assert.Equal("System", last["role"]!.GetValue<string>());
        Assert.Equal("AwaitingInstructors", last["from"]!.GetValue<string>());
        Assert.Equal("Draft", last["to"]!.GetValue<string>());
        var tasks = TasksFor(await kit.TasksAsync(d.Initiator), d.Id).ToList();
        Assert.Equal("task.revise-application", Assert.Single(tasks)["titleKey"]!.GetValue<string>());
        foreach (var t in teachers)
            Assert.Empty(TasksFor(await kit.TasksAsync(await kit.As(t)), d.Id));
        var own = await kit.ViewAsync(d.Id, d.Initiator);
        Assert.Contains(own["actions"]!.AsArray(), a => a!["trigger"]!.GetValue<string>() == "Submit");
        Assert.Contains(own["actions"]!.AsArray(), a => a!["trigger"]!.GetValue<string>() == "Edit");
    }

    // ---- AS-2.1 instructor bank ----

    [Fact]
    public async Task AS_2_1_instructor_outside_bank_is_refused()
    {
        var outsider = await app.WithDbAsync(db => db.Teachers.SingleAsync(t => t.StaffNumber == DemoData.TeacherOutsideBank));
        var initiator = (await kit.FreshStudentsAsync(1)).Single();
        var student = await kit.As(initiator);

        var (status, problem) = await student.PostAsync(Applications, await kit.BodyAsync("茶艺社", instructors: [DemoData.TeacherOutsideBank]));

        AssertRefused(status, problem, ("AS-2.1", "rule.instructor-not-in-bank"));
        Assert.Contains(outsider.Name, Message(problem, "rule.instructor-not-in-bank"));
        Assert.Equal(0, await ApplicationCountAsync(initiator));

        // Adding the outsider to an existing draft is refused too, and the draft keeps its instructors.
        var good = await kit.BodyAsync("茶艺社", instructors: [DemoData.PartyInstructor]);
        var (_, draft) = await student.PostAsync(Applications, good);
        var id = draft!["instanceId"]!.GetValue<Guid>();
        var (edited, editProblem) = await student.PutAsync($"{Applications}/{id}",
            good with { InstructorStaffNumbers = [DemoData.PartyInstructor, DemoData.TeacherOutsideBank] });
        AssertRefused(edited, editProblem, ("AS-2.1", "rule.instructor-not-in-bank"));
        await kit.AssertUnchangedAsync(id, draft, student);
    }

    [Fact]
    public async Task AS_2_1_instructor_removed_from_bank_cannot_accept()
    {
        var d = await kit.DraftAsync("篆刻社");
        await kit.SubmitAsync(d);
        var teacher = d.Instructors.Single();
        var teacherId = await kit.TeacherIdAsync(teacher);
        await app.WithDbAsync(async db =>
        {
            foreach (var e in await db.InstructorBank.Where(b => b.TeacherId == teacherId).ToListAsync()) e.Remove(app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });
        var before = await kit.ViewAsync(d.Id, d.Initiator);

        var (status, problem) = await (await kit.As(teacher)).PostAsync($"{Applications}/{d.Id}/actions/AcceptInstruction");

        AssertRefused(status, problem, ("AS-2.1", "rule.instructor-not-in-bank"));
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
    }

    // ---- AS-2.2 instructors: Party members for some categories, at most two associations ----

    [Theory]
    [InlineData("IdeologicalPolitical")]
    [InlineData("VolunteerPublicWelfare")]
    public async Task AS_2_2_non_party_instructor_refused_for_ideological_political_association(string category)
    {
        var nonParty = await app.WithDbAsync(db => db.Teachers.SingleAsync(t => t.StaffNumber == DemoData.NonPartyInstructor));
        Assert.False(nonParty.IsPartyMember);
        var d = await kit.DraftAsync($"理论学习社{category}"[..10], category: category, instructors: [DemoData.NonPartyInstructor]);
        var submitted = await kit.SubmitAsync(d);
        Assert.Equal("AwaitingInstructors", State(submitted));
        var teacher = await kit.As(DemoData.NonPartyInstructor);
        var before = await kit.ViewAsync(d.Id, d.Initiator);

        var (status, problem) = await teacher.PostAsync($"{Applications}/{d.Id}/actions/AcceptInstruction");

        AssertRefused(status, problem, ("AS-2.2", "rule.instructor-party-member"));
        Assert.Contains(nonParty.Name, Message(problem, "rule.instructor-party-member"));
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);
        Assert.Equal("Pending", before["instructors"]![0]!["response"]!.GetValue<string>());
    }

    [Fact]
    public async Task AS_2_2_instructor_guides_at_most_two_associations()
    {
        var teacher = (await kit.FreshInstructorsAsync(1)).Single();
        var teacherName = await app.WithDbAsync(db => db.Teachers.Where(t => t.StaffNumber == teacher).Select(t => t.Name).SingleAsync());
        // Already appointed to one association, and accepts a second application: two in all.
        await kit.AddAppointmentsAsync(teacher, await kit.AddAssociationsAsync(1));
        var first = await kit.DraftAsync("航模社", instructors: [teacher]);
        Assert.Equal("GuidanceReview", State(await kit.ToGuidanceAsync(first)));

        var third = await kit.DraftAsync("摄影协会", instructors: [teacher]);
        await kit.SubmitAsync(third);
        var before = await kit.ViewAsync(third.Id, third.Initiator);

        var (status, problem) = await (await kit.As(teacher)).PostAsync($"{Applications}/{third.Id}/actions/AcceptInstruction");

        AssertRefused(status, problem, ("AS-2.2", "rule.instructor-too-many"));
        var message = Message(problem, "rule.instructor-too-many");
        Assert.Contains(teacherName, message);
        Assert.Contains(FoundingRules.MaxAssociationsPerInstructor.ToString(), message);
        await kit.AssertUnchangedAsync(third.Id, before, third.Initiator);
    }

    [Fact]
    public async Task AS_2_2_appointments_whose_one_year_term_has_ended_do_not_count()
    {
        var teacher = (await kit.FreshInstructorsAsync(1)).Single();
        // Two appointments that began more than a year ago have ended (AS-2.2 term): they do not count.
        var old = await kit.AddAssociationsAsync(2);
        await app.WithDbAsync(async db =>
        {
            var t = await db.Teachers.SingleAsync(x => x.StaffNumber == teacher);
            foreach (var a in old)
                db.InstructorAppointments.Add(new InstructorAppointment(t.UniversityId, a, t.Id, app.Clock.GetUtcNow().AddYears(-1).AddDays(-1)));
            return await db.SaveChangesAsync();
        });
        var d = await kit.DraftAsync("口琴社", instructors: [teacher]);

        var view = await kit.ToGuidanceAsync(d);

        Assert.Equal("Accepted", view["instructors"]![0]!["response"]!.GetValue<string>());
    }

    // ---- AS-1.4 charter ----

    [Fact]
    public async Task AS_1_4_charter_required()
    {
        var d = await kit.DraftAsync("读书会", change: b => b with { CharterText = null });
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        Assert.Null(before["charterText"]?.GetValue<string>());

        var (status, problem) = await SubmitAsync(d, before);

        AssertRefused(status, problem, ("AS-1.4", "rule.charter-required"));
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);

        // An attached charter file satisfies the rule. (The edit after the upload puts back the instructors
        // the upload drops: see AS_1_4_attaching_a_charter_keeps_the_proposed_instructors.)
        var (uploaded, _) = await UploadAsync(d.Initiator, d.Id, "charter.pdf", Pdf(200));
        Assert.Equal(HttpStatusCode.OK, uploaded);
        var (edited, _) = await d.Initiator.PutAsync($"{Applications}/{d.Id}", d.Body);
        Assert.Equal(HttpStatusCode.OK, edited);
        var submitted = await kit.SubmitAsync(d);
        Assert.Equal("AwaitingInstructors", State(submitted));
        Assert.Null(submitted["charterText"]?.GetValue<string>());
        Assert.Equal("charter.pdf", submitted["charterFileName"]!.GetValue<string>());
    }

    // Regression: uploading a charter once rebuilt the draft from an application loaded without its
    // instructors, which removed them all; the upload is now its own AttachCharter step.
    [Fact]
    public async Task AS_1_4_attaching_a_charter_keeps_the_proposed_instructors()
    {
        var initiator = (await kit.FreshStudentsAsync(1)).Single();
        var student = await kit.As(initiator);
        var (_, draft) = await student.PostAsync(Applications, await kit.BodyAsync("陶艺社", instructors: [DemoData.PartyInstructor]) with { CharterText = null });
        var id = draft!["instanceId"]!.GetValue<Guid>();
        Assert.Single(draft["instructors"]!.AsArray());

        var (status, view) = await UploadAsync(student, id, "charter.pdf", Pdf(200));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("charter.pdf", view!["charterFileName"]!.GetValue<string>());
        Assert.Equal(draft["instructors"]!.ToJsonString(), view["instructors"]!.ToJsonString());
    }

    [Fact]
    public async Task AS_1_4_charter_upload_checks_type_and_size()
    {
        var initiator = (await kit.FreshStudentsAsync(1)).Single();
        var student = await kit.As(initiator);
        var (_, draft) = await student.PostAsync(Applications, await kit.BodyAsync("诗社", instructors: [DemoData.PartyInstructor]) with { CharterText = null });
        var id = draft!["instanceId"]!.GetValue<Guid>();

        var refusals = new (string File, byte[] Content, string Code)[]
        {
            ("charter.txt", Encoding.UTF8.GetBytes("%PDF-1.4 plain text pretending"), "application.charter-type"),
            ("charter.pdf", Encoding.UTF8.GetBytes("<html>not a pdf</html>"), "application.charter-type"),
            ("charter.docx", Pdf(100), "application.charter-type"),
            ("charter.pdf", [], "application.charter-empty"),
            ("charter.pdf", Pdf((int)FoundingService.MaxCharterBytes + 1), "application.charter-too-large"),
        };
        foreach (var (file, content, code) in refusals)
        {
            var (status, problem) = await UploadAsync(student, id, file, content);
            AssertRefused(status, problem, ("AS-1.4", code));
            await kit.AssertUnchangedAsync(id, draft, student);
            Assert.Null((await kit.ViewAsync(id, student))["charterFileName"]?.GetValue<string>());
        }

        var pdf = Pdf(300);
        var (ok, view) = await UploadAsync(student, id, "章程.pdf", pdf);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("章程.pdf", view!["charterFileName"]!.GetValue<string>());
        Assert.Equal(Version(draft) + 1, Version(view));
        var edit = History(view).Last()!;
        Assert.Equal("AttachCharter", edit["trigger"]!.GetValue<string>());
        Assert.Equal("章程.pdf", edit["comment"]!.GetValue<string>());
        using var download = await student.Http.GetAsync($"{Applications}/{id}/charter");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());

        // Exactly the limit is still accepted; a real .docx starts with the zip signature.
        var (atLimit, _) = await UploadAsync(student, id, "charter-full.pdf", Pdf((int)FoundingService.MaxCharterBytes));
        Assert.Equal(HttpStatusCode.OK, atLimit);
        var (docx, docxView) = await UploadAsync(student, id, "charter.docx", [(byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0]);
        Assert.Equal(HttpStatusCode.OK, docx);
        Assert.Equal("charter.docx", docxView!["charterFileName"]!.GetValue<string>());
    }

    private static byte[] Pdf(int size)
    {
        var head = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n");
        var tail = Encoding.ASCII.GetBytes("\n%%EOF\n");
        var bytes = new byte[Math.Max(size, head.Length + tail.Length)];
        Array.Fill(bytes, (byte)' ');
        head.CopyTo(bytes, 0);
        tail.CopyTo(bytes, bytes.Length - tail.Length);
        return bytes[..size];
    }

    private static async Task<(HttpStatusCode, JsonNode?)> UploadAsync(Api api, Guid id, string fileName, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        using var response = await api.Http.PostAsync($"{Applications}/{id}/charter", form);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    // ---- AS-1.6 declarations and names ----

    [Fact]
    public async Task AS_1_6_declarations_required_and_company_like_names_flagged()
    {
        const string name = "华为科技有限公司俱乐部";
        var d = await kit.DraftAsync(name, change: b => b with { DeclaresNoOutsideSponsor = false, DeclaresNoForeignAffairs = false });
        var before = await kit.ViewAsync(d.Id, d.Initiator);
        var flags = before["nameFlags"]!.GetValue<string>();
        Assert.NotEmpty(flags);
        Assert.Contains("公司", flags);

        var (status, problem) = await SubmitAsync(d, before);
        AssertRefused(status, problem, ("AS-1.6", "rule.declaration-required"));
        await kit.AssertUnchangedAsync(d.Id, before, d.Initiator);

        // One declaration is not enough.
        var (edited, half) = await d.Initiator.PutAsync($"{Applications}/{d.Id}", d.Body with { DeclaresNoOutsideSponsor = true, DeclaresNoForeignAffairs = false });
        Assert.Equal(HttpStatusCode.OK, edited);
        (status, problem) = await SubmitAsync(d, half!);
        AssertRefused(status, problem, ("AS-1.6", "rule.declaration-required"));
        await kit.AssertUnchangedAsync(d.Id, half!, d.Initiator);

        // With both, the flagged name does not block: reviewers see the flags and decide ("in principle").
        await d.Initiator.PutAsync($"{Applications}/{d.Id}", d.Body with { DeclaresNoOutsideSponsor = true, DeclaresNoForeignAffairs = true });
        var submitted = await kit.SubmitAsync(d);
        Assert.Equal("AwaitingInstructors", State(submitted));
        Assert.Equal(flags, (await kit.ViewAsync(d.Id, await kit.As(GuidanceAccount)))["nameFlags"]!.GetValue<string>());
    }

    [Fact]
    public async Task AS_1_6_plain_names_are_not_flagged()
    {
        var initiator = (await kit.FreshStudentsAsync(1)).Single();
        var (status, view) = await (await kit.As(initiator)).PostAsync(Applications, await kit.BodyAsync("天文观测社", instructors: [DemoData.PartyInstructor]));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("", view!["nameFlags"]!.GetValue<string>());
    }

    // ---- AS-1.8 committee ----

    [Fact]
    public async Task AS_1_8_chair_cannot_decide_before_a_member_opinion()
    {
        var d = await kit.DraftAsync("辩论协会");
        await kit.ToCommitteeAsync(d);
        var chair = await kit.As("chair");
        var before = await kit.ViewAsync(d.Id, chair);
        Assert.Empty(before["opinions"]!.AsArray());
        var approve = before["actions"]!.AsArray().Single(a => a!["trigger"]!.GetValue<string>() == "CommitteeApprove")!;
        Assert.Contains(approve["blockers"]!.AsArray(), b => b!["key"]!.GetValue<string>() == "rule.committee-opinion-required");

        var (status, problem) = await chair.PostAsync($"{Applications}/{d.Id}/actions/CommitteeApprove", new { expectedVersion = Version(before) });

        AssertRefused(status, problem, ("AS-1.8", "rule.committee-opinion-required"));
        await kit.AssertUnchangedAsync(d.Id, before, chair);

        var opinion = await (await kit.As("member2")).ActAsync(d.Id, "RecordOpinion", new { vote = "Support", comment = "章程规范" });
        var registered = await chair.ActAsync(d.Id, "CommitteeApprove", new { expectedVersion = Version(opinion) });
        Assert.Equal("Registered", State(registered));
    }
}
