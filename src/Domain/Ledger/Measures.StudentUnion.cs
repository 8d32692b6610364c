namespace ReformFlow.Domain.Ledger;

/// <summary>
/// Part SU: 《关于推动高校学生会（研究生会）深化改革的若干意见》（中青联发〔2019〕9号）, as the province's survey list
/// (调研清单, first part) asks it item by item. The Chinese follows the document's own wording.
/// </summary>
public static partial class Measures
{
    private static Measure[] StudentUnion() =>
    [
        // 1. 职能定位
        Su("SU-1", Declared,
            "学生会（研究生会）章程中明确修订后的组织职能定位",
            "The student union (graduate student union) charter states its revised functional positioning."),

        // 2. 运行机制
        Su("SU-2.1", Declared | Computed,
            "学生会组织架构设置及主席团轮值制度落实情况",
            "The student union's organisational structure and the rotation system of its presidium."),
        Su("SU-2.2", Declared,
            "院（系）学生会是学生会的基层组织，落实院（系）级学生会工作指引",
            "The college (department) student union is its primary-level organisation; the guide for college-level student unions is implemented."),
        Su("SU-2.3", Declared,
            "校院两级学生会工作联动，院（系）学生会承担面向全校学生的具体工作项目",
            "School and college student unions work in concert; college student unions carry specific work items for students of the whole school."),
        Su("SU-2.4", Declared,
            "学生会广泛动员学生参与学生会工作",
            "The student union widely mobilises students to take part in its work."),

        // 3. 精简机构和人员
        Su("SU-3.1", Computed,
            "校级学生会工作人员一般为40人左右，原则上不超过60人",
            "School-level student union staff number about 40 and, in principle, no more than 60."),
        Su("SU-3.2", Computed,
            "校级学生会主席团成员不超过5人；工作部门一般不超过6个，每个工作部门设负责人2至3名，工作人员一般不超过6人",
            "The school-level presidium has no more than 5 members; there are generally no more than 6 working departments, each with 2 to 3 heads and generally no more than 6 staff."),
        Su("SU-3.3", Computed,
            "院（系）学生会工作人员一般为20至30人，主席团成员不超过3人",
            "A college (department) student union generally has 20 to 30 staff and a presidium of no more than 3."),
        Su("SU-3.4", Computed,
            "除主席团成员和工作部门成员外，学生会不设置其他任何职务",
            "Apart from presidium members and working-department members, the student union sets up no other positions."),
        Su("SU-3.5", Workflow,
            "学生会承担重大任务或举办重大活动，以项目化方式招募志愿者吸纳学生参与，做到因事设人、事毕人散",
            "For major tasks and activities the student union recruits volunteers project by project: people are taken on for the task and released when it is done."),

        // 4. 选拔条件
        Su("SU-4.1", Computed | Workflow,
            "学生会工作人员应为中共党员（含预备党员）或共青团员",
            "Student union staff are members of the Communist Party of China (including probationary members) or of the Communist Youth League."),
        Su("SU-4.2", Computed | Workflow,
            "学生会工作人员学习成绩综合排名在本专业前30%以内，且无课程不及格",
            "Student union staff rank in the top 30% of their major in overall academic performance and have failed no course."),

        // 5. 选拔程序
        Su("SU-5.1", Workflow,
            "学生会主席团由学生代表大会选举产生",
            "The presidium is elected by the student representative assembly (congress)."),
        Su("SU-5.2", Workflow,
            "校级学生会主席团成员候选人由院（系）团组织推荐，经院（系）党组织同意，党委学生工作部门和校团委联合审查后，报学校党委确定",
            "School-level presidium candidates are recommended by the college league organisation, consented to by the college party organisation, jointly reviewed by the party committee's student work department and the school league committee, and determined by the school party committee."),
        Su("SU-5.3", Workflow,
            "校级学生会工作部门成员由院（系）团组织推荐，经党委学生工作部门和校团委审核后确定",
            "School-level working-department members are recommended by the college league organisation and determined after review by the student work department and the school league committee."),
        Su("SU-5.4", Workflow,
            "院（系）学生会主席团成员候选人和工作人员由团支部推荐，经院（系）团组织审批，由院（系）党组织确定",
            "College presidium candidates and college student union staff are recommended by the class league branch, approved by the college league organisation and determined by the college party organisation."),
        Su("SU-5.5", Computed,
            "校级学生会工作人员中来自院（系）学生会的一般不少于50%",
            "Generally at least 50% of school-level student union staff come from college student unions."),

        // 6. 规范召开代表大会
        Su("SU-6.1", Computed,
            "学校学生代表大会每年召开一次",
            "The school-level student representative assembly is held once a year."),
        Su("SU-6.2", Workflow | Computed,
            "学生代表大会代表由团支部推荐、院（系）学生会组织选举产生，代表人数一般不少于所联系学生数的1%，覆盖各院（系）、年级、专业和学生社团",
            "Congress representatives are recommended by class league branches and elected through the college student union; they generally number at least 1% of the students served and cover every college, grade and major, and the student associations."),
        Su("SU-6.3", Computed,
            "院（系）学生代表大会原则上每年召开一次",
            "The college student representative conference is, in principle, held once a year."),
        Su("SU-6.4", Workflow,
            "学生代表大会选举结果向大会公布，经同级党委审批，并报上级学联和学生会备案",
            "Election results are announced to the congress, approved by the party committee at the same level, and reported to the higher-level student federation and student union for the record."),

        // 7. 从严管理
        Su("SU-7.1", Declared | Computed,
            "制定并执行学生会干部自律公约",
            "A self-discipline convention for student union cadres is in force."),
        Su("SU-7.2", Workflow,
            "学生会决定重要事项、开展重大活动须事先向校团委报告",
            "The student union reports to the school league committee in advance before deciding important matters or holding major activities."),
        Su("SU-7.3", Workflow,
            "学生会工作人员违反校规校纪、道德规范或有不符合学生身份行为的，由校团委调查核实，按规定和程序及时处理",
            "Violations of school rules, morals or conduct unbecoming a student by student union staff are investigated and verified by the school league committee and dealt with in time, by the rules and procedures."),

        // 8. 述职评议
        Su("SU-8.1", Workflow | Computed,
            "组建以学生代表为主体，党委学生工作部门、校团委、学生会主席团成员和工作部门负责人参加的评议会，每学期开展述职评议",
            "A review council made up mainly of student representatives, with the student work department, the school league committee, presidium members and department heads, hears debriefings every semester."),
        Su("SU-8.2", Declared | Computed,
            "建立服务贡献导向的激励机制，评奖评优、加分、推荐免试攻读研究生等以评议结果为依据，不与职务简单直接挂钩",
            "A service-oriented incentive mechanism: awards, extra points and recommendations for graduate study rest on the review results, not simply on the position held."),

        // 9. 党委全面领导
        Su("SU-9.1", Declared,
            "学校党委将学生会建设纳入学校党建工作整体格局统筹谋划，党委学生工作部门统筹、校团委具体指导；工作需要时，校团委书记可兼任党委学生工作部门副部长",
            "The school party committee includes student union building in its overall party-building plan; the student work department coordinates and the school league committee gives specific guidance; where needed, the league secretary may also serve as deputy head of the student work department."),
        Su("SU-9.2", Declared,
            "学校党委定期听取学生会工作汇报，研究决定重大事项",
            "The school party committee regularly hears the student union's work reports and decides major issues."),
        Su("SU-9.3", Declared,
            "党委学生工作部门和校团委共同研究学生会章程制度、工作规划、人员选拔等重要事项",
            "The student work department and the school league committee jointly study the student union's charter, work plans, staff selection and other important matters."),
        Su("SU-9.4", Declared,
            "分管学生工作的校党委副书记分管学生会工作，相关副校长参与学生会管理",
            "The deputy party secretary in charge of student work is in charge of the student union; the vice-presidents concerned take part in its management."),

        // 10. 团委具体指导
        Su("SU-10.1", Declared,
            "学生会接受校团委和上级学联的双重指导",
            "The student union accepts the dual guidance of the school league committee and the higher-level student federation."),
        Su("SU-10.2", Declared,
            "校团委就学生会工作重大事项向校党委请示报告，坚决落实校党委有关要求",
            "The school league committee reports major student union matters to the school party committee and carries out its requirements."),
        Su("SU-10.3", Declared,
            "明确一名专职团委副书记指导学生会，对其组织开展的各类活动、发布的重要信息、对外联络、经费物资使用等事项审核把关",
            "A full-time deputy league secretary guides the student union and audits its activities, important information released, external contacts, and the use of funds and materials."),
    ];
}
