using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;
using ReformFlow.Workflows.Unions;
using static ReformFlow.Tests.Unions.UnionKit;

namespace ReformFlow.Tests.Unions;

/// <summary>
/// SU-4.1 and SU-4.2 through the endpoints: ineligible students are refused at nomination with the failing condition
/// named and nothing created, and at every later step if their records change; new academic data flags sitting cadres
/// once, to the league body that keeps their union, and the daily sweep never flags or mails twice.
/// </summary>
public sealed class CadreEligibilityTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly UnionKit kit = new(app);

    private async Task<(HttpStatusCode Status, JsonNode? Body)> RecordAsync(string user, string number, decimal rank, int failed = 0, string? status = null) =>
        await (await kit.As(user)).PutAsync("/api/v1/students/academic-records",
            new { records = new[] { new { studentNumber = number, majorRankPercentile = rank, classRankPercentile = 20m, failedCourses = failed, politicalStatus = status } } });

    private async Task<JsonNode> RecordedAsync(string number, decimal rank, int failed = 0, string? status = null)
    {
        var (code, body) = await RecordAsync("swd", number, rank, failed, status);
        Assert.True(code == HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    private sealed record Counts(int Nominations, int Instances, int Outbox);

    private Task<Counts> CountsAsync() =>
        app.WithDbAsync(async db => new Counts(await db.Nominations.CountAsync(), await db.WorkflowInstances.CountAsync(), await db.Outbox.CountAsync()));

    /// <summary>SU-5.3 nomination by the Physics league; returns the answer.</summary>
    private async Task<(HttpStatusCode Status, JsonNode? Body)> NominateAsync(string nominee)
    {
        var union = await kit.SchoolUnionIdAsync();
        return await kit.NominateAsync("phy.league", "SchoolDepartment", union, nominee, "DepartmentMember", await kit.DepartmentIdAsync(union, "办公室"));
    }

    private async Task AssertRefusedNothingCreatedAsync(string nominee, params (string? MeasureId, string Code)[] reasons)
    {
        var before = await CountsAsync();
        var (status, problem) = await NominateAsync(nominee);
        Associations.FoundingKit.AssertRefused(status, problem, reasons);
        foreach (var (_, code) in reasons) Assert.Contains(nominee, Associations.FoundingKit.Message(problem, code));
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData("PartyMember", true)]
    [InlineData("ProbationaryPartyMember", true)]
    [InlineData("LeagueMember", true)]
    [InlineData("None", false)]
    public async Task SU_4_1_nomination_by_political_status(string politicalStatus, bool accepted)
    {
        var nominee = await kit.NomineeAsync();
        await RecordedAsync(nominee, 10m, 0, politicalStatus);
        if (accepted)
            Assert.Equal(HttpStatusCode.Created, (await NominateAsync(nominee)).Status);
        else
            await AssertRefusedNothingCreatedAsync(nominee, ("SU-4.1", "rule.su-cadre-political-status"));
    }

    [Theory]
    [InlineData("30", 0, null)]
    [InlineData("30.1", 0, "rule.su-cadre-ranking")]
    [InlineData("12.5", 1, "rule.su-cadre-failed-course")]
    public async Task SU_4_2_nomination_by_ranking_and_failed_courses(string rank, int failed, string? refusal)
    {
        var nominee = await kit.NomineeAsync();
        await RecordedAsync(nominee, decimal.Parse(rank, System.Globalization.CultureInfo.InvariantCulture), failed);
        if (refusal is null)
            Assert.Equal(HttpStatusCode.Created, (await NominateAsync(nominee)).Status);
        else
            await AssertRefusedNothingCreatedAsync(nominee, ("SU-4.2", refusal));
    }

    [Fact]
    public async Task SU_4_2_the_demo_ineligible_nominee_is_refused_by_every_chain_with_the_condition_named()
    {
        await AssertRefusedNothingCreatedAsync(DemoData.IneligibleNominee, ("SU-4.2", "rule.su-cadre-ranking"));
        var message = Associations.FoundingKit.Message((await NominateAsync(DemoData.IneligibleNominee)).Body, "rule.su-cadre-ranking");
        Assert.Contains("47.5", message);
        Assert.Contains("30", message);

        var before = await CountsAsync();
        var union = await kit.CollegeUnionIdAsync("PHY");
        var (status, problem) = await kit.NominateAsync("phy2301.branch", "CollegeUnion", union, DemoData.IneligibleNominee, "DepartmentMember",
            await kit.DepartmentIdAsync(union, "学习部"));
        Associations.FoundingKit.AssertRefused(status, problem, ("SU-4.2", "rule.su-cadre-ranking"));
        (status, problem) = await kit.NominateAsync("phy.league", "SchoolPresidium", await kit.SchoolUnionIdAsync(), DemoData.IneligibleNominee, "PresidiumMember");
        Associations.FoundingKit.AssertRefused(status, problem, ("SU-4.2", "rule.su-cadre-ranking"));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task SU_4_every_failing_condition_is_named_at_once()
    {
        var nominee = await kit.NomineeAsync();
        await RecordedAsync(nominee, 55m, 2, "None");
        await AssertRefusedNothingCreatedAsync(nominee,
            ("SU-4.1", "rule.su-cadre-political-status"), ("SU-4.2", "rule.su-cadre-ranking"), ("SU-4.2", "rule.su-cadre-failed-course"));
        await kit.SetRecordAsync(nominee, 10m, 0, PoliticalStatus.LeagueMember, StudentStatus.Suspended);
        await AssertRefusedNothingCreatedAsync(nominee, (null, "rule.su-cadre-not-enrolled"));
    }

    [Fact]
    public async Task SU_4_eligibility_is_checked_again_at_every_step_forward()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        var department = await kit.DepartmentIdAsync(union, "学习部");
        var nominee = await kit.NomineeAsync("PHY", "物理2301");
        var id = await kit.NominatedAsync("phy2301.branch", "CollegeUnion", union, nominee, "DepartmentMember", department);

        await RecordedAsync(nominee, 30.1m);
        var (status, problem) = await kit.ActAsync("phy2301.branch", id, "Recommend");
        Associations.FoundingKit.AssertRefused(status, problem, ("SU-4.2", "rule.su-cadre-ranking"));
        // The nomination page shows it too.
        Assert.Contains((await kit.ViewAsync(id, "phy.league"))["eligibility"]!.AsArray(), r => r!["key"]!.GetValue<string>() == "rule.su-cadre-ranking");
        await RecordedAsync(nominee, 30m);
        await kit.ActedAsync("phy2301.branch", id, "Recommend");

        await RecordedAsync(nominee, 10m, 0, "None");
        (status, problem) = await kit.ActAsync("phy.league", id, "CollegeLeagueApprove", "同意");
        Associations.FoundingKit.AssertRefused(status, problem, ("SU-4.1", "rule.su-cadre-political-status"));
        await RecordedAsync(nominee, 10m, 0, "LeagueMember");
        await kit.ActedAsync("phy.league", id, "CollegeLeagueApprove", "同意");

        await RecordedAsync(nominee, 10m, 1);
        (status, problem) = await kit.ActAsync("phy.party", id, "CollegePartyDetermine", "同意");
        Associations.FoundingKit.AssertRefused(status, problem, ("SU-4.2", "rule.su-cadre-failed-course"));
        Assert.Null(await kit.ActivePositionAsync(union, nominee));
        // Returning or rejecting stays possible for an ineligible nominee.
        Assert.Equal("Rejected", State(await kit.ActedAsync("phy.party", id, "CollegePartyReject", "有不及格课程")));

        // SU-5.2: the school party committee's determination and the joint review check too.
        var school = await kit.SchoolUnionIdAsync();
        var second = await kit.NomineeAsync();
        var p = await kit.NominatedAsync("phy.league", "SchoolPresidium", school, second, "PresidiumMember");
        await kit.ActedAsync("phy.league", p, "Recommend");
        await kit.ActedAsync("phy.party", p, "CollegePartyConsent", "同意");
        await kit.ActedAsync("swd", p, "StudentWorkAgree", "同意");
        await RecordedAsync(second, 31m);
        (status, problem) = await kit.ActAsync("league", p, "LeagueCommitteeAgree", "同意");
        Associations.FoundingKit.AssertRefused(status, problem, ("SU-4.2", "rule.su-cadre-ranking"));
        await RecordedAsync(second, 29m);
        await kit.ActedAsync("league", p, "LeagueCommitteeAgree", "同意");
        await RecordedAsync(second, 29m, 0, "None");
        (status, problem) = await kit.ActAsync("party", p, "PartyCommitteeDetermine", "同意");
        Associations.FoundingKit.AssertRefused(status, problem, ("SU-4.1", "rule.su-cadre-political-status"));
        Assert.Equal("PartyCommitteeDetermination", State(await kit.ViewAsync(p)));
    }

    // ---- sitting cadres: flags on new academic data ----

    private Task<List<CadreFlag>> FlagsAsync(Guid positionId) =>
        app.WithDbAsync(db => db.CadreFlags.AsNoTracking().Where(f => f.PositionId == positionId).OrderBy(f => f.FlaggedAt).ToListAsync());

    /// <summary>"Cadre no longer eligible" emails to this user about this student (of any union).</summary>
    private async Task<int> FlagMailsAsync(string userName, string studentNumber)
    {
        var name = await app.WithDbAsync(db => db.Students.Where(s => s.StudentNumber == studentNumber).Select(s => s.Name).SingleAsync());
        var unions = await app.WithDbAsync(db => db.StudentUnions.Select(u => u.Name).ToListAsync());
        return (await kit.MailToAsync(userName)).Count(m => m.Body.Contains(studentNumber)
            && unions.Any(u => m.Subject == Workflows.Localization.Texts.Get(m.Culture, "email.cadre-flagged.subject", "", name, studentNumber, u)));
    }

    private async Task RunJobAsync()
    {
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<CadreEligibilityJob>().RunAsync();
    }

    [Fact]
    public async Task SU_4_2_new_academic_data_flags_a_sitting_cadre_once_and_clears_when_eligible_again()
    {
        var union = await kit.CollegeUnionIdAsync("PHY");
        var cadre = await kit.NomineeAsync();
        var position = await kit.SeatAsync(union, cadre, PositionKind.DepartmentMember, await kit.DepartmentIdAsync(union, "宣传部"));

        var result = await RecordedAsync(cadre, 35m);
        Assert.Equal(1, result["flagged"]!.GetValue<int>());
        var flag = Assert.Single(await FlagsAsync(position));
        Assert.True(flag.IsOpen);
        Assert.Equal("SU-4.2", flag.Measures);
        // The college's league organisation (which keeps the college union) is told, once; the school league committee is not.
        Assert.Equal(1, await FlagMailsAsync("phy.league", cadre));
        Assert.Equal(0, await FlagMailsAsync("league", cadre));
        Assert.Equal(0, await FlagMailsAsync("chem.league", cadre));
        var (_, view) = await (await kit.As("phy.league")).GetAsync($"/api/v1/unions/{union}");
        Assert.True(view!["summary"]!["openFlags"]!.GetValue<int>() >= 1);
        var row = view["departments"]!.AsArray().SelectMany(d => d!["members"]!.AsArray()).Single(m => m!["studentNumber"]!.GetValue<string>() == cadre);
        Assert.Contains(row!["flagReasons"]!.AsArray(), r => r!["key"]!.GetValue<string>() == "rule.su-cadre-ranking");
        // Another college's league organisation sees the union, not why one of its cadres no longer qualifies.
        var (_, outsider) = await (await kit.As("chem.league")).GetAsync($"/api/v1/unions/{union}");
        var seen = outsider!["departments"]!.AsArray().SelectMany(d => d!["members"]!.AsArray()).Single(m => m!["studentNumber"]!.GetValue<string>() == cadre);
        Assert.Empty(seen!["flagReasons"]!.AsArray());
        // Issue 9: nor is it told anything about eligibility, least of all "every cadre is eligible"; the keeper's page lists the cadre.
        Assert.Null(outsider["summary"]!["openFlags"]);
        var outsiderPage = await (await Support.PageClient.SignInAsync(app, "chem.league")).GetStringAsync($"/Unions/Details/{union}");
        Assert.Contains(cadre, outsiderPage);
        Assert.DoesNotContain("id=\"no-flags\"", outsiderPage);
        Assert.DoesNotContain("id=\"flags\"", outsiderPage);
        Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(Workflows.Localization.Texts.Get(Workflows.Localization.Texts.Chinese, "unions.no-flags")), outsiderPage);
        var keeperPage = await (await Support.PageClient.SignInAsync(app, "phy.league")).GetStringAsync($"/Unions/Details/{union}");
        Assert.DoesNotContain("id=\"no-flags\"", keeperPage);
        Assert.Matches($"<table id=\"flags\">.*{cadre}", System.Text.RegularExpressions.Regex.Replace(keeperPage, "\\s+", " "));

        // The same data again, and the daily sweep twice: nothing new.
        result = await RecordedAsync(cadre, 35m);
        Assert.Equal(0, result["flagged"]!.GetValue<int>());
        await RunJobAsync();
        await RunJobAsync();
        Assert.Single(await FlagsAsync(position));
        Assert.Equal(1, await FlagMailsAsync("phy.league", cadre));

        // Data that qualifies the student again clears the flag.
        result = await RecordedAsync(cadre, 20m);
        Assert.Equal(1, result["cleared"]!.GetValue<int>());
        flag = Assert.Single(await FlagsAsync(position));
        Assert.False(flag.IsOpen);
        Assert.Equal("eligible-again", flag.Resolution);
        await RunJobAsync();
        Assert.Single(await FlagsAsync(position));

        // Ineligible again later (SU-4.1 this time): a new flag, a new email; ending the position closes it.
        await RecordedAsync(cadre, 20m, 0, "None");
        var flags = await FlagsAsync(position);
        Assert.Equal(2, flags.Count);
        Assert.Equal("SU-4.1", flags[1].Measures);
        Assert.Equal(2, await FlagMailsAsync("phy.league", cadre));
        var (ended, body) = await (await kit.As("phy.league")).PostAsync($"/api/v1/unions/positions/{position}/end", new { reason = "不再符合学生会干部条件" });
        Assert.True(ended == HttpStatusCode.NoContent, body?.ToJsonString());
        flags = await FlagsAsync(position);
        Assert.All(flags, f => Assert.False(f.IsOpen));
        Assert.Equal("position-ended", flags[1].Resolution);
        // An ended position is not checked any more.
        await RecordedAsync(cadre, 90m);
        await RunJobAsync();
        Assert.Equal(2, (await FlagsAsync(position)).Count);
        Assert.Equal(2, await FlagMailsAsync("phy.league", cadre));
    }

    [Fact]
    public async Task SU_4_2_the_daily_sweep_flags_data_from_any_path_once_and_tells_the_school_league_committee()
    {
        var school = await kit.SchoolUnionIdAsync();
        var cadre = await kit.NomineeAsync();
        var position = await kit.SeatAsync(school, cadre, PositionKind.DepartmentMember, await kit.DepartmentIdAsync(school, "学习部"));
        // Corrected straight in the records (an import), not through the API.
        await kit.SetRecordAsync(cadre, failed: 2);
        Assert.Empty(await FlagsAsync(position));

        await RunJobAsync();
        var flag = Assert.Single(await FlagsAsync(position));
        Assert.Equal("SU-4.2", flag.Measures);
        Assert.Equal(1, await FlagMailsAsync("league", cadre));
        Assert.Equal(0, await FlagMailsAsync("phy.league", cadre));
        // The demo's seated cadre with a failed course is flagged by the same sweep.
        Assert.True(await app.WithDbAsync(db => db.CadreFlags.CountAsync(f => f.UnionId == school && f.ClearedAt == null)) >= 2);

        var flagsBefore = await app.WithDbAsync(db => db.CadreFlags.CountAsync());
        var outboxBefore = await kit.OutboxCountAsync();
        await RunJobAsync();
        Assert.Equal(flagsBefore, await app.WithDbAsync(db => db.CadreFlags.CountAsync()));
        Assert.Equal(outboxBefore, await kit.OutboxCountAsync());
        Assert.Equal(1, await FlagMailsAsync("league", cadre));
    }

    [Fact]
    public async Task SU_4_only_the_student_work_department_or_an_administrator_records_academic_data()
    {
        var cadre = await kit.NomineeAsync();
        var flagsBefore = await app.WithDbAsync(db => db.CadreFlags.CountAsync());
        foreach (var user in new[] { cadre, "phy.league", "league", "phy.party", "party", "phy2301.branch" })
        {
            var (status, problem) = await RecordAsync(user, cadre, 80m, 3, "None");
            AssertForbidden(status, problem, "access.academic-records-only");
        }
        var student = await app.WithDbAsync(db => db.Students.AsNoTracking().SingleAsync(s => s.StudentNumber == cadre));
        Assert.Equal(10m, student.MajorRankPercentile);
        Assert.Equal(0, student.FailedCourseCount);
        Assert.Equal(PoliticalStatus.LeagueMember, student.PoliticalStatus);
        Assert.Equal(flagsBefore, await app.WithDbAsync(db => db.CadreFlags.CountAsync()));

        var (ok, _) = await RecordAsync("admin", cadre, 12m);
        Assert.Equal(HttpStatusCode.OK, ok);
        // An unknown student number refuses the whole batch.
        var (bad, problem2) = await RecordAsync("swd", "2099999999", 12m);
        Associations.FoundingKit.AssertRefused(bad, problem2, (null, "nomination.student-not-found"));
    }
}
