namespace ReformFlow.Workflows.Demo;

/// <summary>The fixed parts of the demo university: names, accounts and the students the walkthrough uses.</summary>
public static class DemoData
{
    public const string Password = "Demo@2026";
    public const string UniversityCode = "CBS";
    /// <summary>The province the demo university belongs to; its reviewer is the demo account "province".</summary>
    public const string ProvinceCode = "JL";
    public const string Initiator = "2023011001";
    /// <summary>Eligible students in the initiator's class, 2023011002 … 2023011025.</summary>
    public static IEnumerable<string> EligibleClassmates => Enumerable.Range(2, 24).Select(i => $"20230110{i:D2}");
    public const string PunishedStudent = "2023011026";
    public const string SuspendedStudent = "2023011027";
    /// <summary>Cadre walkthrough: an eligible Physics student for the school presidium (SU-5.2), one for the Physics college union (SU-5.4, class 物理2301), one for a school department (SU-5.3), and one who ranks too low (SU-4.2).</summary>
    public const string PresidiumNominee = "2024011005";
    public const string CollegeNominee = "2023011028";
    public const string DepartmentNominee = "2024011006";
    public const string IneligibleNominee = "2023011029";
    public const string PartyInstructor = "T01001";
    public const string NonPartyInstructor = "T01002";
    public const string TeacherOutsideBank = "T01010";

    public static readonly (string Code, string Name, string NameEn, (string Name, string NameEn, string Short)[] Majors)[] Colleges =
    [
        ("PHY", "物理学院", "College of Physics", [("物理学", "Physics", "物理"), ("应用物理学", "Applied Physics", "应物")]),
        ("CHEM", "化学学院", "College of Chemistry", [("化学", "Chemistry", "化学"), ("材料化学", "Materials Chemistry", "材化")]),
        ("CS", "计算机科学与技术学院", "College of Computer Science and Technology", [("计算机科学与技术", "Computer Science and Technology", "计科"), ("软件工程", "Software Engineering", "软工")]),
        ("ECON", "经济管理学院", "School of Economics and Management", [("经济学", "Economics", "经济"), ("工商管理", "Business Administration", "工商")]),
        ("LIT", "文学院", "School of Liberal Arts", [("汉语言文学", "Chinese Language and Literature", "汉语言"), ("新闻学", "Journalism", "新闻")]),
        ("MARX", "马克思主义学院", "School of Marxism", [("思想政治教育", "Ideological and Political Education", "思政"), ("哲学", "Philosophy", "哲学")]),
    ];

    /// <summary>The sign-ins the login page lists in demo mode: user name, role, and what it is for (a text key).</summary>
    public static readonly (string UserName, Domain.Access.Role Role, string NoteKey)[] Accounts =
    [
        (Initiator, Domain.Access.Role.Student, "demo.note.initiator"),
        ("2023011002", Domain.Access.Role.Student, "demo.note.sponsor"),
        (PartyInstructor, Domain.Access.Role.Instructor, "demo.note.instructor"),
        ("phy.party", Domain.Access.Role.GuidanceUnitReviewer, "demo.note.phy-party"),
        ("academic.office", Domain.Access.Role.GuidanceUnitReviewer, "demo.note.academic-office"),
        ("member1", Domain.Access.Role.ReviewCommitteeMember, "demo.note.member"),
        ("chair", Domain.Access.Role.ReviewCommitteeChair, "demo.note.chair"),
        ("swd", Domain.Access.Role.StudentWorkDepartment, "demo.note.swd"),
        ("league", Domain.Access.Role.SchoolLeagueCommittee, "demo.note.league"),
        ("party", Domain.Access.Role.SchoolPartyCommittee, "demo.note.party"),
        ("phy.league", Domain.Access.Role.CollegeLeague, "demo.note.phy-league"),
        ("phy2301.branch", Domain.Access.Role.ClassLeagueBranch, "demo.note.branch"),
        ("admin", Domain.Access.Role.UniversityAdmin, "demo.note.admin"),
        ("province", Domain.Access.Role.ProvincialReviewer, "demo.note.province"),
    ];

    public static readonly int[] Grades = [2022, 2023, 2024, 2025];

    public const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    public const string GivenChars = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建波宁博宇浩然梓轩子涵欣怡雨萱思远俊凯晨阳一鸣嘉琪雅婷文静佳慧天翔志强晓东海燕春梅秋菊";
}
