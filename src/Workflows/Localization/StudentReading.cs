using System.Text.RegularExpressions;
using ReformFlow.Domain.Access;
using ReformFlow.Workflows.Access;

namespace ReformFlow.Workflows.Localization;

/// <summary>
/// What a student reads: measure IDs ("AS-1.1") mean nothing to a student, so texts shown or mailed to someone who is a
/// student and nothing else lose them; officials (anyone holding another role) keep them. The one definition pages
/// (Tr) and emails (Notifier, DirectMail) share.
/// </summary>
public static partial class StudentReading
{
    /// <summary>A student and nothing else: no official role, not a teacher.</summary>
    public static bool IsStudentOnly(bool isStudent, IEnumerable<Role> roles) => isStudent && roles.All(r => r == Role.Student);

    public static bool IsStudentOnly(Actor actor) => IsStudentOnly(actor.StudentId is not null, actor.Roles);

    /// <summary>
    /// The text without its measure references: one in brackets ("规模控制（SU-3.1～SU-3.3）", "(AS-1.1)") or a tag in
    /// front of a sentence ("[AS-1.1] ").
    /// </summary>
    public static string WithoutMeasures(string text) =>
        text.Contains('-') ? MeasureTag().Replace(MeasureInBrackets().Replace(text, ""), "") : text;

    [GeneratedRegex(@"\s?[（(][^（()）]*?\b(?:AS|SU)-\d[^（()）]*[)）]")]
    private static partial Regex MeasureInBrackets();

    [GeneratedRegex(@"\[(?:AS|SU)-\d[\d.]*\]\s?")]
    private static partial Regex MeasureTag();
}
