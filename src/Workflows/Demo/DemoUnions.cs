using ReformFlow.Domain.Organisation;
using ReformFlow.Domain.Unions;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Demo;

/// <summary>
/// The demo's student unions: the school-level union with six departments and 34 staff, and one union
/// per college (20–21 staff, within the usual 20–30). Most school-level cadres once served in their
/// college union (SU-5.5); one seated cadre has since failed a course, so the first eligibility sweep
/// flags them to the league committee.
/// The Physics college union has one presidium seat left, for the walkthrough.
/// </summary>
public static class DemoUnions
{
    private static readonly (string Name, string NameEn)[] SchoolDepartments =
    [
        ("办公室", "Office"), ("学习部", "Academic Affairs Department"), ("文体部", "Culture and Sports Department"),
        ("社会实践部", "Social Practice Department"), ("权益服务部", "Student Rights and Services Department"), ("宣传部", "Publicity Department"),
    ];

    private static readonly (string Name, string NameEn)[] CollegeDepartments =
        [("学习部", "Academic Affairs Department"), ("文体部", "Culture and Sports Department"), ("宣传部", "Publicity Department")];

    public static void Seed(ReformFlowDb db, University uni, DateTimeOffset now)
    {
        var random = new Random(2020);
        var reserved = new HashSet<string>([DemoData.Initiator, .. DemoData.EligibleClassmates, DemoData.PunishedStudent, DemoData.SuspendedStudent,
            DemoData.PresidiumNominee, DemoData.CollegeNominee, DemoData.IneligibleNominee, DemoData.DepartmentNominee]);
        var pool = db.Students.Local.Where(s => !reserved.Contains(s.StudentNumber) && CadreEligibility.IsEligible(s) && s.Grade >= 2023)
            .OrderBy(_ => random.Next()).ToList();
        var used = new HashSet<Guid>();
        Student Take(Guid? collegeId = null)
        {
            var s = pool.First(p => !used.Contains(p.Id) && (collegeId is null || p.CollegeId == collegeId));
            used.Add(s.Id);
            return s;
        }
        var since = now.AddMonths(-9);

        var college = new Dictionary<Guid, StudentUnion>();
        foreach (var c in db.Colleges.Local.OrderBy(c => c.Code))
        {
            var union = new StudentUnion(uni.Id, UnionLevel.College, c.Id, $"{c.Name}学生会", $"Student Union of the {c.NameEn}");
            db.StudentUnions.Add(union);
            college[c.Id] = union;
            var presidium = c.Code == "PHY" ? 2 : 3;
            for (var i = 0; i < presidium; i++) Seat(db, union, Take(c.Id), PositionKind.PresidiumMember, null, since, chair: i == 0);
            foreach (var (name, nameEn, order) in CollegeDepartments.Select((x, i) => (x.Name, x.NameEn, i)))
            {
                // Created one minute apart: the pages list departments in the order they were set up.
                var d = new UnionDepartment(uni.Id, union.Id, name, nameEn, null, since.AddMinutes(order));
                db.UnionDepartments.Add(d);
                Seat(db, union, Take(c.Id), PositionKind.DepartmentHead, d.Id, since);
                for (var i = 0; i < 5; i++) Seat(db, union, Take(c.Id), PositionKind.DepartmentMember, d.Id, since);
            }
        }

        var school = new StudentUnion(uni.Id, UnionLevel.School, null, $"{uni.Name}学生会", $"{uni.NameEn} Student Union");
        db.StudentUnions.Add(school);
        var k = 0;
        var collegeIds = college.Keys.ToList();
        Student FromCollegeUnion()
        {
            // Colleges in turn, so the university union draws on all of them. Two in three came up through
            // their college union: an ended college-level position records it.
            var s = Take(collegeIds[k % collegeIds.Count]);
            if (k++ % 3 != 2)
                db.CadrePositions.Add(Ended(new CadrePosition(uni.Id, college[s.CollegeId].Id, s.Id, PositionKind.DepartmentMember,
                    db.UnionDepartments.Local.First(d => d.UnionId == college[s.CollegeId].Id).Id, null, null, now.AddYears(-2)), now.AddMonths(-10)));
            return s;
        }
        for (var i = 0; i < 4; i++) Seat(db, school, FromCollegeUnion(), PositionKind.PresidiumMember, null, since, chair: i == 0);
        foreach (var (name, nameEn, order) in SchoolDepartments.Select((x, i) => (x.Name, x.NameEn, i)))
        {
            var d = new UnionDepartment(uni.Id, school.Id, name, nameEn, null, since.AddMinutes(order));
            db.UnionDepartments.Add(d);
            for (var i = 0; i < 2; i++) Seat(db, school, FromCollegeUnion(), PositionKind.DepartmentHead, d.Id, since);
            var members = name == "学习部" ? 2 : 3;
            for (var i = 0; i < members; i++) Seat(db, school, FromCollegeUnion(), PositionKind.DepartmentMember, d.Id, since);
            if (name == "学习部")
            {
                // Seated when eligible; a course failed this term makes them the sweep's example (SU-4.2).
                var s = Take();
                s.UpdateAcademicRecord(s.MajorRankPercentile, s.ClassRankPercentile, 1);
                Seat(db, school, s, PositionKind.DepartmentMember, d.Id, since);
            }
        }
    }

    private static void Seat(ReformFlowDb db, StudentUnion union, Student s, PositionKind kind, Guid? departmentId, DateTimeOffset since, bool chair = false)
    {
        var p = new CadrePosition(union.UniversityId, union.Id, s.Id, kind, departmentId, null, null, since);
        if (chair) p.MakeChair();
        db.CadrePositions.Add(p);
    }

    private static CadrePosition Ended(CadrePosition p, DateTimeOffset at)
    {
        p.End("升任校学生会 / Moved up to the university union", at);
        return p;
    }
}
