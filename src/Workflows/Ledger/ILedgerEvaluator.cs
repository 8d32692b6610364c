using ReformFlow.Domain.Ledger;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Ledger;

/// <summary>
/// The university and period a ledger is computed for: <see cref="From"/> … <see cref="To"/> is the reporting year
/// (workflow rows count the instances of that period), <see cref="Now"/> the moment of viewing (current staffing,
/// running appointments, what is overdue).
/// </summary>
public sealed record LedgerScope(Guid UniversityId, DateTimeOffset From, DateTimeOffset To, DateTimeOffset Now);

/// <summary>
/// Answers one or more Computed or Workflow measures from the data. Every evaluator is registered in DI; the ledger
/// asks each for its <see cref="MeasureIds"/>. A measure no evaluator answers is Declared until its feature is built.
/// Evaluators read the same named facts and rules the workflows enforce (SizeRules, CountingTowardLimit, RunningAppointments…),
/// never a second copy of a threshold.
/// </summary>
public interface ILedgerEvaluator
{
    IReadOnlyList<string> MeasureIds { get; }

    /// <summary>One row per ID of <see cref="MeasureIds"/>, in any order.</summary>
    Task<IReadOnlyList<ComputedRow>> EvaluateAsync(ReformFlowDb db, LedgerScope scope, CancellationToken ct);
}
