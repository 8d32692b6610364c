using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Domain.Associations;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Instructors;
using ReformFlow.Workflows.Jobs;

namespace ReformFlow.Tests.Instructors;

/// <summary>Renewing an instructor (AS-2.1, AS-2.2, AS-1.3) through the HTTP API with a fake clock: the chain, the guards, the refusals.</summary>
public sealed class InstructorRenewalTests
{
    private const string Guidance = "phy.party";

    private static string Proposals(Guid associationId) => $"/api/v1/associations/{associationId}/instructor-renewals";
    private static string Action(Guid id, string action) => $"/api/v1/instructor-renewals/{id}/actions/{action}";

    /// <summary>An active association of <paramref name="category"/> led by one fresh student, guided by the physics college's Party committee.</summary>
    internal static Task<(Guid Id, string Leader)> AssociationAsync(AppFactory app, FoundingKit kit, AssociationCategory category = AssociationCategory.CultureSports) =>
        kit.FreshStudentsAsync(1).ContinueWith(t => app.WithDbAsync(async db =>
        {
            var leader = await db.Students.SingleAsync(s => s.StudentNumber == t.Result[0]);
            var unit = await db.OrgUnits.Where(o => o.Name == FoundingKit.GuidanceUnitName).Select(o => o.Id).SingleAsync();
            var now = app.Clock.GetUtcNow();
            var application = new AssociationApplication(leader.UniversityId, leader.Id, now);
            application.Edit($"续聘协会{Guid.NewGuid():N}"[..10], category, "开展活动，交流学习", unit, FoundingKit.Charter, true, true);
            var association = new Association(leader.UniversityId, $"RN-{Guid.NewGuid():N}"[..15], application, now);
            db.Associations.Add(association);
            db.Memberships.Add(new Membership(leader.UniversityId, association.Id, leader.Id, MemberRole.Leader, now));
            await db.SaveChangesAsync();
            return (association.Id, t.Result[0]);
        })).Unwrap();

    private static async Task<JsonNode> OkAsync(Task<(HttpStatusCode Status, JsonNode? Body)> call, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, body) = await call;
        Assert.True(status == expected, $"{(int)status} {body?.ToJsonString()}");
        return body!;
    }

    private static void AssertRefused(HttpStatusCode expected, (HttpStatusCode Status, JsonNode? Body) actual, string code, string? measureId = null)
    {
        Assert.True(actual.Status == expected, $"expected {(int)expected}, got {(int)actual.Status} {actual.Body?.ToJsonString()}");
        Assert.Contains(actual.Body!["reasons"]!.AsArray(), r => r!["code"]!.GetValue<string>() == code
            && (measureId is null || r["measureId"]?.GetValue<string>() == measureId));
    }

    private static int V(JsonNode view) => view["version"]!.GetValue<int>();
    private static string State(JsonNode view) => view["state"]!.GetValue<string>();
    private static Guid Id(JsonNode view) => view["instanceId"]!.GetValue<Guid>();

    /// <summary>What a refusal must leave as it was: renewals, their states and versions, appointments, tasks and the outbox.</summary>
    private static Task<string> SnapshotAsync(AppFactory app) =>
        app.WithDbAsync(async db =>
        {
            var instances = await db.WorkflowInstances.AsNoTracking().Where(i => i.Process == InstructorRenewalProcess.ProcessName)
                .OrderBy(i => i.Id).Select(i => i.Id + i.State + i.Version).ToListAsync();
            var renewals = (await db.InstructorRenewals.AsNoTracking().ToListAsync()).Select(r => $"{r.Id}{r.CompletedAt}{r.TermEndsAt}").Order();
            var appointments = (await db.InstructorAppointments.AsNoTracking().ToListAsync()).Select(a => $"{a.Id}{a.EndsAt.UtcTicks}{a.EndedAt}").Order();
            return string.Join("|", instances.Concat(renewals).Concat(appointments)
                .Append($"{await db.InboxTasks.CountAsync()}").Append($"{await db.Outbox.CountAsync()}"));
        });

    private static Task<InstructorAppointment> AppointmentAsync(AppFactory app, Guid associationId, string staffNumber) =>
        app.WithDbAsync(db => (from a in db.InstructorAppointments.AsNoTracking()
                               join t in db.Teachers on a.TeacherId equals t.Id
                               where a.AssociationId == associationId && t.StaffNumber == staffNumber
                               select a).SingleAsync());

    [Fact]
    public async Task AS_2_2_reappointment_chain_restarts_the_term_from_the_old_end_with_tasks_reminder_link_and_emails()
    {
        using var app = new AppFactory();
        var kit = new FoundingKit(app);
        var (association, leaderNumber) = await AssociationAsync(app, kit);
        var teacher = (await kit.FreshInstructorsAsync(1)).Single();
        await kit.AddAppointmentsAsync(teacher, [association]);
        var oldEnd = (await AppointmentAsync(app, association, teacher)).EndsAt;

        // 30 days before the term ends the reminder links to the renewal page, the instructor filled in.
        app.Clock.SetUtcNow(oldEnd.AddDays(-30).AddHours(1));
        await using (var scope = app.Scope()) await scope.ServiceProvider.GetRequiredService<InstructorTermJob>().RunAsync();
        var reminder = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.ToAddress.StartsWith(leaderNumber + "@")).Select(m => m.Body).SingleAsync());
        Assert.Contains($"/Associations/Renewals/{association}?staffNumber={teacher}", reminder);

        // The leader proposes; the teacher has the task and accepts; the guidance unit has the task and approves.
        var leader = await Api.SignInAsync(app, leaderNumber);
        var view = await OkAsync(leader.PostAsync(Proposals(association), new { staffNumber = teacher, comment = "指导认真，提请续聘" }), HttpStatusCode.Created);
        Assert.Equal("AwaitingTeacher", State(view));
        Assert.True(view["isReappointment"]!.GetValue<bool>());
        var id = Id(view);
        var t = await Api.SignInAsync(app, teacher);
        Assert.Contains((await t.GetAsync("/api/v1/tasks?pageSize=100&sort=-since")).Body!["items"]!.AsArray(), x => x!["titleKey"]!.GetValue<string>() == "task.renewal-answer" && x["instanceId"]!.GetValue<Guid>() == id);
        view = await OkAsync(t.PostAsync(Action(id, "AcceptInstruction"), new { comment = "愿意继续指导" }));
        Assert.Equal("GuidanceReview", State(view));
        var guidance = await Api.SignInAsync(app, Guidance);
        Assert.Contains((await guidance.GetAsync("/api/v1/tasks?pageSize=100&sort=-since")).Body!["items"]!.AsArray(), x => x!["titleKey"]!.GetValue<string>() == "task.renewal-guidance" && x["instanceId"]!.GetValue<Guid>() == id);
        view = await OkAsync(guidance.PostAsync(Action(id, "GuidanceApprove"), new { comment = "同意续聘", expectedVersion = V(view) }));
        Assert.Equal("Renewed", State(view));
        Assert.True(view["isClosed"]!.GetValue<bool>());

        // The term restarts for one year from the old end (not yet reached): no gap, no overlap; the same appointment.
        var renewed = await AppointmentAsync(app, association, teacher);
        Assert.Equal(oldEnd.AddYears(1), renewed.EndsAt);
        Assert.Equal(oldEnd.AddYears(1), view["termEndsAt"]!.GetValue<DateTimeOffset>());
        Assert.Contains(view["history"]!.AsArray(), h => h!["trigger"]!.GetValue<string>() == "Start" && h["comment"]!.GetValue<string>() == "指导认真，提请续聘");
        Assert.Contains("stateDiagram", view["diagram"]!.GetValue<string>());
        var mail = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Select(m => new { m.ToAddress, m.Subject }).ToListAsync());
        Assert.Contains(mail, m => m.ToAddress.StartsWith(leaderNumber + "@") && m.Subject.Contains("续聘已批准"));
        Assert.Contains(mail, m => m.ToAddress.StartsWith(teacher + "@") && m.Subject.Contains("续聘已批准"));

        // The renewed term is reminded again before its new end (the reminder key carries the end).
        app.Clock.SetUtcNow(renewed.EndsAt.AddDays(-30).AddHours(1));
        await using (var scope = app.Scope()) await scope.ServiceProvider.GetRequiredService<InstructorTermJob>().RunAsync();
        Assert.Equal(2, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.ToAddress.StartsWith(leaderNumber + "@") && m.Body.Contains("/Associations/Renewals/"))));

        // The pages: the leaders' action on the association page, the renewal page with history and diagram.
        var pages = await new EvaluationKit(app).PagesAsAsync(leaderNumber);
        Assert.Contains($"/Associations/Renewals/{association}", await pages.GetStringAsync($"/Associations/Details/{association}"));
        var details = await pages.GetStringAsync($"/Associations/Renewals/Details/{id}");
        Assert.Contains("id=\"history\"", details);
        Assert.Contains("id=\"diagram\"", details);
    }

    [Fact]
    public async Task AS_2_1_another_teacher_of_the_bank_gets_a_new_appointment_and_the_guards_apply_at_every_step()
    {
        using var app = new AppFactory();
        var kit = new FoundingKit(app);
        var (association, leaderNumber) = await AssociationAsync(app, kit);
        var current = (await kit.FreshInstructorsAsync(1)).Single();
        await kit.AddAppointmentsAsync(current, [association]);
        // The term has run out: the association has no instructor in office (AS-1.3).
        app.Clock.Advance(TimeSpan.FromDays(400));
        var other = (await kit.FreshInstructorsAsync(1)).Single();
        var leader = await Api.SignInAsync(app, leaderNumber);
        var view = await OkAsync(leader.PostAsync(Proposals(association), new { staffNumber = other }), HttpStatusCode.Created);
        Assert.False(view["isReappointment"]!.GetValue<bool>());
        var id = Id(view);

        // AS-2.1 again when the teacher answers: removed from the bank meanwhile, they cannot accept; nothing changes.
        await app.WithDbAsync(async db =>
        {
            var tid = await db.Teachers.Where(x => x.StaffNumber == other).Select(x => x.Id).SingleAsync();
            (await db.InstructorBank.SingleAsync(b => b.TeacherId == tid && b.RemovedAt == null)).Remove(app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });
        var t = await Api.SignInAsync(app, other);
        var before = await SnapshotAsync(app);
        AssertRefused(HttpStatusCode.BadRequest, await t.PostAsync(Action(id, "AcceptInstruction"), new { }), "rule.instructor-not-in-bank", "AS-2.1");
        Assert.Equal(before, await SnapshotAsync(app));
        await app.WithDbAsync(async db =>
        {
            var tid = await db.Teachers.Where(x => x.StaffNumber == other).Select(x => x.Id).SingleAsync();
            db.InstructorBank.Add(new InstructorBankEntry(await FoundingKit.DemoUniversityIdAsync(db), tid, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        view = await OkAsync(t.PostAsync(Action(id, "AcceptInstruction"), new { }));

        // The guidance unit returns (a reason is required), the leader resubmits, the unit approves.
        var guidance = await Api.SignInAsync(app, Guidance);
        before = await SnapshotAsync(app);
        AssertRefused(HttpStatusCode.BadRequest, await guidance.PostAsync(Action(id, "GuidanceReturn"), new { comment = " ", expectedVersion = V(view) }), "workflow.comment-required");
        Assert.Equal(before, await SnapshotAsync(app));
        view = await OkAsync(guidance.PostAsync(Action(id, "GuidanceReturn"), new { comment = "请补充该教师的指导计划", expectedVersion = V(view) }));
        Assert.Equal("ReturnedToLeaders", State(view));
        Assert.Contains((await leader.GetAsync("/api/v1/tasks?pageSize=100&sort=-since")).Body!["items"]!.AsArray(), x => x!["titleKey"]!.GetValue<string>() == "task.renewal-returned");
        view = await OkAsync(leader.PostAsync(Action(id, "Resubmit"), new { comment = "已补充指导计划" }));
        Assert.Equal("GuidanceReview", State(view));
        view = await OkAsync(guidance.PostAsync(Action(id, "GuidanceApprove"), new { expectedVersion = V(view) }));
        Assert.Equal("Renewed", State(view));

        // A new one-year appointment from the approval; the old, run-out one is untouched.
        var made = await AppointmentAsync(app, association, other);
        // Times are stored to the millisecond.
        Assert.Equal(app.Clock.GetUtcNow(), made.StartsAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(app.Clock.GetUtcNow().AddYears(1), made.EndsAt, TimeSpan.FromMilliseconds(1));
        Assert.True((await AppointmentAsync(app, association, current)).EndsAt < app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task AS_2_2_a_run_out_term_restarts_from_the_approval()
    {
        using var app = new AppFactory();
        var kit = new FoundingKit(app);
        var (association, leaderNumber) = await AssociationAsync(app, kit);
        var teacher = (await kit.FreshInstructorsAsync(1)).Single();
        await kit.AddAppointmentsAsync(teacher, [association]);
        app.Clock.Advance(TimeSpan.FromDays(380));
        var view = await OkAsync((await Api.SignInAsync(app, leaderNumber)).PostAsync(Proposals(association), new { staffNumber = teacher }), HttpStatusCode.Created);
        var id = Id(view);
        view = await OkAsync((await Api.SignInAsync(app, teacher)).PostAsync(Action(id, "AcceptInstruction"), new { }));
        app.Clock.Advance(TimeSpan.FromDays(3));
        await OkAsync((await Api.SignInAsync(app, Guidance)).PostAsync(Action(id, "GuidanceApprove"), new { expectedVersion = V(view) }));
        Assert.Equal(app.Clock.GetUtcNow().AddYears(1), (await AppointmentAsync(app, association, teacher)).EndsAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task AS_2_1_AS_2_2_proposals_are_refused_with_every_reason_and_change_nothing()
    {
        using var app = new AppFactory();
        var kit = new FoundingKit(app);
        var (association, leaderNumber) = await AssociationAsync(app, kit, AssociationCategory.IdeologicalPolitical);
        var current = (await kit.FreshInstructorsAsync(1, partyMember: true)).Single();
        await kit.AddAppointmentsAsync(current, [association]);
        var leader = await Api.SignInAsync(app, leaderNumber);
        var before = await SnapshotAsync(app);

        // Too early: the term still runs for a year (AS-2.2).
        AssertRefused(HttpStatusCode.BadRequest, await leader.PostAsync(Proposals(association), new { staffNumber = current }), "rule.renewal-too-early", "AS-2.2");
        // Not in the bank (AS-2.1).
        var outside = (await kit.FreshInstructorsAsync(1, partyMember: true)).Single();
        await app.WithDbAsync(async db =>
        {
            var tid = await db.Teachers.Where(x => x.StaffNumber == outside).Select(x => x.Id).SingleAsync();
            (await db.InstructorBank.SingleAsync(b => b.TeacherId == tid && b.RemovedAt == null)).Remove(app.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });
        AssertRefused(HttpStatusCode.BadRequest, await leader.PostAsync(Proposals(association), new { staffNumber = outside }), "rule.instructor-not-in-bank", "AS-2.1");
        // Not a Party member for an ideological-political association (AS-2.2).
        var nonParty = (await kit.FreshInstructorsAsync(1, partyMember: false)).Single();
        AssertRefused(HttpStatusCode.BadRequest, await leader.PostAsync(Proposals(association), new { staffNumber = nonParty }), "rule.instructor-party-member", "AS-2.2");
        // Already guiding two associations (AS-2.2).
        var busy = (await kit.FreshInstructorsAsync(1, partyMember: true)).Single();
        await kit.AddAppointmentsAsync(busy, await kit.AddAssociationsAsync(2));
        before = await SnapshotAsync(app);
        AssertRefused(HttpStatusCode.BadRequest, await leader.PostAsync(Proposals(association), new { staffNumber = busy }), "rule.instructor-too-many", "AS-2.2");
        // An unknown staff number.
        AssertRefused(HttpStatusCode.BadRequest, await leader.PostAsync(Proposals(association), new { staffNumber = "NOPE-1" }), "rule.renewal-unknown-teacher", "AS-2.1");
        Assert.Equal(before, await SnapshotAsync(app));

        // Only the association's current leaders propose: a plain member, the guidance unit and the teacher are refused.
        var member = (await kit.FreshStudentsAsync(1)).Single();
        await new Memberships.MembershipKit(app).AddMemberAsync(member, association);
        var eligible = (await kit.FreshInstructorsAsync(1, partyMember: true)).Single();
        foreach (var who in new[] { member, Guidance, current })
            AssertRefused(HttpStatusCode.Forbidden, await (await Api.SignInAsync(app, who)).PostAsync(Proposals(association), new { staffNumber = eligible }), "access.association-leader-only");
        Assert.Equal(before, await SnapshotAsync(app));

        // One renewal at a time.
        await OkAsync(leader.PostAsync(Proposals(association), new { staffNumber = eligible }), HttpStatusCode.Created);
        before = await SnapshotAsync(app);
        var second = (await kit.FreshInstructorsAsync(1, partyMember: true)).Single();
        AssertRefused(HttpStatusCode.BadRequest, await leader.PostAsync(Proposals(association), new { staffNumber = second }), "rule.renewal-already-open");
        Assert.Equal(before, await SnapshotAsync(app));
    }

    [Fact]
    public async Task AS_2_1_steps_are_refused_by_role_and_scope_and_change_nothing()
    {
        using var app = new AppFactory();
        var kit = new FoundingKit(app);
        var (association, leaderNumber) = await AssociationAsync(app, kit);
        var (otherAssociation, otherLeader) = await AssociationAsync(app, kit);
        var teacher = (await kit.FreshInstructorsAsync(1)).Single();
        var stranger = (await kit.FreshInstructorsAsync(1)).Single();
        var leader = await Api.SignInAsync(app, leaderNumber);
        var view = await OkAsync(leader.PostAsync(Proposals(association), new { staffNumber = teacher }), HttpStatusCode.Created);
        var id = Id(view);
        var before = await SnapshotAsync(app);

        // Only that teacher answers.
        foreach (var who in new[] { stranger, leaderNumber, Guidance })
            AssertRefused(HttpStatusCode.Forbidden, await (await Api.SignInAsync(app, who)).PostAsync(Action(id, "AcceptInstruction"), new { }), "access.renewal-teacher-only");
        Assert.Equal(before, await SnapshotAsync(app));
        view = await OkAsync((await Api.SignInAsync(app, teacher)).PostAsync(Action(id, "AcceptInstruction"), new { }));
        before = await SnapshotAsync(app);

        // Only that association's guidance unit approves: not the leaders, the teacher, or another unit's reviewer.
        foreach (var who in new[] { leaderNumber, teacher, "academic.office" })
            AssertRefused(HttpStatusCode.Forbidden, await (await Api.SignInAsync(app, who)).PostAsync(Action(id, "GuidanceApprove"), new { expectedVersion = V(view) }), "access.guidance-unit-only");
        // Another association's leader neither sees nor withdraws it.
        var outsider = await Api.SignInAsync(app, otherLeader);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/instructor-renewals/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(Proposals(association))).Status);
        Assert.Equal(before, await SnapshotAsync(app));
        var (ownStatus, own) = await outsider.GetAsync(Proposals(otherAssociation));
        Assert.Equal(HttpStatusCode.OK, ownStatus);
        Assert.Empty(own!["items"]!.AsArray());

        // The guidance unit rejects with its reasons; nothing is appointed.
        view = await OkAsync((await Api.SignInAsync(app, Guidance)).PostAsync(Action(id, "GuidanceReject"), new { comment = "该教师本学年工作量已满", expectedVersion = V(view) }));
        Assert.Equal("Rejected", State(view));
        Assert.Equal(0, await app.WithDbAsync(db => db.InstructorAppointments.CountAsync(a => a.AssociationId == association)));
    }

    [Fact]
    public async Task AS_2_2_a_teacher_who_declines_ends_the_renewal()
    {
        using var app = new AppFactory();
        var kit = new FoundingKit(app);
        var (association, leaderNumber) = await AssociationAsync(app, kit);
        var teacher = (await kit.FreshInstructorsAsync(1)).Single();
        var view = await OkAsync((await Api.SignInAsync(app, leaderNumber)).PostAsync(Proposals(association), new { staffNumber = teacher }), HttpStatusCode.Created);
        view = await OkAsync((await Api.SignInAsync(app, teacher)).PostAsync(Action(Id(view), "DeclineInstruction"), new { comment = "本学年出国访学" }));
        Assert.Equal("Declined", State(view));
        Assert.True(view["isClosed"]!.GetValue<bool>());
        Assert.Equal(0, await app.WithDbAsync(db => db.InstructorAppointments.CountAsync(a => a.AssociationId == association)));
        Assert.Contains(await app.WithDbAsync(db => db.Outbox.AsNoTracking().Select(m => new { m.ToAddress, m.Subject }).ToListAsync()),
            m => m.ToAddress.StartsWith(leaderNumber + "@") && m.Subject.Contains("谢绝"));
    }
    /// <summary>One academic year's review of <paramref name="association"/>: the cycle opens, the leader reports, the instructor confirms, the guidance unit and a committee member give opinions and the chair passes it.</summary>
    private static async Task<(HttpStatusCode Status, JsonNode? Body)> SubmitReportAsync(AppFactory app, Guid association, int academicYear)
    {
        const string reviews = "/api/v1/annual-reviews";
        var swd = await Api.SignInAsync(app, "swd");
        await OkAsync(swd.PostAsync($"{reviews}/cycles", new { academicYear, deadline = app.Clock.GetUtcNow().AddDays(30) }));
        var report = await app.WithDbAsync(db => (from r in db.AnnualReports
                                                  join c in db.ReviewCycles on r.CycleId equals c.Id
                                                  join i in db.WorkflowInstances on r.Id equals i.SubjectId
                                                  where r.AssociationId == association && c.AcademicYear == academicYear
                                                  select i.Id).SingleAsync());
        var leader = await Api.SignInAsync(app, DemoData.Initiator);
        var view = await OkAsync(leader.GetAsync($"{reviews}/{report}"));
        var (status, body) = await leader.PostAsync($"{reviews}/{report}/report",
            new { activities = "天文观测 6 次，科普讲座 2 场", finances = "会费收入 2000 元，支出 1500 元", expectedVersion = V(view) });
        if (status != HttpStatusCode.OK) return (status, body);
        view = await OkAsync((await Api.SignInAsync(app, DemoData.PartyInstructor)).PostAsync($"{reviews}/{report}/actions/InstructorConfirm", new { expectedVersion = V(body!) }));
        view = await OkAsync((await Api.SignInAsync(app, Guidance)).PostAsync($"{reviews}/{report}/actions/GuidanceSubmitOpinion", new { expectedVersion = V(view), comment = "活动正常，同意通过" }));
        // AS-1.8: a committee member's opinion comes before the chair's decision.
        view = await OkAsync((await Api.SignInAsync(app, "member1")).PostAsync($"{reviews}/{report}/actions/RecordOpinion", new { vote = "Support" }));
        return await (await Api.SignInAsync(app, "chair")).PostAsync($"{reviews}/{report}/actions/ReviewPass", new { expectedVersion = V(view) });
    }

    [Fact]
    public async Task AS_1_3_two_years_founded_reviewed_instructor_renewed_and_reviewed_again()
    {
        using var app = new AppFactory();
        const string name = "两年观测协会";
        var application = await new Founding(app).UpToCommitteeAsync(name);
        var opinion = await (await Api.SignInAsync(app, "member1")).ActAsync(application, "RecordOpinion", new { vote = "Support" });
        await (await Api.SignInAsync(app, "chair")).ActAsync(application, "CommitteeApprove", new { expectedVersion = Founding.Version(opinion) });
        var association = await app.WithDbAsync(db => db.Associations.Where(a => a.Name == name).Select(a => a.Id).SingleAsync());
        var firstEnd = (await AppointmentAsync(app, association, DemoData.PartyInstructor)).EndsAt;

        // Year one: the review passes with the founding instructor in office.
        var firstYear = app.Clock.GetUtcNow().Year;
        Assert.Equal("Passed", State(await OkAsync(SubmitReportAsync(app, association, firstYear))));

        // Twenty days before the one-year term ends the leader renews the instructor; the teacher accepts, the unit approves.
        app.Clock.SetUtcNow(firstEnd.AddDays(-20));
        var view = await OkAsync((await Api.SignInAsync(app, DemoData.Initiator)).PostAsync(Proposals(association), new { staffNumber = DemoData.PartyInstructor }), HttpStatusCode.Created);
        view = await OkAsync((await Api.SignInAsync(app, DemoData.PartyInstructor)).PostAsync(Action(Id(view), "AcceptInstruction"), new { }));
        view = await OkAsync((await Api.SignInAsync(app, Guidance)).PostAsync(Action(Id(view), "GuidanceApprove"), new { expectedVersion = V(view) }));
        Assert.Equal("Renewed", State(view));

        // Year two, after the first term would have ended: the annual review finds the instructor in office (AS-1.3) and passes.
        app.Clock.SetUtcNow(firstEnd.AddDays(40));
        Assert.Equal("Passed", State(await OkAsync(SubmitReportAsync(app, association, firstYear + 1))));
        Assert.Equal(AssociationStatus.Active, await app.WithDbAsync(db => db.Associations.Where(a => a.Id == association).Select(a => a.Status).SingleAsync()));
    }
    [Fact]
    public async Task AS_2_1_leaders_propose_through_the_page_and_a_refusal_is_shown_in_the_form()
    {
        using var app = new AppFactory();
        var kit = new FoundingKit(app);
        var (association, leaderNumber) = await AssociationAsync(app, kit);
        var teacher = (await kit.FreshInstructorsAsync(1)).Single();
        var pages = await new EvaluationKit(app).PagesAsAsync(leaderNumber);
        var form = await pages.GetStringAsync($"/Associations/Renewals/{association}?staffNumber={teacher}");
        Assert.Contains($"value=\"{teacher}\"", form);
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        Task<HttpResponseMessage> Post(string staffNumber) => pages.PostAsync($"/Associations/Renewals/{association}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["StaffNumber"] = staffNumber, ["Comment"] = "提请续聘", ["__RequestVerificationToken"] = token,
        }));

        var refused = await Post("NOPE-1");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.True(page.Contains("本校没有工号为") || page.Contains("There is no teacher with staff number"), page);
        Assert.Equal(0, await app.WithDbAsync(db => db.InstructorRenewals.CountAsync()));

        var made = await Post(teacher);
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        Assert.StartsWith("/Associations/Renewals/Details/", made.Headers.Location!.OriginalString);
        Assert.Equal(1, await app.WithDbAsync(db => db.InstructorRenewals.CountAsync()));
    }
}
