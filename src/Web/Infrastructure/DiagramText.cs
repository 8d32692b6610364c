using System.Text.RegularExpressions;
using ReformFlow.Workflows.Localization;

namespace ReformFlow.Web.Infrastructure;

/// <summary>
/// Turns a process's Stateless diagram into the one people see: states and actions named in the
/// reader's language (guard texts stay in the API's copy) and the current state highlighted.
/// </summary>
public static partial class DiagramText
{
    public static string ForReader(string diagram, string currentState)
    {
        var lines = diagram.Split('\n').Select(l => Label().Replace(l, m => $" : {Texts.Get($"enum.Trigger.{m.Groups[1].Value}")}")).ToList();
        var states = lines.SelectMany(l => Transition().Matches(l).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }))
            .Where(s => s != "[*]").Distinct()
            .Select(s => $"\tstate \"{Texts.Get($"enum.State.{s}")}\" as {s}");
        return string.Join('\n', lines.Take(1).Concat(states).Concat(lines.Skip(1)))
            + $"\n\tclassDef current fill:#b3261e,color:#fff,stroke:#7a1a14,stroke-width:2px\n\tclass {currentState} current\n";
    }

    [GeneratedRegex(@" : (\w+).*$")]
    private static partial Regex Label();

    [GeneratedRegex(@"^\s*(\S+) --> (\S+)")]
    private static partial Regex Transition();
}
