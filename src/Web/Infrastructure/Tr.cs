using ReformFlow.Domain.Access;
using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Access;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Infrastructure;

/// <summary>
/// Texts in the request's language for Razor pages: <c>@T["key"]</c>, <c>@T.Enum(value)</c>. A singleton, so what depends
/// on the reader (measure IDs are for officials, not students) is read from the request: <see cref="ForStudent"/>.
/// </summary>
public sealed class Tr(IHttpContextAccessor http)
{
    private const string StudentReaderKey = "reformflow.reader-is-student";

    public string this[string key] => ForReader(Texts.Get(key));
    public string this[string key, params object?[] args] => ForReader(Texts.Get(key, args));
    public string Enum<TEnum>(TEnum value) where TEnum : struct, System.Enum => ForReader(Texts.Get($"enum.{typeof(TEnum).Name}.{value}"));
    public string State(string state) => Texts.Get($"enum.State.{state}");
    public string Trigger(string trigger) => Texts.Get($"enum.Trigger.{trigger}");

    /// <summary>A reason in words; officials read its measure ID in front ("[AS-1.1] …"), students only the words.</summary>
    public string Reason(Reason r) => ForStudent ? ForReader(Texts.Get(r.Key, r.Args)) : ApiExceptionHandler.Describe(r);

    /// <summary>A text as this reader reads it: for a student, without the measure references (StudentReading).</summary>
    private string ForReader(string text) => ForStudent ? StudentReading.WithoutMeasures(text) : text;

    /// <summary>A measure ID printed on a page ("SU-2.1"), or nothing for a student, to whom it means nothing.</summary>
    public string Measure(string measureId) => ForStudent ? "" : measureId;

    /// <summary>"[SU-3.2] " in front of a sentence, or nothing for a student.</summary>
    public string Tag(string measureId) => ForStudent ? "" : $"[{measureId}] ";

    /// <summary>
    /// The reader is a student and nothing else (no official role): measure IDs and version numbers are left out for them.
    /// Decided from the signed-in actor <see cref="CurrentActor"/> has loaded for this request (<see cref="ReaderFilter"/>
    /// loads it before any page runs); remembered for the request.
    /// </summary>
    public bool ForStudent
    {
        get
        {
            if (http.HttpContext is not { } context) return false;
            if (context.Items.TryGetValue(StudentReaderKey, out var known)) return known is true;
            if (context.RequestServices.GetService<CurrentActor>()?.Loaded is not { } actor) return false;
            var student = StudentReading.IsStudentOnly(actor);
            context.Items[StudentReaderKey] = student;
            return student;
        }
    }

    public string Culture => Texts.CurrentCulture;
    public bool IsEnglish => Culture == Texts.English;
}
