using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Organisation;
using ReformFlow.Tests.Associations;
using ReformFlow.Tests.Instructors;
using ReformFlow.Tests.Support;
using ReformFlow.Workflows.Demo;

namespace ReformFlow.Tests.Setup;

/// <summary>
/// Setting up a university's structure (issue 8): administrators of the university, and only they, add, edit,
/// deactivate and reactivate colleges, majors, classes and organisation units of every kind, over HTTP and on /Admin/Structure.
/// </summary>
public sealed class StructureTests
{
    private const string Root = "/api/v1/admin/structure";

    private static async Task<JsonNode> CreatedAsync(Api api, string path, object body)
    {
        var (status, json) = await api.PostAsync($"{Root}/{path}", body);
        Assert.True(status == HttpStatusCode.Created, $"{path}: {(int)status} {json?.ToJsonString()}");
        return json!;
    }

    private static async Task<JsonNode> OkAsync(Task<(HttpStatusCode Status, JsonNode? Body)> call)
    {
        var (status, json) = await call;
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {json?.ToJsonString()}");
        return json!;
    }

    private static Guid Id(JsonNode n) => n["id"]!.GetValue<Guid>();

    /// <summary>Everything a refusal must leave as it was: every structure row with its names and state.</summary>
    private static Task<string> StructureAsync(AppFactory app) =>
        app.WithDbAsync(async db => string.Join("|",
            (await db.Colleges.OrderBy(c => c.Code).Select(c => c.Code + c.Name + c.NameEn + c.DeactivatedAt).ToListAsync())
            .Concat(await db.Majors.OrderBy(m => m.Id).Select(m => m.Name + m.NameEn + m.DeactivatedAt).ToListAsync())
            .Concat(await db.ClassGroups.OrderBy(g => g.Id).Select(g => g.Name + g.NameEn + g.Grade + g.DeactivatedAt).ToListAsync())
            .Concat(await db.OrgUnits.OrderBy(o => o.Id).Select(o => o.Name + o.NameEn + o.CollegeId + o.DeactivatedAt).ToListAsync())));

    [Fact]
    public async Task Structure_admin_creates_edits_deactivates_and_reactivates_each_kind_over_http()
    {
        using var app = new AppFactory();
        var admin = await Api.SignInAsync(app, "admin");

        var college = await CreatedAsync(admin, "colleges", new { code = "MATH", name = "数学学院", nameEn = "School of Mathematics" });
        var major = await CreatedAsync(admin, "majors", new { collegeId = Id(college), name = "统计学", nameEn = "Statistics" });
        var group = await CreatedAsync(admin, "classes", new { majorId = Id(major), grade = 2025, name = "统计2501", nameEn = "Statistics 2501" });
        Assert.Equal(2025, group["grade"]!.GetValue<int>());
        var units = new List<Guid>();
        foreach (var kind in Enum.GetValues<OrgUnitKind>())
            units.Add(Id(await CreatedAsync(admin, "units", new { kind = kind.ToString(), name = $"数学学院{kind}", nameEn = $"Mathematics {kind}", collegeId = Id(college) })));

        await OkAsync(admin.PutAsync($"{Root}/colleges/{Id(college)}", new { code = "MATHS", name = "数学与统计学院", nameEn = "School of Mathematics and Statistics" }));
        await OkAsync(admin.PutAsync($"{Root}/majors/{Id(major)}", new { name = "统计学（理）", nameEn = "Statistics (Science)" }));
        await OkAsync(admin.PutAsync($"{Root}/classes/{Id(group)}", new { grade = 2024, name = "统计2401", nameEn = "Statistics 2401" }));
        await OkAsync(admin.PutAsync($"{Root}/units/{units[0]}", new { name = "数学学院职能部门", nameEn = "Mathematics office" }));
        await app.WithDbAsync(async db =>
        {
            var c = await db.Colleges.SingleAsync(x => x.Id == Id(college));
            Assert.Equal(("MATHS", "数学与统计学院", "School of Mathematics and Statistics"), (c.Code, c.Name, c.NameEn));
            Assert.Equal("Statistics (Science)", (await db.Majors.SingleAsync(x => x.Id == Id(major))).NameEn);
            var g = await db.ClassGroups.SingleAsync(x => x.Id == Id(group));
            Assert.Equal((2024, "统计2401"), (g.Grade, g.Name));
            var u = await db.OrgUnits.SingleAsync(x => x.Id == units[0]);
            Assert.Equal(("数学学院职能部门", Id(college)), (u.Name, u.CollegeId)); // the college stays when none is named
            return 0;
        });

        // The guidance-unit picker offers the new functional department until it is deactivated.
        var picker = await OkAsync(admin.GetAsync("/api/v1/org-units?guidanceUnits=true"));
        Assert.Contains(picker.AsArray(), o => o!["id"]!.GetValue<Guid>() == units[0]);
        foreach (var (kind, id) in new[] { ("colleges", Id(college)), ("majors", Id(major)), ("classes", Id(group)), ("units", units[0]) })
        {
            var (status, body) = await admin.PostAsync($"{Root}/{kind}/{id}/deactivate");
            Assert.True(status == HttpStatusCode.NoContent, $"{kind}: {(int)status} {body?.ToJsonString()}");
        }
        picker = await OkAsync(admin.GetAsync("/api/v1/org-units?guidanceUnits=true"));
        Assert.DoesNotContain(picker.AsArray(), o => o!["id"]!.GetValue<Guid>() == units[0]);
        // Deactivated, not deleted: still listed (after the active ones), marked inactive.
        var colleges = await OkAsync(admin.GetAsync($"{Root}/colleges?q=MATHS"));
        Assert.False(Assert.Single(colleges["items"]!.AsArray())!["isActive"]!.GetValue<bool>());
        Assert.Equal(4, await app.WithDbAsync(async db =>
            await db.Colleges.CountAsync(c => c.Id == Id(college) && c.DeactivatedAt != null) + await db.Majors.CountAsync(m => m.Id == Id(major) && m.DeactivatedAt != null)
            + await db.ClassGroups.CountAsync(g => g.Id == Id(group) && g.DeactivatedAt != null) + await db.OrgUnits.CountAsync(o => o.Id == units[0] && o.DeactivatedAt != null)));

        // Nothing new goes into a deactivated college; deactivating twice says so.
        var before = await StructureAsync(app);
        var refused = await admin.PostAsync($"{Root}/majors", new { collegeId = Id(college), name = "数学", nameEn = "Mathematics" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("structure.college-inactive", Api.ProblemCodes(refused.Body));
        refused = await admin.PostAsync($"{Root}/colleges/{Id(college)}/deactivate");
        Assert.Equal("structure.already-inactive", Api.ProblemCodes(refused.Body));
        Assert.Equal(before, await StructureAsync(app));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"{Root}/colleges/{Id(college)}/reactivate")).Status);
        await CreatedAsync(admin, "majors", new { collegeId = Id(college), name = "数学", nameEn = "Mathematics" });
    }

    [Fact]
    public async Task Structure_duplicates_and_bad_names_are_refused_with_reason_and_nothing_changed()
    {
        using var app = new AppFactory();
        var admin = await Api.SignInAsync(app, "admin");
        var math = Id(await CreatedAsync(admin, "colleges", new { code = "MATH", name = "数学学院", nameEn = "School of Mathematics" }));
        var major = Id(await CreatedAsync(admin, "majors", new { collegeId = math, name = "统计学", nameEn = "Statistics" }));
        await CreatedAsync(admin, "classes", new { majorId = major, grade = 2025, name = "统计2501" });
        await CreatedAsync(admin, "units", new { kind = "FunctionalDepartment", name = "招生就业处", nameEn = "Admissions and Careers Office" });
        var before = await StructureAsync(app);

        async Task Refused(string method, string path, object body, string codes)
        {
            var (status, json) = method == "PUT" ? await admin.PutAsync($"{Root}/{path}", body) : await admin.PostAsync($"{Root}/{path}", body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{path}: {(int)status} {json?.ToJsonString()}");
            Assert.Equal(codes, Api.ProblemCodes(json));
            Assert.Equal(before, await StructureAsync(app));
        }

        await Refused("POST", "colleges", new { code = "PHY", name = "物理学院", nameEn = "Physics" }, "structure.duplicate-code,structure.duplicate-name");
        await Refused("POST", "colleges", new { code = "MATH2", name = "数学学院", nameEn = "Another" }, "structure.duplicate-name");
        await Refused("PUT", $"colleges/{math}", new { code = "PHY", name = "数学学院", nameEn = "School of Mathematics" }, "structure.duplicate-code");
        await Refused("POST", "colleges", new { code = "", name = "", nameEn = " " }, "structure.code-required");
        await Refused("POST", "colleges", new { code = "X1", name = "", nameEn = " " }, "structure.name-required,structure.name-en-required");
        await Refused("POST", "colleges", new { code = "X1", name = new string('数', 101), nameEn = new string('M', 201) }, "text.too-long,text.too-long");
        await Refused("POST", "majors", new { collegeId = math, name = "统计学", nameEn = "Statistics" }, "structure.duplicate-name");
        await Refused("POST", "majors", new { collegeId = Guid.NewGuid(), name = "测绘", nameEn = "Surveying" }, "structure.college-unknown");
        await Refused("POST", "classes", new { majorId = major, grade = 2025, name = "统计2501" }, "structure.duplicate-name");
        await Refused("POST", "classes", new { majorId = major, grade = 25, name = "统计25" }, "structure.grade-invalid");
        await Refused("POST", "units", new { kind = "FunctionalDepartment", name = "招生就业处", nameEn = "Admissions" }, "structure.duplicate-name");
        await Refused("POST", "units", new { name = "无类别", nameEn = "No kind" }, "structure.kind-required");
        // The same name under another kind is another body (e.g. a college's party and league organisations).
        await CreatedAsync(admin, "units", new { kind = "ResearchInstitute", name = "招生就业处", nameEn = "Admissions Institute" });
    }

    [Fact]
    public async Task Security_structure_is_refused_to_other_roles_and_to_another_universitys_admin()
    {
        using var app = new AppFactory();
        var admin = await Api.SignInAsync(app, "admin");
        var math = Id(await CreatedAsync(admin, "colleges", new { code = "MATH", name = "数学学院", nameEn = "School of Mathematics" }));
        var before = await StructureAsync(app);

        foreach (var user in new[] { DemoData.Initiator, Founding.GuidanceAccount, DemoData.PartyInstructor })
        {
            var other = await Api.SignInAsync(app, user);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"{Root}/colleges")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"{Root}/colleges", new { code = "HACK", name = "黑客学院", nameEn = "Hackers" })).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"{Root}/colleges/{math}/deactivate")).Status);
            // The page sends a signed-in person without the role to the "access denied" page.
            var page = await (await new EvaluationKit(app).PagesAsAsync(user)).GetAsync("/Admin/Structure");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/Account/Denied", page.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        }

        // An administrator of another university sees none of this one's structure and cannot touch it.
        var (uni, otherCollege) = await app.WithDbAsync(async db =>
        {
            var u = new University("OS" + Guid.NewGuid().ToString("N")[..6], "松花江大学", "Songhuajiang University");
            var c = new College(u.Id, "SHJ", "松花江学院", "Songhua College");
            db.AddRange(u, c);
            await db.SaveChangesAsync();
            return (u.Id, c.Id);
        });
        await new FoundingKit(app).AddUserAsync("other.admin", uni, Role.UniversityAdmin, null);
        var stranger = await Api.SignInAsync(app, "other.admin");
        var list = await OkAsync(stranger.GetAsync($"{Root}/colleges"));
        Assert.Equal(otherCollege, Id(Assert.Single(list["items"]!.AsArray())!));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsync($"{Root}/colleges/{math}", new { code = "MATH", name = "被改", nameEn = "Changed" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"{Root}/colleges/{math}/deactivate")).Status);
        var (status, json) = await stranger.PostAsync($"{Root}/majors", new { collegeId = math, name = "偷渡", nameEn = "Smuggled" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("structure.college-unknown", Api.ProblemCodes(json));
        // The same code in another university is no duplicate: codes are unique within one university.
        await CreatedAsync(stranger, "colleges", new { code = "MATH", name = "数学学院", nameEn = "School of Mathematics" });
        Assert.Equal(before, await app.WithDbAsync(async db => string.Join("|",
            (await db.Colleges.Where(c => c.UniversityId != uni).OrderBy(c => c.Code).Select(c => c.Code + c.Name + c.NameEn + c.DeactivatedAt).ToListAsync())
            .Concat(await db.Majors.OrderBy(m => m.Id).Select(m => m.Name + m.NameEn + m.DeactivatedAt).ToListAsync())
            .Concat(await db.ClassGroups.OrderBy(g => g.Id).Select(g => g.Name + g.NameEn + g.Grade + g.DeactivatedAt).ToListAsync())
            .Concat(await db.OrgUnits.OrderBy(o => o.Id).Select(o => o.Name + o.NameEn + o.CollegeId + o.DeactivatedAt).ToListAsync()))));
    }

    [Fact]
    public async Task Structure_lists_paginate_by_50_and_search_by_name_or_code_in_the_api_and_the_page()
    {
        using var app = new AppFactory();
        var admin = await Api.SignInAsync(app, "admin");
        var major = await app.WithDbAsync(async db =>
        {
            var m = await db.Majors.FirstAsync(x => x.Name == "物理学");
            for (var i = 1; i <= 70; i++) db.ClassGroups.Add(new ClassGroup(m.UniversityId, m.Id, 2030, $"量子{i:00}班", $"Quantum {i:00}"));
            await db.SaveChangesAsync();
            return m.Id;
        });

        var first = await OkAsync(admin.GetAsync($"{Root}/classes?q=量子"));
        Assert.Equal((1, 50, 70, 2), (first["page"]!.GetValue<int>(), first["items"]!.AsArray().Count, first["total"]!.GetValue<int>(), first["pages"]!.GetValue<int>()));
        var second = await OkAsync(admin.GetAsync($"{Root}/classes?q=量子&page=2"));
        Assert.Equal(20, second["items"]!.AsArray().Count);
        var names = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(70, names.Distinct().Count());
        Assert.Equal("量子07班", Assert.Single((await OkAsync(admin.GetAsync($"{Root}/classes?q=quantum 07")))["items"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal(70, (await OkAsync(admin.GetAsync($"{Root}/classes?majorId={major}&grade=2030")))["total"]!.GetValue<int>());
        // Colleges by code, units by name, majors by English name.
        Assert.Equal("物理学院", Assert.Single((await OkAsync(admin.GetAsync($"{Root}/colleges?q=PHY")))["items"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.All((await OkAsync(admin.GetAsync($"{Root}/units?q=团委")))["items"]!.AsArray(), r => Assert.Contains("团委", r!["name"]!.GetValue<string>()));
        Assert.Equal("应用物理学", Assert.Single((await OkAsync(admin.GetAsync($"{Root}/majors?q=applied")))["items"]!.AsArray())!["name"]!.GetValue<string>());

        var pages = await new EvaluationKit(app).PagesAsAsync("admin");
        var html = await pages.GetStringAsync("/Admin/Structure?Kind=Class&Q=量子&p=2");
        Assert.Equal(20, System.Text.RegularExpressions.Regex.Matches(html, "<tr class=\"[^\"]*\" data-id=").Count);
        Assert.Contains("第 2 / 2 页（共 70 条）", html);
    }

    [Fact]
    public async Task Structure_page_adds_and_refuses_in_the_readers_language()
    {
        using var app = new AppFactory();
        var pages = await new EvaluationKit(app).PagesAsAsync("admin");
        foreach (var kind in new[] { "College", "Major", "Class", "Unit" })
            Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync($"/Admin/Structure?Kind={kind}")).StatusCode);
        var form = await pages.GetStringAsync("/Admin/Structure?Kind=College");
        var token = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        async Task<HttpResponseMessage> PostAsync(string code, string name) =>
            await pages.PostAsync("/Admin/Structure?handler=Save&Kind=College", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Code"] = code, ["Input.Name"] = name, ["Input.NameEn"] = "School of Mathematics", ["__RequestVerificationToken"] = token,
            }));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("MATH", "数学学院")).StatusCode);
        var before = await StructureAsync(app);
        var refused = await PostAsync("PHY", "数学学院");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("代码“PHY”在本校已被使用。", html);
        Assert.Contains("名称“数学学院”在本校此处已被使用。", html);
        Assert.Equal(before, await StructureAsync(app));
    }
}
