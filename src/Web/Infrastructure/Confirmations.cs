using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Infrastructure;

/// <summary>
/// The question a destructive button asks before it acts (<c>data-confirm</c>, read by wwwroot/js/confirm.js):
/// rejecting, declining, withdrawing, cancelling, failing, removing or ending cannot be undone by the same person.
/// </summary>
public static class Confirmations
{
    private static readonly string[] Destructive = ["Reject", "Decline", "Withdraw", "Cancel", "Fail", "Remove", "Revoke"];

    public static bool IsDestructive(string trigger) => Destructive.Any(d => trigger.Contains(d, StringComparison.Ordinal));

    /// <summary>The question for a workflow action, or null (no attribute is written) when the action is not destructive.</summary>
    public static string? ForTrigger(string trigger) =>
        IsDestructive(trigger) ? For(Texts.Get($"enum.Trigger.{trigger}")) : null;

    /// <summary>"Reject: this cannot be undone. Continue?" for a button whose label is <paramref name="action"/>.</summary>
    public static string For(string action) => Texts.Get("confirm.irreversible", action);
}
