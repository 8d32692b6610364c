using ReformFlow.Domain.Common;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Infrastructure;

/// <summary>Texts in the request's language for Razor pages: <c>@T["key"]</c>, <c>@T.Enum(value)</c>.</summary>
public sealed class Tr
{
    public string this[string key] => Texts.Get(key);
    public string this[string key, params object?[] args] => Texts.Get(key, args);
    public string Enum<TEnum>(TEnum value) where TEnum : struct, System.Enum => Texts.Get($"enum.{typeof(TEnum).Name}.{value}");
    public string State(string state) => Texts.Get($"enum.State.{state}");
    public string Trigger(string trigger) => Texts.Get($"enum.Trigger.{trigger}");
    public string Reason(Reason r) => ApiExceptionHandler.Describe(r);
    public string Culture => Texts.CurrentCulture;
    public bool IsEnglish => Culture == Texts.English;
}
