using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReformFlow.Domain.Access;
using ReformFlow.Domain.Associations;
using ReformFlow.Domain.Organisation;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Demo;

public sealed record DemoAccount(string UserName, string RoleKey, string? ScopeName);

/// <summary>
/// Seeds the demo university on an empty database: six colleges, about 2,000 students with varied
/// (and sometimes disqualifying) records, teachers, an instructor bank, every organisation unit,
/// and one sign-in for each role. Deterministic, so a walkthrough reads the same every time.
/// </summary>
public sealed class DemoSeeder(ReformFlowDb db, TimeProvider clock)
{
    private readonly Random _random = new(20200525);
    private readonly List<AppUser> _users = [];
    private string _passwordHash = "";

    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await db.Universities.AnyAsync(ct)) return false;
        // One hash for every demo account: hashing 2,000 passwords one by one would take minutes.
        _passwordHash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), DemoData.Password);
        var now = clock.GetUtcNow();

        var province = new Province(DemoData.ProvinceCode, "吉林省", "Jilin Province");
        db.Provinces.Add(province);
        var uni = new University(DemoData.UniversityCode, "长白山大学", "Changbaishan University");
        uni.PlaceIn(province);
        db.Universities.Add(uni);
        var swd = Unit(uni, OrgUnitKind.StudentWorkDepartment, "党委学生工作部", "Student Work Department of the Party Committee");
        var league = Unit(uni, OrgUnitKind.SchoolLeagueCommittee, "校团委", "University Youth League Committee");
        var party = Unit(uni, OrgUnitKind.SchoolPartyCommittee, "校党委", "University Party Committee");
        var committee = Unit(uni, OrgUnitKind.ReviewCommittee, "学生社团管理评审委员会", "Student Association Review Committee");
        var academic = Unit(uni, OrgUnitKind.FunctionalDepartment, "教务处", "Office of Academic Affairs");
        Unit(uni, OrgUnitKind.FunctionalDepartment, "国际合作与交流处", "Office of International Cooperation and Exchange");
        Unit(uni, OrgUnitKind.FunctionalDepartment, "保卫处", "Campus Security Office");
        var ai = Unit(uni, OrgUnitKind.ResearchInstitute, "人工智能研究院", "Institute of Artificial Intelligence");
        Unit(uni, OrgUnitKind.ResearchInstitute, "理论物理研究所", "Institute of Theoretical Physics");

        Officer(uni, "admin", "系统管理员", (Role.UniversityAdmin, null));
        Officer(uni, "swd", "学工部 刘老师", (Role.StudentWorkDepartment, swd.Id));
        Officer(uni, "league", "校团委 陈老师", (Role.SchoolLeagueCommittee, league.Id));
        Officer(uni, "party", "校党委 王书记", (Role.SchoolPartyCommittee, party.Id));
        Officer(uni, "chair", "评审委员会主任 赵副书记", (Role.ReviewCommitteeChair, committee.Id), (Role.ReviewCommitteeMember, committee.Id));
        Officer(uni, "member1", "评审委员 孙老师", (Role.ReviewCommitteeMember, committee.Id));
        Officer(uni, "member2", "评审委员 周老师", (Role.ReviewCommitteeMember, committee.Id));
        Officer(uni, "academic.office", "教务处 吴老师", (Role.GuidanceUnitReviewer, academic.Id));
        Officer(uni, "ai.institute", "人工智能研究院 郑老师", (Role.GuidanceUnitReviewer, ai.Id));
        var reviewer = NewUser("province", "省委教育工委 审核员", null);
        _users.Add(reviewer);
        db.RoleAssignments.Add(new RoleAssignment(reviewer.Id, Role.ProvincialReviewer, null, null, province.Id));
        // AS-1.8: the committee's seats match the roles above; no expert sits on it yet, so its page shows that gap.
        var since = DateOnly.FromDateTime(now.UtcDateTime).AddYears(-1);
        Seat(uni, "chair", CommitteeSeatRole.Chair, CommitteeConstituency.PartyLeader, null, since);
        Seat(uni, "member1", CommitteeSeatRole.Member, CommitteeConstituency.StudentWorkDepartment, null, since);
        Seat(uni, "member2", CommitteeSeatRole.Member, CommitteeConstituency.RelevantDepartment, academic.Id, since);

        for (var c = 0; c < DemoData.Colleges.Length; c++)
            SeedCollege(uni, c, now);
        DemoUnions.Seed(db, uni, now);

        db.Users.AddRange(_users);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private void SeedCollege(University uni, int index, DateTimeOffset now)
    {
        var (code, name, nameEn, majors) = DemoData.Colleges[index];
        var college = new College(uni.Id, code, name, nameEn);
        db.Colleges.Add(college);
        var collegeParty = Unit(uni, OrgUnitKind.CollegeParty, $"{name}党委", $"Party Committee of the {nameEn}", college.Id);
        var collegeLeague = Unit(uni, OrgUnitKind.CollegeLeague, $"{name}团委", $"Youth League Committee of the {nameEn}", college.Id);
        var key = code.ToLowerInvariant();
        Officer(uni, $"{key}.party", $"{name}党委 书记", (Role.CollegeParty, collegeParty.Id), (Role.GuidanceUnitReviewer, collegeParty.Id));
        Officer(uni, $"{key}.league", $"{name}团委 书记", (Role.CollegeLeague, collegeLeague.Id));

        for (var t = 1; t <= 10; t++)
        {
            var staff = $"T{index + 1:D2}{t:D3}";
            var isParty = staff == DemoData.PartyInstructor || (staff != DemoData.NonPartyInstructor && _random.NextDouble() < 0.6);
            var teacher = new Teacher(uni.Id, staff, PersonName() + "", college.Id, isParty);
            db.Teachers.Add(teacher);
            if (t <= 5) db.InstructorBank.Add(new InstructorBankEntry(uni.Id, teacher.Id, now));
            _users.Add(NewUser(staff, teacher.Name, uni.Id, teacherId: teacher.Id));
        }

        for (var m = 0; m < majors.Length; m++)
        {
            var major = new Major(uni.Id, college.Id, majors[m].Name, majors[m].NameEn);
            db.Majors.Add(major);
            foreach (var grade in DemoData.Grades)
            {
                var className = $"{majors[m].Short}{grade % 100:D2}01";
                var group = new ClassGroup(uni.Id, major.Id, grade, className);
                db.ClassGroups.Add(group);
                var branch = Unit(uni, OrgUnitKind.ClassLeagueBranch, $"{className}班团支部",
                    $"Youth League Branch of Class {majors[m].NameEn} {grade % 100:D2}01", college.Id, group.Id);
                if (index == 0 && m == 0 && grade == 2023)
                    Officer(uni, "phy2301.branch", $"{className}班团支书", (Role.ClassLeagueBranch, branch.Id));
                for (var seq = 1; seq <= 42; seq++)
                    SeedStudent(uni, college, major, group, $"{grade}{index + 1:D2}{m + 1}{seq:D3}", grade);
            }
        }
    }

    private void SeedStudent(University uni, College college, Major major, ClassGroup group, string number, int grade)
    {
        var s = new Student(uni.Id, number, PersonName(), college.Id, major.Id, group.Id, grade);
        var roll = _random.NextDouble();
        s.ChangePoliticalStatus(roll switch
        {
            < 0.08 => PoliticalStatus.PartyMember,
            < 0.12 => PoliticalStatus.ProbationaryPartyMember,
            < 0.82 => PoliticalStatus.LeagueMember,
            _ => PoliticalStatus.None,
        });
        s.UpdateAcademicRecord(Math.Round((decimal)(_random.NextDouble() * 100), 1), Math.Round((decimal)(_random.NextDouble() * 100), 1),
            _random.NextDouble() < 0.85 ? 0 : _random.Next(1, 4));
        var status = _random.NextDouble();
        if (status < 0.02) s.ChangeStatus(StudentStatus.Suspended);
        else if (status < 0.03) s.ChangeStatus(StudentStatus.Withdrawn);
        else if (grade == 2022 && status < 0.06) s.ChangeStatus(StudentStatus.Graduated);
        if (_random.NextDouble() < 0.02) s.Punish("警告处分（2025年秋季学期）");

        // The walkthrough's students: the initiator's classmates are all eligible; two are not, each for one reason.
        if (number == DemoData.Initiator || DemoData.EligibleClassmates.Contains(number))
        {
            s.ChangeStatus(StudentStatus.Enrolled);
            s.LiftPunishment();
            s.ChangePoliticalStatus(PoliticalStatus.LeagueMember);
        }
        else if (number == DemoData.PunishedStudent)
        {
            s.ChangeStatus(StudentStatus.Enrolled);
            s.Punish("严重警告处分（2026年春季学期）");
        }
        else if (number == DemoData.SuspendedStudent)
        {
            s.LiftPunishment();
            s.ChangeStatus(StudentStatus.Suspended);
        }
        else if (number is DemoData.PresidiumNominee or DemoData.CollegeNominee or DemoData.DepartmentNominee or DemoData.IneligibleNominee)
        {
            s.ChangeStatus(StudentStatus.Enrolled);
            s.LiftPunishment();
            s.ChangePoliticalStatus(number == DemoData.PresidiumNominee ? PoliticalStatus.ProbationaryPartyMember : PoliticalStatus.LeagueMember);
            s.UpdateAcademicRecord(number == DemoData.IneligibleNominee ? 47.5m : 6.5m, 8m, 0);
        }
        db.Students.Add(s);
        _users.Add(NewUser(number, s.Name, uni.Id, studentId: s.Id));
    }

    private OrgUnit Unit(University uni, OrgUnitKind kind, string name, string nameEn, Guid? collegeId = null, Guid? classId = null)
    {
        var unit = new OrgUnit(uni.Id, kind, name, nameEn, collegeId, classId);
        db.OrgUnits.Add(unit);
        return unit;
    }

    private void Seat(University uni, string userName, CommitteeSeatRole role, CommitteeConstituency constituency, Guid? department, DateOnly since)
    {
        var user = _users.Single(u => u.UserName == userName);
        db.CommitteeSeats.Add(new CommitteeSeat(uni.Id, user.Id, user.DisplayName, role, constituency, department, since));
    }

    private void Officer(University? uni, string userName, string displayName, params (Role Role, Guid? Unit)[] roles)
    {
        var user = NewUser(userName, displayName, uni?.Id);
        _users.Add(user);
        foreach (var (role, unit) in roles)
            db.RoleAssignments.Add(new RoleAssignment(user.Id, role, uni?.Id, unit));
    }

    private AppUser NewUser(string userName, string displayName, Guid? universityId, Guid? studentId = null, Guid? teacherId = null) => new()
    {
        UserName = userName, NormalizedUserName = userName.ToUpperInvariant(),
        Email = $"{userName}@demo.reformflow.local", NormalizedEmail = $"{userName}@DEMO.REFORMFLOW.LOCAL", EmailConfirmed = true,
        DisplayName = displayName, UniversityId = universityId, StudentId = studentId, TeacherId = teacherId,
        PasswordHash = _passwordHash, SecurityStamp = Guid.NewGuid().ToString("N"), LockoutEnabled = true,
    };

    private string PersonName()
    {
        var surname = DemoData.Surnames[_random.Next(DemoData.Surnames.Length)];
        var given = DemoData.GivenChars[_random.Next(DemoData.GivenChars.Length)].ToString();
        if (_random.NextDouble() < 0.6) given += DemoData.GivenChars[_random.Next(DemoData.GivenChars.Length)];
        return surname + given;
    }
}
