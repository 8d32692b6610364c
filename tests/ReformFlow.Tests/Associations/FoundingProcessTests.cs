using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Associations;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Associations;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Email;
using ReformFlow.Workflows.Localization;
using static ReformFlow.Tests.Associations.FoundingKit;

namespace ReformFlow.Tests.Associations;

/// <summary>The founding process through the HTTP API as every role: state, tasks, history, mail, and the registered result.</summary>
public sealed class FoundingProcessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly FoundingKit kit = new(app);
    private const string BaseUrl = "http://reformflow.test"; // App:BaseUrl as AppFactory sets it

    private static string ActionPath(Guid id, string action) => $"/api/v1/association-applications/{id}/actions/{action}";

    private Task SetCultureAsync(string userName, string culture) =>
        app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            user.PreferredCulture = culture;
            return await db.SaveChangesAsync();
        });

    private Task<List<OutboxMessage>> MailToAsync(string address) =>
        app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.ToAddress == address).ToListAsync());

    /// <summary>The user has been mailed about a new task, in their own language.</summary>
    private async Task AssertTaskMailAsync(string userName, string titleKey, string applicationTitle, Guid id)
    {
        var user = await kit.UserAsync(userName);
        var c = user.PreferredCulture;
        var taskTitle = Texts.Get(c, titleKey);
        var mails = await MailToAsync(user.Email!);
        Assert.Contains(mails, m => m.Culture == c
            && m.Subject == Texts.Get(c, "email.task.subject", taskTitle, applicationTitle)
            && m.Body == Texts.Get(c, "email.task.body", user.DisplayName, taskTitle, applicationTitle, $"{BaseUrl}/Workflows/{id}"));
    }

    /// <summary>The user has been told of a decision, in their own language.</summary>
    private async Task AssertNoticeMailAsync(string userName, string kind, string applicationTitle, string? comment, Guid id)
    {
        var user = await kit.UserAsync(userName);
        var c = user.PreferredCulture;
        object?[] args = [user.DisplayName, applicationTitle, comment ?? "", $"{BaseUrl}/Workflows/{id}"];
        var mails = await MailToAsync(user.Email!);
        Assert.Contains(mails, m => m.Culture == c
            && m.Subject == Texts.Get(c, $"email.{kind}.subject", args) && m.Body == Texts.Get(c, $"email.{kind}.body", args));
    }

    private async Task<JsonNode> TaskAsync(Api api, Guid id, string titleKey)
    {
        var tasks = await kit.TasksAsync(api);
        AssertOldestFirst(tasks);
        return Assert.Single(TasksFor(tasks, id), t => t["titleKey"]!.GetValue<string>() == titleKey);
    }

    private static void AssertOldestFirst(JsonArray tasks)
    {
        var created = tasks.Select(t => t!["createdAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(created.Order(), created);
    }

    private static TimeSpan DueIn(JsonNode task) =>
        task["dueAt"]!.GetValue<DateTimeOffset>() - task["createdAt"]!.GetValue<DateTimeOffset>();

    private static void AssertStep(JsonNode row, string trigger, string actor, string role, string from, string to, string? comment = null)
    {
        Assert.Equal(trigger, row["trigger"]!.GetValue<string>());
        Assert.Equal(actor, row["actor"]!.GetValue<string>());
        Assert.Equal(role, row["role"]!.GetValue<string>());
        Assert.Equal(from, row["from"]!.GetValue<string>());
        Assert.Equal(to, row["to"]!.GetValue<string>());
        Assert.Equal(comment, row["comment"]?.GetValue<string>());
    }

    private static async Task<string> NameAsync(Api api) => (await api.GetAsync("/api/v1/me")).Body!["displayName"]!.GetValue<string>();

    private void Tick() => app.Clock.Advance(TimeSpan.FromMinutes(5));

    [Fact]
    public async Task Whole_process_through_http_as_every_role()
    {
        // The initiator and the instructor read English mail; everyone else keeps Chinese.
        await SetCultureAsync(DemoData.Initiator, Texts.English);
        await SetCultureAsync(DemoData.PartyInstructor, Texts.English);
        const string name = "天文爱好者协会";
        var founding = new Founding(app);

        // 1. The initiator starts a draft.
        var initiator = await Api.SignInAsync(app, DemoData.Initiator);
        var initiatorName = await NameAsync(initiator);
        var (created, view) = await initiator.PostAsync("/api/v1/association-applications", Founding.Draft(await founding.GuidanceUnitIdAsync(initiator), name));
        Assert.Equal(HttpStatusCode.Created, created);
        var id = view!["instanceId"]!.GetValue<Guid>();
        Assert.Equal("Draft", State(view!));
        AssertStep(History(view)[0]!, "Start", initiatorName, "Student", "", "Draft");
        AssertStep(History(view)[1]!, "Edit", initiatorName, "Student", "Draft", "Draft");
        var complete = await TaskAsync(initiator, id, "task.complete-application");
        Assert.Null(complete["dueAt"]?.GetValue<DateTimeOffset>());
        await AssertTaskMailAsync(DemoData.Initiator, "task.complete-application", name, id);

        // 2. Nineteen classmates are invited; each finds the invitation in the inbox and confirms.
        Tick();
        var classmates = Founding.NineteenClassmates.ToList();
        var (invited, _) = await initiator.PostAsync($"/api/v1/association-applications/{id}/sponsors", new { studentNumbers = classmates });
        Assert.Equal(HttpStatusCode.OK, invited);
        var sponsorNames = new List<string>();
        foreach (var n in classmates)
        {
            var sponsor = await Api.SignInAsync(app, n);
            sponsorNames.Add(await NameAsync(sponsor));
            var task = await TaskAsync(sponsor, id, "task.confirm-sponsorship");
            Assert.Equal(TimeSpan.FromDays(7), DueIn(task));
            await AssertTaskMailAsync(n, "task.confirm-sponsorship", name, id);
            await sponsor.ActAsync(id, "ConfirmSponsorship");
            Assert.Empty(TasksFor(await kit.TasksAsync(sponsor), id));
        }
        view = await kit.ViewAsync(id, initiator);
        Assert.Equal(FoundingRules.MinimumSponsors, view["confirmedSponsors"]!.GetValue<int>());
        var confirmations = History(view).Where(h => h!["trigger"]!.GetValue<string>() == "ConfirmSponsorship").ToList();
        Assert.Equal(sponsorNames, confirmations.Select(h => h!["actor"]!.GetValue<string>()));
        Assert.All(confirmations, h => AssertStep(h!, "ConfirmSponsorship", h!["actor"]!.GetValue<string>(), "Student", "Draft", "Draft"));

        // 3. Submitted: the proposed instructor is asked.
        Tick();
        view = await initiator.ActAsync(id, "Submit", new { expectedVersion = Version(view) });
        Assert.Equal("AwaitingInstructors", State(view));
        AssertStep(History(view).Last()!, "Submit", initiatorName, "Student", "Draft", "AwaitingInstructors");
        Assert.Empty(TasksFor(await kit.TasksAsync(initiator), id));
        var teacher = await Api.SignInAsync(app, DemoData.PartyInstructor);
        var teacherName = await NameAsync(teacher);
        Assert.Equal(TimeSpan.FromDays(7), DueIn(await TaskAsync(teacher, id, "task.answer-instruction")));
        await AssertTaskMailAsync(DemoData.PartyInstructor, "task.answer-instruction", name, id);

        // 4. The instructor accepts; the last answer moves it on to the guidance unit by itself.
        Tick();
        view = await teacher.ActAsync(id, "AcceptInstruction", new { comment = "乐意指导" });
        Assert.Equal("GuidanceReview", State(view));
        var history = History(view);
        AssertStep(history[^2]!, "AcceptInstruction", teacherName, "Instructor", "AwaitingInstructors", "AwaitingInstructors", "乐意指导");
        AssertStep(history[^1]!, "InstructorsAccepted", "ReformFlow", "System", "AwaitingInstructors", "GuidanceReview");
        Assert.Empty(TasksFor(await kit.TasksAsync(teacher), id));
        var guidance = await Api.SignInAsync(app, Founding.GuidanceAccount);
        var guidanceName = await NameAsync(guidance);
        Assert.Equal(TimeSpan.FromDays(14), DueIn(await TaskAsync(guidance, id, "task.guidance-review")));
        await AssertTaskMailAsync(Founding.GuidanceAccount, "task.guidance-review", name, id);

        // 5. The guidance unit approves: the committee's chair decides, every member is asked for an opinion.
        Tick();
        view = await guidance.ActAsync(id, "GuidanceApprove", new { expectedVersion = Version((await kit.ViewAsync(id, guidance))), comment = "同意成立" });
        Assert.Equal("CommitteeReview", State(view));
        AssertStep(History(view).Last()!, "GuidanceApprove", guidanceName, "GuidanceUnitReviewer", "GuidanceReview", "CommitteeReview", "同意成立");
        Assert.Empty(TasksFor(await kit.TasksAsync(guidance), id));
        var chair = await Api.SignInAsync(app, "chair");
        Assert.Equal(TimeSpan.FromDays(14), DueIn(await TaskAsync(chair, id, "task.committee-decision")));
        await AssertTaskMailAsync("chair", "task.committee-decision", name, id);
        foreach (var account in new[] { "chair", "member1", "member2" })
        {
            Assert.Equal(TimeSpan.FromDays(10), DueIn(await TaskAsync(await kit.As(account), id, "task.committee-opinion")));
            await AssertTaskMailAsync(account, "task.committee-opinion", name, id);
        }

        // 6. A member records an opinion.
        Tick();
        var member = await Api.SignInAsync(app, "member1");
        var memberName = await NameAsync(member);
        view = await member.ActAsync(id, "RecordOpinion", new { vote = "Support", comment = "章程完备" });
        Assert.Equal("CommitteeReview", State(view));
        AssertStep(History(view).Last()!, "RecordOpinion", memberName, "ReviewCommitteeMember", "CommitteeReview", "CommitteeReview", "章程完备");
        var opinion = Assert.Single(view["opinions"]!.AsArray())!;
        Assert.Equal(memberName, opinion["member"]!.GetValue<string>());
        Assert.Equal("Support", opinion["vote"]!.GetValue<string>());
        Assert.Empty(TasksFor(await kit.TasksAsync(member), id));

        // 7. The chair approves: registered.
        Tick();
        var chairName = await NameAsync(chair);
        view = await chair.ActAsync(id, "CommitteeApprove", new { expectedVersion = Version(view), comment = "准予登记" });
        Assert.Equal("Registered", State(view));
        Assert.True(view["isClosed"]!.GetValue<bool>());
        AssertStep(History(view).Last()!, "CommitteeApprove", chairName, "ReviewCommitteeChair", "CommitteeReview", "Registered", "准予登记");
        Assert.Empty(view["actions"]!.AsArray());
        var registrationNumber = view["registrationNumber"]!.GetValue<string>();

        // The history keeps every step, in order.
        Assert.Equal(
            ["Start", "Edit", "InviteSponsors", .. Enumerable.Repeat("ConfirmSponsorship", 19), "Submit", "AcceptInstruction", "InstructorsAccepted", "GuidanceApprove", "RecordOpinion", "CommitteeApprove"],
            History(view).Select(h => h!["trigger"]!.GetValue<string>()));
        var times = History(view).Select(h => h!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.Order(), times);

        // The association, its founding members and its instructor's one-year appointment (AS-2.2).
        var applicationId = view["applicationId"]!.GetValue<Guid>();
        var (association, members, appointments, openTasks, uniCode, sponsorIds, teacherId) = await app.WithDbAsync(async db =>
        {
            var a = await db.Associations.AsNoTracking().SingleAsync(x => x.ApplicationId == applicationId);
            var application = await db.AssociationApplications.AsNoTracking().Include(x => x.Sponsors).SingleAsync(x => x.Id == applicationId);
            return (a,
                await db.Memberships.AsNoTracking().Where(m => m.AssociationId == a.Id).ToListAsync(),
                await db.InstructorAppointments.AsNoTracking().Where(x => x.AssociationId == a.Id).ToListAsync(),
                await db.InboxTasks.CountAsync(t => t.InstanceId == id && t.CompletedAt == null),
                await db.Universities.Where(u => u.Id == a.UniversityId).Select(u => u.Code).SingleAsync(),
                application.Sponsors.Where(s => s.Status == SponsorStatus.Confirmed).Select(s => s.StudentId).ToHashSet(),
                await db.Teachers.Where(t => t.StaffNumber == DemoData.PartyInstructor).Select(t => t.Id).SingleAsync());
        });
        Assert.Equal(registrationNumber, association.RegistrationNumber);
        Assert.StartsWith($"{uniCode}-{app.Clock.GetUtcNow().Year}-", registrationNumber);
        Assert.Equal(name, association.Name);
        Assert.Equal(AssociationStatus.Active, association.Status);
        Assert.Equal(await founding.GuidanceUnitIdAsync(initiator), association.GuidanceUnitId);
        Assert.Equal(FoundingRules.MinimumSponsors, members.Count(m => m.IsActive));
        Assert.Equal(sponsorIds, members.Select(m => m.StudentId).ToHashSet());
        var initiatorId = await kit.StudentIdAsync(DemoData.Initiator);
        Assert.Equal(MemberRole.Leader, members.Single(m => m.StudentId == initiatorId).Role);
        Assert.All(members.Where(m => m.StudentId != initiatorId), m => Assert.Equal(MemberRole.Founder, m.Role));
        var appointment = Assert.Single(appointments);
        Assert.Equal(teacherId, appointment.TeacherId);
        Assert.Equal(association.RegisteredAt, appointment.StartsAt);
        Assert.Equal(appointment.StartsAt.AddYears(1), appointment.EndsAt);
        Assert.Null(appointment.EndedAt);
        Assert.Equal(0, openTasks);
        foreach (var account in new[] { "chair", "member2" })
            Assert.Empty(TasksFor(await kit.TasksAsync(await kit.As(account)), id));
        await AssertNoticeMailAsync(DemoData.Initiator, "registered", name, "准予登记", id);
        var (_, list) = await chair.GetAsync($"/api/v1/associations?q={registrationNumber}");
        var listed = Assert.Single(list!["items"]!.AsArray(), a => a!["registrationNumber"]!.GetValue<string>() == registrationNumber)!;
        Assert.Equal(FoundingRules.MinimumSponsors, listed["members"]!.GetValue<int>());
    }

    [Fact]
    public async Task Guidance_return_sends_it_back_to_the_initiator_who_edits_and_resubmits()
    {
        var d = await kit.DraftAsync("航天科普社");
        await SetCultureAsync(d.InitiatorNumber, Texts.English);
        var guidance = await kit.As(GuidanceAccount);
        var guidanceName = await NameAsync(guidance);
        var before = await kit.ToGuidanceAsync(d);
        const string comment = "请补充活动场地与安全预案";

        Tick();
        var view = await guidance.ActAsync(d.Id, "GuidanceReturn", new { expectedVersion = Version(before), comment });

        Assert.Equal("Draft", State(view));
        Assert.Equal(comment, view["lastReturnComment"]!.GetValue<string>());
        AssertStep(History(view).Last()!, "GuidanceReturn", guidanceName, "GuidanceUnitReviewer", "GuidanceReview", "Draft", comment);
        Assert.Null((await TaskAsync(d.Initiator, d.Id, "task.revise-application"))["dueAt"]?.GetValue<DateTimeOffset>());
        Assert.Empty(TasksFor(await kit.TasksAsync(guidance), d.Id));
        await AssertNoticeMailAsync(d.InitiatorNumber, "returned", d.Body.Name, comment, d.Id);
        var returned = (await MailToAsync((await kit.UserAsync(d.InitiatorNumber)).Email!)).Where(m => m.Body.Contains(comment)).ToList();
        Assert.Equal(Texts.English, Assert.Single(returned).Culture);

        // The initiator edits and resubmits; every instructor is asked again.
        Tick();
        const string purpose = "组织航天科普讲座，活动在物理楼报告厅举行，已制定安全预案";
        var (edited, editedView) = await d.Initiator.PutAsync($"/api/v1/association-applications/{d.Id}", d.Body with { Purpose = purpose });
        Assert.Equal(HttpStatusCode.OK, edited);
        Assert.Equal(purpose, editedView!["purpose"]!.GetValue<string>());
        Assert.Equal(Version(view) + 1, Version(editedView));
        view = await d.Initiator.ActAsync(d.Id, "Submit", new { expectedVersion = Version(editedView) });
        Assert.Equal("AwaitingInstructors", State(view));
        Assert.Null(view["lastReturnComment"]?.GetValue<string>());
        Assert.All(view["instructors"]!.AsArray(), i => Assert.Equal("Pending", i!["response"]!.GetValue<string>()));
        var teacher = await kit.As(d.Instructors.Single());
        await TaskAsync(teacher, d.Id, "task.answer-instruction");
        view = await teacher.ActAsync(d.Id, "AcceptInstruction");
        Assert.Equal("GuidanceReview", State(view));
        await TaskAsync(guidance, d.Id, "task.guidance-review");

        // The history keeps both rounds.
        var triggers = History(view).Select(h => h!["trigger"]!.GetValue<string>()).Where(t => t != "ConfirmSponsorship").ToList();
        Assert.Equal(["Start", "Edit", "InviteSponsors", "Submit", "AcceptInstruction", "InstructorsAccepted", "GuidanceReturn",
            "Edit", "Submit", "AcceptInstruction", "InstructorsAccepted"], triggers);
        Assert.Equal(comment, History(view).Single(h => h!["trigger"]!.GetValue<string>() == "GuidanceReturn")!["comment"]!.GetValue<string>());
    }

    [Fact]
    public async Task Committee_reject_closes_the_application_and_nothing_further_is_possible()
    {
        var d = await kit.DraftAsync("占卜研究会");
        await kit.ToCommitteeAsync(d);
        var chair = await kit.As("chair");
        var guidance = await kit.As(GuidanceAccount);
        var member = await kit.As("member2");
        var opinion = await member.ActAsync(d.Id, "RecordOpinion", new { vote = "Oppose", comment = "宗旨不符合要求" });
        const string comment = "社团宗旨与学校育人目标不符";

        Tick();
        var view = await chair.ActAsync(d.Id, "CommitteeReject", new { expectedVersion = Version(opinion), comment });

        Assert.Equal("Rejected", State(view));
        Assert.True(view["isClosed"]!.GetValue<bool>());
        AssertStep(History(view).Last()!, "CommitteeReject", await NameAsync(chair), "ReviewCommitteeChair", "CommitteeReview", "Rejected", comment);
        Assert.Empty(view["actions"]!.AsArray());
        Assert.Empty((await kit.ViewAsync(d.Id, d.Initiator))["actions"]!.AsArray());
        Assert.Equal(0, await app.WithDbAsync(db => db.InboxTasks.CountAsync(t => t.InstanceId == d.Id && t.CompletedAt == null)));
        Assert.Null(view["registrationNumber"]?.GetValue<string>());
        var applicationId = view["applicationId"]!.GetValue<Guid>();
        Assert.Equal(0, await app.WithDbAsync(db => db.Associations.CountAsync(a => a.ApplicationId == applicationId)));
        await AssertNoticeMailAsync(d.InitiatorNumber, "rejected", d.Body.Name, comment, d.Id);

        var attempts = new (Api Who, string Action)[]
        {
            (chair, "CommitteeApprove"), (chair, "CommitteeReturn"), (chair, "CommitteeReject"), (member, "RecordOpinion"),
            (guidance, "GuidanceApprove"), (d.Initiator, "Submit"), (d.Initiator, "Withdraw"), (d.Initiator, "Edit"),
        };
        foreach (var (who, action) in attempts)
        {
            var (status, problem) = await who.PostAsync(ActionPath(d.Id, action), new { expectedVersion = Version(view), comment = "再试一次", vote = "Support" });
            AssertRefused(status, problem, (null, "workflow.not-in-this-state"));
        }
        var (put, putProblem) = await d.Initiator.PutAsync($"/api/v1/association-applications/{d.Id}", d.Body with { Name = "改名再来" });
        AssertRefused(put, putProblem, (null, "workflow.not-in-this-state"));
        await kit.AssertUnchangedAsync(d.Id, view);
    }

    [Fact]
    public async Task Return_and_reject_need_a_comment()
    {
        var d = await kit.DraftAsync("汉服社");
        var guidance = await kit.As(GuidanceAccount);
        var before = await kit.ToGuidanceAsync(d);
        foreach (var (action, comment) in new[] { ("GuidanceReturn", (string?)null), ("GuidanceReject", "   "), ("GuidanceReturn", "") })
        {
            var (status, problem) = await guidance.PostAsync(ActionPath(d.Id, action), new { expectedVersion = Version(before), comment });
            AssertRefused(status, problem, (null, "workflow.comment-required"));
            await kit.AssertUnchangedAsync(d.Id, before);
        }

        before = await guidance.ActAsync(d.Id, "GuidanceApprove", new { expectedVersion = Version(before) });
        var chair = await kit.As("chair");
        foreach (var (action, comment) in new[] { ("CommitteeReturn", (string?)null), ("CommitteeReject", " \n ") })
        {
            var (status, problem) = await chair.PostAsync(ActionPath(d.Id, action), new { expectedVersion = Version(before), comment });
            AssertRefused(status, problem, (null, "workflow.comment-required"));
            await kit.AssertUnchangedAsync(d.Id, before);
        }

        // With a comment the committee's return goes through, back to the initiator.
        var view = await chair.ActAsync(d.Id, "CommitteeReturn", new { expectedVersion = Version(before), comment = "请补充指导教师意见" });
        Assert.Equal("Draft", State(view));
        Assert.Equal("请补充指导教师意见", view["lastReturnComment"]!.GetValue<string>());
        await TaskAsync(d.Initiator, d.Id, "task.revise-application");
        Assert.Empty(TasksFor(await kit.TasksAsync(chair), d.Id));
    }

    [Fact]
    public async Task Inbox_lists_tasks_oldest_first_with_due_dates()
    {
        var initiator = (await kit.FreshStudentsAsync(1)).Single();
        var student = await kit.As(initiator);
        var ids = new List<Guid>();
        foreach (var name in new[] { "第一个草稿社", "第二个草稿社", "第三个草稿社" })
        {
            var (_, view) = await student.PostAsync("/api/v1/association-applications", await kit.BodyAsync(name, instructors: [DemoData.PartyInstructor]));
            ids.Add(view!["instanceId"]!.GetValue<Guid>());
            app.Clock.Advance(TimeSpan.FromHours(1));
        }
        var tasks = (await kit.TasksAsync(student)).Where(t => ids.Contains(t!["instanceId"]!.GetValue<Guid>())).ToList();
        Assert.Equal(ids, tasks.Select(t => t!["instanceId"]!.GetValue<Guid>()));
        Assert.All(tasks, t => Assert.Null(t!["dueAt"]?.GetValue<DateTimeOffset>()));
        Assert.Equal(["第一个草稿社", "第二个草稿社", "第三个草稿社"], tasks.Select(t => t!["subject"]!.GetValue<string>()));

        // Sorted by creation time, not by the order rows happen to come back in.
        await app.WithDbAsync(async db =>
        {
            var first = await db.InboxTasks.SingleAsync(t => t.InstanceId == ids[0] && t.CompletedAt == null);
            first.CreatedAt = app.Clock.GetUtcNow();
            return await db.SaveChangesAsync();
        });
        tasks = (await kit.TasksAsync(student)).Where(t => ids.Contains(t!["instanceId"]!.GetValue<Guid>())).ToList();
        Assert.Equal([ids[1], ids[2], ids[0]], tasks.Select(t => t!["instanceId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task View_carries_the_process_diagram()
    {
        var d = await kit.DraftAsync("折纸社", sponsors: 0);
        var diagram = (await kit.ViewAsync(d.Id, d.Initiator))["diagram"]!.GetValue<string>();

        Assert.Contains("stateDiagram-v2", diagram);
        foreach (var state in Enum.GetNames<FoundingProcess.State>())
            Assert.Contains(state, diagram);
        foreach (var trigger in new[] { "Submit", "GuidanceApprove", "GuidanceReturn", "CommitteeApprove", "CommitteeReject", "NoInstructorAccepted" })
            Assert.Contains(trigger, diagram);
    }
}
