namespace ReformFlow.Domain.Ledger;

/// <summary>
/// Part AS: 《高校学生社团建设管理办法》（教党〔2020〕13号）, as the province's survey list (调研清单, second part) asks it
/// item by item. The Chinese follows the document's own wording; AS-4 and AS-5 are cut off in the seed's text.
/// </summary>
public static partial class Measures
{
    private static Measure[] Associations() =>
    [
        // 1. 登记注册
        As("AS-1.1", Workflow,
            "申请成立学生社团，须有20名以上学生联合发起，发起人均须具有正式学籍且未受过纪律处分",
            "Founding an association needs at least 20 student sponsors, all with formal student status and none under disciplinary punishment."),
        As("AS-1.2", Workflow,
            "有明确的业务指导单位，原则上为学校职能部门、院（系）党组织或与社团业务相关的学术科研机构",
            "The association has a clear business guidance unit: in principle a functional department, a college party organisation, or an academic research institution related to its field."),
        As("AS-1.3", Workflow | Computed,
            "至少有1名指导教师",
            "The association has at least one instructor."),
        As("AS-1.4", Workflow,
            "有规范的社团章程",
            "The association has a standard charter."),
        As("AS-1.5", Workflow | Computed,
            "实行学生社团年审制度",
            "Associations are reviewed every year (annual review system)."),
        As("AS-1.6", Workflow,
            "企业、社会机构或个人原则上不得在学校设立冠名学生社团；学生社团原则上不涉及外事业务",
            "In principle no enterprise, social institution or individual sets up or gives its name to an association at the school; in principle associations do not engage in foreign affairs."),
        As("AS-1.7", Workflow,
            "未经批准成立或已被注销的学生社团不得开展任何活动；未经社团集体研究授权，成员不得以社团名义开展活动；留学生成立学生社团由学校外事部门统筹负责",
            "Unapproved or cancelled associations carry out no activities; members may not act in an association's name without its collective decision; associations of international students are overseen by the foreign-affairs department."),
        As("AS-1.8", Workflow | Computed,
            "在学校党委领导下，由党委学生工作部门牵头，组织相关部门负责人和社团业务领域专家成立学生社团管理评审委员会，负责社团登记注册和年审，由分管学生工作的校党委负责同志任主任",
            "Under the school party committee, the student work department leads a management review committee of the heads of relevant departments and experts in the associations' fields; it decides registration and the annual review and is chaired by the party-committee leader in charge of student work."),
        As("AS-1.9", Declared,
            "学校党委定期研究学生社团工作",
            "The school party committee regularly studies the work of student associations."),
        As("AS-1.10", Workflow,
            "对未按规定登记注册、政治方向偏离或从事违法活动的学生社团予以取缔",
            "Associations not registered as required, politically misoriented or acting unlawfully are banned."),

        // 2. 指导教师
        As("AS-2.1", Computed | Workflow,
            "实行指导教师聘任制度，建立指导教师库，从库中选聘指导教师",
            "Instructors are appointed: an instructor bank is kept and instructors are chosen from it."),
        As("AS-2.2", Workflow | Computed,
            "思想政治类、志愿公益类学生社团的指导教师须为中共党员；指导教师聘期1年；每名指导教师指导的社团不超过2个",
            "Instructors of ideological-political and volunteer / public-welfare associations must be Communist Party members; an appointment lasts one year; an instructor guides at most 2 associations."),
        As("AS-2.3", Workflow,
            "对指导教师开展考核评价，并给予相应激励",
            "Instructors are evaluated, with incentives."),
        As("AS-2.4", Workflow | Declared,
            "指导教师的指导工作计入工作量，对优秀指导教师给予支持，考核不合格的予以解聘",
            "Guiding an association counts as workload; outstanding instructors are supported; those who fail the evaluation are dismissed."),

        // 3. 组织建设
        As("AS-3.1", Workflow | Computed,
            "社团成员均为本校具有正式学籍的学生",
            "Every member is a student of the school with formal student status."),
        As("AS-3.2", Workflow | Computed,
            "社团成员定期注册，每名学生参加的学生社团不超过2个",
            "Members register regularly; each student joins at most 2 associations."),
        As("AS-3.3", Workflow | Computed,
            "社团由全体会员（会员代表）大会通过章程、选举产生执行机构和负责人；已登记的社团定期召开会员（会员代表）大会",
            "A general meeting of all members (or member representatives) adopts the charter and elects the executive body and the leaders; registered associations hold it regularly."),
        As("AS-3.4", Computed | Declared,
            "符合条件的学生社团成立临时党支部或团支部",
            "Associations that qualify set up a temporary Party branch or League branch."),
        As("AS-3.5", Workflow,
            "社团骨干学习成绩排名在本班级前50%以内，按照提名推荐、民主选举、考察公示、审核批准的程序产生",
            "Association backbones rank in the top 50% of their class; they are chosen by nomination and recommendation, election, inspection and public notice, and review and approval."),
        As("AS-3.6", Workflow,
            "思想政治类、志愿公益类学生社团的主要负责人须为中共党员；社团各部门负责人由社团在指导教师指导下选任",
            "Main leaders of ideological-political and volunteer / public-welfare associations must be Communist Party members; department heads are chosen by the association under the instructor's guidance."),

        // 4. 活动管理（调研清单此处原文不全，按通行做法表述）
        As("AS-4", Workflow,
            "学生社团活动管理：活动经指导教师、业务指导单位和校团委审批；大型、跨校、校外、涉外及讲座论坛类活动和接受校外赞助须按规定另行报批；不得开展商业性活动",
            "Activity management: activities are approved by the instructor, the business guidance unit and the school league committee; large, inter-school, off-campus, foreign-related and lecture or forum activities, and outside sponsorship, need further approval; no commercial activities."),

        // 5. 加强领导（调研清单此处原文不全）
        As("AS-5", Declared,
            "加强对学生社团工作的领导",
            "Leadership over student association work is strengthened."),
    ];
}
