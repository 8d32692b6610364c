namespace ReformFlow.Domain.Common;

/// <summary>What a free text is, so a refusal names it in the reader's language (enum.TextField.*).</summary>
public enum TextField
{
    Comment, Reason, Message, AssociationName, Purpose, CharterText, FileName, ReportPart, EvaluationText,
    UnionName, UnionNameEn, DepartmentName, DepartmentNameEn, Statement, Justification, Identifier, StructureName, StructureNameEn, StructureCode,
}

/// <summary>
/// Every limit on free text, in one place, each fitted to what the text means: a comment or a reason is
/// a paragraph or two, a name a line, a charter a few pages. Anything longer is not a legitimate value
/// but a way to make every reader download it (a 28 MB comment made an application view 40 MB).
/// The domain is the guard: the database columns stay unbounded TEXT and no migration carries lengths.
/// Lengths count characters (UTF-16 code units) after trimming.
/// </summary>
public static class TextLimits
{
    /// <summary>A comment on a workflow step, an opinion, a decision's reason: a paragraph or two.</summary>
    public const int Comment = 2000;
    /// <summary>Why a position or an appointment ended, why an association was suspended: as long as a comment.</summary>
    public const int Reason = 2000;
    /// <summary>Short notes: a membership request's message, a refusal, a removal from the instructor bank.</summary>
    public const int Message = 500;
    /// <summary>An association's name (AS-1.x): a line on a certificate.</summary>
    public const int AssociationName = 60;
    /// <summary>A union's or department's name in Chinese.</summary>
    public const int Name = 100;
    /// <summary>The same name in English, which takes more characters.</summary>
    public const int NameEn = 200;
    /// <summary>An association's purpose.</summary>
    public const int Purpose = 2000;
    /// <summary>A charter typed in as text (AS-1.4); a longer one is attached as a file.</summary>
    public const int CharterText = 20000;
    /// <summary>Each part of an annual report (activities, finances, violations).</summary>
    public const int ReportPart = 4000;
    /// <summary>A member's rating comment, the guidance unit's opinion and the decision on an instructor.</summary>
    public const int EvaluationText = 1000;
    /// <summary>Why a body puts a student forward (推荐理由).</summary>
    public const int Statement = 2000;
    /// <summary>The written reason for going beyond a "generally" size limit.</summary>
    public const int Justification = 1000;
    /// <summary>An uploaded file's name: what common file systems allow.</summary>
    public const int FileName = 255;
    /// <summary>A student or staff number as typed: real ones have about ten characters.</summary>
    public const int Identifier = 64;

    /// <summary>Refuses a text longer than <paramref name="limit"/>; returns it unchanged otherwise (null stays null).</summary>
    public static string? Check(string? value, int limit, TextField field) =>
        Find(value, limit, field) is { } reason ? throw new DomainException([reason]) : value;

    /// <summary>The reason a text is too long, or null: for verbs that list every problem at once.</summary>
    public static Reason? Find(string? value, int limit, TextField field) =>
        value is not null && value.AsSpan().Trim().Length > limit ? new Reason(null, "text.too-long", field, limit) : null;
}
