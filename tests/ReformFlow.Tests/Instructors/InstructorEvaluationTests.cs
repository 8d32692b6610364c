using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Jobs;
using static ReformFlow.Tests.Instructors.EvaluationKit;

namespace ReformFlow.Tests.Instructors;

/// <summary>The yearly instructor evaluation (AS-2.3, AS-2.4) through the job and the HTTP API, with a fake clock.</summary>
public sealed class InstructorEvaluationTests
{
    [Fact]
    public async Task AS_2_4_failed_instructor_appointments_end_in_every_association_and_the_gaps_are_flagged()
    {
        using var app = new AppFactory();
        var kit = await new EvaluationKit(app).SetUpAsync();
        var opening = kit.NextOpening();
        app.Clock.SetUtcNow(opening);
        await kit.OpenAsync();
        var a = await kit.InstanceOfAsync(kit.A.Id);
        var b = await kit.InstanceOfAsync(kit.B.Id);

        // Every member of A has a task to rate, with the window's end as due date; the teacher sees both evaluations.
        var member = await kit.As(kit.MembersOfA[0]);
        var (_, tasks) = await member.GetAsync("/api/v1/tasks?pageSize=100&sort=-since");
        var task = Assert.Single(tasks!["items"]!.AsArray(), t => t!["titleKey"]!.GetValue<string>() == "task.evaluation-rate");
        Assert.Equal(opening.AddHours(-10).AddDays(14), task!["dueAt"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMinutes(1));
        var teacher = await kit.As(kit.Teacher);
        Assert.Equal(2, (await teacher.GetAsync(EvaluationKit.Path)).Body!["items"]!.AsArray().Count);

        // Members rate (rating again replaces); the leader cannot close early while someone has not rated.
        await OkAsync(RateAsync(member, a, "Excellent"));
        var view = await OkAsync(RateAsync(member, a, "Failed", "很少参加活动指导"));
        Assert.Equal("Failed", view["myRating"]!.GetValue<string>());
        Assert.Null(view["ratings"]); // members see counts, not who rated what
        Assert.All(view["history"]!.AsArray().Where(h => h!["trigger"]!.GetValue<string>() == "Rate"), h => Assert.Equal("", h!["actor"]!.GetValue<string>()));
        var leaderA = await kit.As(kit.A.Leader);
        await OkAsync(RateAsync(leaderA, a, "Failed", "一学年未到场指导"));
        AssertRefused(HttpStatusCode.BadRequest, await ActAsync(leaderA, a, "CloseRating"), "evaluation.window-still-open", "AS-2.3");
        Assert.DoesNotContain((await member.GetAsync("/api/v1/tasks?pageSize=100&sort=-since")).Body!["items"]!.AsArray(), t => t!["instanceId"]!.GetValue<Guid>() == a);

        // The window ends: the daily job closes it (once) and the guidance unit gets the task.
        app.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        Assert.Equal(2, await kit.RunJobAsync(j => j.CloseEndedWindowsAsync()));
        Assert.Equal(0, await kit.RunJobAsync(j => j.CloseEndedWindowsAsync()));
        member = await kit.As(kit.MembersOfA[1]);
        AssertRefused(HttpStatusCode.BadRequest, await RateAsync(member, a, "Excellent"), "workflow.not-in-this-state");
        var guidance = await kit.As("phy.party");
        Assert.Contains((await guidance.GetAsync("/api/v1/tasks?pageSize=100&sort=-since")).Body!["items"]!.AsArray(), t => t!["titleKey"]!.GetValue<string>() == "task.evaluation-guidance" && t["instanceId"]!.GetValue<Guid>() == a);
        view = await kit.ViewAsync(guidance, a);
        Assert.Equal("GuidanceOpinion", State(view));
        Assert.Equal(2, view["ratings"]!.AsArray().Count); // the guidance unit sees each rating
        Assert.Equal(2, view["ratingCounts"]!["Failed"]!.GetValue<int>());
        view = await OkAsync(ActAsync(guidance, a, "GuidanceSubmitOpinion", "同意会员意见，该教师未履行指导职责", V(view)));

        // The student work department decides: failed needs reasons; with them the teacher is dismissed everywhere.
        var swd = await kit.As("swd");
        Assert.Contains((await swd.GetAsync("/api/v1/tasks?pageSize=100&sort=-since")).Body!["items"]!.AsArray(), t => t!["titleKey"]!.GetValue<string>() == "task.evaluation-decision" && t["instanceId"]!.GetValue<Guid>() == a);
        var before = await kit.SnapshotAsync();
        AssertRefused(HttpStatusCode.BadRequest, await ActAsync(swd, a, "DecideFailed", " ", V(view)), "evaluation.failed-reason-required", "AS-2.4");
        Assert.Equal(before, await kit.SnapshotAsync());
        view = await OkAsync(ActAsync(swd, a, "DecideFailed", "会员评价与指导单位意见均为不合格", V(view)));
        Assert.Equal("Dismissed", State(view));
        Assert.Equal("Failed", view["result"]!.GetValue<string>());
        Assert.True(view["isClosed"]!.GetValue<bool>());
        var appointments = await app.WithDbAsync(db => db.InstructorAppointments.AsNoTracking().Where(x => x.AssociationId == kit.A.Id || x.AssociationId == kit.B.Id).ToListAsync());
        Assert.Equal(2, appointments.Count);
        Assert.All(appointments, x => Assert.Equal(app.Clock.GetUtcNow(), x.EndedAt));
        Assert.All(appointments, x => Assert.Equal("会员评价与指导单位意见均为不合格", x.EndReason));

        // The teacher and the leaders of both associations are told; the task link opens the evaluation page.
        var mail = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Select(m => new { m.ToAddress, m.Subject, m.Body }).ToListAsync());
        Assert.Contains(mail, m => m.ToAddress.StartsWith(kit.Teacher + "@") && m.Subject.Contains("聘任已终止") && m.Body.Contains(kit.A.Name) && m.Body.Contains(kit.B.Name));
        Assert.Contains(mail, m => m.ToAddress.StartsWith(kit.A.Leader + "@") && m.Subject.Contains(kit.A.Name) && m.Body.Contains("会员评价与指导单位意见均为不合格"));
        Assert.Contains(mail, m => m.ToAddress.StartsWith(kit.B.Leader + "@") && m.Subject.Contains(kit.B.Name));
        var browser = await kit.PagesAsAsync("swd");
        var link = await browser.GetAsync($"/Workflows/{a}");
        Assert.Equal($"/Instructors/Evaluations/Details/{a}", link.Headers.Location?.OriginalString);
        var page = await browser.GetStringAsync(link.Headers.Location);
        Assert.Contains("不合格（已解聘）", page);
        Assert.Contains("会员评价与指导单位意见均为不合格", page);

        // AS-1.3: both associations are now without an instructor and the term job flags them to their guidance unit and the department.
        await using (var scope = app.Scope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<InstructorTermJob>().RunAsync() >= 4);
        var flagged = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Subject.Contains("社团无指导教师")).Select(m => m.Subject + m.ToAddress).ToListAsync());
        foreach (var name in new[] { kit.A.Name, kit.B.Name })
        {
            Assert.Contains(flagged, f => f.Contains(name) && f.Contains("phy.party@"));
            Assert.Contains(flagged, f => f.Contains(name) && f.Contains("swd@"));
        }
        // B's evaluation had an appointment that has now ended: the system closed it at once, with the reason in its history,
        // and nobody can decide it any more; the daily job finds nothing left to close.
        var closedB = await kit.ViewAsync(swd, b);
        Assert.Equal("AppointmentEnded", State(closedB));
        Assert.True(closedB["isClosed"]!.GetValue<bool>());
        Assert.Contains(closedB["history"]!.AsArray(), h => h!["trigger"]!.GetValue<string>() == "CloseForEndedAppointment");
        AssertRefused(HttpStatusCode.BadRequest, await ActAsync(swd, b, "DecideExcellent", "优秀", V(closedB)), "workflow.not-in-this-state");
        await kit.RunJobAsync(async j => { await j.RunAsync(); return 0; });
        var afterJob = await kit.ViewAsync(swd, b);
        Assert.Equal("AppointmentEnded", State(afterJob));
        Assert.Single(afterJob["history"]!.AsArray(), h => h!["trigger"]!.GetValue<string>() == "CloseForEndedAppointment");
    }

    [Fact]
    public async Task AS_2_3_refusals_by_role_and_scope_change_nothing()
    {
        using var app = new AppFactory();
        var kit = await new EvaluationKit(app).SetUpAsync();
        app.Clock.SetUtcNow(kit.NextOpening());
        await kit.OpenAsync();
        var a = await kit.InstanceOfAsync(kit.A.Id);
        var before = await kit.SnapshotAsync();

        // Rating: a student who is not a member, the leader of B, the teacher, a student of another university.
        var outsider = await kit.As((await kit.Members.Founding.FreshStudentsAsync(1)).Single());
        AssertRefused(HttpStatusCode.Forbidden, await RateAsync(outsider, a, "Failed"), "access.association-member-only");
        AssertRefused(HttpStatusCode.Forbidden, await RateAsync(await kit.As(kit.B.Leader), a, "Failed"), "access.association-member-only");
        AssertRefused(HttpStatusCode.Forbidden, await RateAsync(await kit.As(kit.Teacher), a, "Excellent"), "access.association-member-only");
        var stranger = await kit.As(await kit.Members.OtherUniversityStudentAsync());
        AssertRefused(HttpStatusCode.Forbidden, await RateAsync(stranger, a, "Failed"), "access.other-university");
        // Bad input: no rating, an unknown one, an unknown action.
        var member = await kit.As(kit.MembersOfA[0]);
        AssertRefused(HttpStatusCode.BadRequest, await RateAsync(member, a, null), "evaluation.rating-invalid");
        AssertRefused(HttpStatusCode.BadRequest, await RateAsync(member, a, "Great"));
        AssertRefused(HttpStatusCode.BadRequest, await RateAsync(member, a, "Excellent", new string('长', 1001)), "evaluation.text-too-long");
        AssertRefused(HttpStatusCode.BadRequest, await ActAsync(member, a, "Approve"), "workflow.unknown-action");
        // Closing: a plain member is not a leader; no one but the system and the leaders closes.
        AssertRefused(HttpStatusCode.Forbidden, await ActAsync(member, a, "CloseRating"), "access.association-leader-only");
        AssertRefused(HttpStatusCode.Forbidden, await ActAsync(await kit.As("swd"), a, "CloseRating"), "access.association-leader-only");
        Assert.Equal(before, await kit.SnapshotAsync());

        // Seeing: no one outside the scope gets the evaluation or finds it in their list.
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"{EvaluationKit.Path}/{a}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{EvaluationKit.Path}/{a}")).Status);
        var otherUnit = await kit.As("academic.office");
        Assert.Equal(HttpStatusCode.NotFound, (await otherUnit.GetAsync($"{EvaluationKit.Path}/{a}")).Status);
        Assert.Empty((await otherUnit.GetAsync(EvaluationKit.Path)).Body!["items"]!.AsArray());
        Assert.Empty((await outsider.GetAsync(EvaluationKit.Path)).Body!["items"]!.AsArray());
        Assert.Single((await member.GetAsync(EvaluationKit.Path)).Body!["items"]!.AsArray());
        Assert.Equal(2, (await (await kit.As("phy.party")).GetAsync(EvaluationKit.Path)).Body!["items"]!.AsArray().Count);

        // Every member rates: now the leader may close early.
        foreach (var m in kit.MembersOfA.Append(kit.A.Leader))
            await OkAsync(RateAsync(await kit.As(m), a, "Competent"));
        var view = await OkAsync(ActAsync(await kit.As(kit.A.Leader), a, "CloseRating"));
        Assert.Equal("GuidanceOpinion", State(view));

        // Opinion: a guidance reviewer of another unit, the department, a student; and the version is required.
        before = await kit.SnapshotAsync();
        AssertRefused(HttpStatusCode.Forbidden, await ActAsync(otherUnit, a, "GuidanceSubmitOpinion", "同意", V(view)), "access.guidance-unit-only");
        AssertRefused(HttpStatusCode.Forbidden, await ActAsync(await kit.As("swd"), a, "GuidanceSubmitOpinion", "同意", V(view)), "access.guidance-unit-only");
        AssertRefused(HttpStatusCode.Forbidden, await ActAsync(member, a, "GuidanceSubmitOpinion", "同意", V(view)), "access.guidance-unit-only");
        var guidance = await kit.As("phy.party");
        AssertRefused(HttpStatusCode.BadRequest, await ActAsync(guidance, a, "GuidanceSubmitOpinion", "同意"), "workflow.version-required");
        AssertRefused(HttpStatusCode.BadRequest, await ActAsync(guidance, a, "GuidanceSubmitOpinion", "", V(view)), "evaluation.opinion-required", "AS-2.3");
        Assert.Equal(before, await kit.SnapshotAsync());
        view = await OkAsync(ActAsync(guidance, a, "GuidanceSubmitOpinion", "履职良好", V(view)));

        // Decision: the guidance unit, a leader, the review committee chair, the department of another university.
        var otherSwd = await OtherUniversityDepartmentAsync(app, kit);
        foreach (var who in new[] { guidance, await kit.As(kit.A.Leader), await kit.As("chair") })
            AssertRefused(HttpStatusCode.Forbidden, await ActAsync(who, a, "DecideExcellent", null, V(view)), "access.evaluation-decider-only");
        AssertRefused(HttpStatusCode.Forbidden, await ActAsync(otherSwd, a, "DecideExcellent", null, V(view)), "access.other-university");
        Assert.Equal(HttpStatusCode.NotFound, (await otherSwd.GetAsync($"{EvaluationKit.Path}/{a}")).Status);
        view = await OkAsync(ActAsync(await kit.As("swd"), a, "DecideExcellent", "会员评价优良", V(view)));
        Assert.Equal("Excellent", State(view));
        Assert.Null(await app.WithDbAsync(db => db.InstructorAppointments.Where(x => x.AssociationId == kit.A.Id).Select(x => x.EndedAt).SingleAsync()));
        Assert.Contains(await app.WithDbAsync(db => db.Outbox.Select(m => m.Subject).ToListAsync()), s => s.Contains("优秀"));
    }

    [Fact]
    public async Task AS_1_7_members_of_an_association_that_is_not_active_cannot_rate()
    {
        using var app = new AppFactory();
        var kit = await new EvaluationKit(app).SetUpAsync();
        app.Clock.SetUtcNow(kit.NextOpening());
        await kit.OpenAsync();
        var a = await kit.InstanceOfAsync(kit.A.Id);
        await kit.Members.SuspendAsync(kit.A.Id, "违规开展活动，暂停活动");
        AssertRefused(HttpStatusCode.BadRequest, await RateAsync(await kit.As(kit.MembersOfA[0]), a, "Excellent"), "association.not-active", "AS-1.7");
        // Nothing was recorded.
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<MemberRating>().CountAsync()));
    }

    [Fact]
    public async Task AS_2_4_two_deciders_at_once_exactly_one_wins()
    {
        using var app = new AppFactory();
        var kit = await new EvaluationKit(app).SetUpAsync();
        app.Clock.SetUtcNow(kit.NextOpening());
        await kit.OpenAsync();
        var a = await kit.InstanceOfAsync(kit.A.Id);
        app.Clock.Advance(TimeSpan.FromDays(15));
        await kit.RunJobAsync(j => j.CloseEndedWindowsAsync());
        var guidance = await kit.As("phy.party");
        var view = await OkAsync(ActAsync(guidance, a, "GuidanceSubmitOpinion", "未收到会员评价，指导尚可", V(await kit.ViewAsync(guidance, a))));

        var swdUnit = await kit.Members.Founding.UnitIdAsync(await app.WithDbAsync(db => db.OrgUnits.Where(o => o.Kind == OrgUnitKind.StudentWorkDepartment).Select(o => o.Name).FirstAsync()));
        var uni = await app.WithDbAsync(db => db.Universities.Select(u => u.Id).FirstAsync());
        await kit.Members.Founding.AddUserAsync("swd2", uni, Role.StudentWorkDepartment, swdUnit);
        var one = await kit.As("swd");
        var two = await kit.As("swd2");
        var results = await Task.WhenAll(
            ActAsync(one, a, "DecideCompetent", "合格", V(view)),
            ActAsync(two, a, "DecideFailed", "不合格", V(view)));
        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        Assert.Single(results, r => r.Status == HttpStatusCode.Conflict);
        var final = await kit.ViewAsync(one, a);
        var winner = results.Single(r => r.Status == HttpStatusCode.OK).Body!;
        Assert.Equal(State(winner), State(final));
        Assert.Single(final["history"]!.AsArray(), h => h!["trigger"]!.GetValue<string>().StartsWith("Decide"));
        var ended = await app.WithDbAsync(db => db.InstructorAppointments.CountAsync(x => x.EndedAt != null && (x.AssociationId == kit.A.Id || x.AssociationId == kit.B.Id)));
        Assert.Equal(State(final) == "Dismissed" ? 2 : 0, ended);
    }

    [Fact]
    public async Task AS_2_3_the_job_opens_the_year_once_catches_up_after_downtime_and_closes_windows_once()
    {
        using var app = new AppFactory();
        var kit = await new EvaluationKit(app).SetUpAsync();
        var opening = kit.NextOpening();
        app.Clock.SetUtcNow(opening.AddDays(-1));
        await kit.RunJobAsync(async j => { await j.RunAsync(); return 0; });
        Assert.Equal(0, await app.WithDbAsync(db => db.InstructorEvaluations.CountAsync()));

        // Down on the opening day: the run five days later opens the year, with the configured window end.
        app.Clock.SetUtcNow(opening.AddDays(5));
        Assert.Equal(2, await kit.RunJobAsync(j => j.OpenDueYearsAsync()));
        var counts = await CountsAsync(app);
        Assert.Equal(0, await kit.RunJobAsync(j => j.OpenDueYearsAsync()));
        await kit.RunJobAsync(async j => { await j.RunAsync(); return 0; });
        Assert.Equal(counts, await CountsAsync(app));
        var evaluation = await app.WithDbAsync(db => db.InstructorEvaluations.AsNoTracking().FirstAsync());
        Assert.Equal(opening.AddHours(-10).AddDays(14), evaluation.RatingEndsAt);
        Assert.Equal(opening.Year - 1, evaluation.AcademicYear);

        // After the window: both close once, and a late run does not open the year again.
        app.Clock.SetUtcNow(opening.AddDays(20));
        await kit.RunJobAsync(async j => { await j.RunAsync(); return 0; });
        var closed = await CountsAsync(app);
        await kit.RunJobAsync(async j => { await j.RunAsync(); return 0; });
        Assert.Equal(closed, await CountsAsync(app));
        Assert.Equal(2, await app.WithDbAsync(db => db.WorkflowInstances.CountAsync(i => i.State == "GuidanceOpinion")));
    }

    private static Task<string> CountsAsync(AppFactory app) =>
        app.WithDbAsync(async db => $"{await db.InstructorEvaluations.CountAsync()}/{await db.WorkflowInstances.CountAsync()}/{await db.WorkflowHistory.CountAsync()}/"
            + $"{await db.InboxTasks.CountAsync()}/{await db.Outbox.CountAsync()}");

    /// <summary>A student work department officer of another university, signed in.</summary>
    private static async Task<Api> OtherUniversityDepartmentAsync(AppFactory app, EvaluationKit kit)
    {
        var uni = await app.WithDbAsync(async db =>
        {
            var u = new University("OS" + Guid.NewGuid().ToString("N")[..6], "松花江大学", "Songhuajiang University");
            var unit = new OrgUnit(u.Id, OrgUnitKind.StudentWorkDepartment, "党委学生工作部", "Student Work Department");
            db.AddRange(u, unit);
            await db.SaveChangesAsync();
            return (u.Id, unit.Id);
        });
        await kit.Members.Founding.AddUserAsync("other.swd", uni.Item1, Role.StudentWorkDepartment, uni.Item2);
        return await kit.As("other.swd");
    }
}
