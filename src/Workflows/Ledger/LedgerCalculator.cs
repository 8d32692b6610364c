using Microsoft.Extensions.DependencyInjection;
using ReformFlow.Domain.Ledger;
using ReformFlow.Workflows.Data;

namespace ReformFlow.Workflows.Ledger;

/// <summary>
/// Runs every registered <see cref="ILedgerEvaluator"/> for one university and period: the computed part of its
/// ledger, as of now. Which measure each evaluator answers is the evaluators' own declaration (<see cref="AnsweredBy"/>),
/// so a newcomer goes from a ledger row to its evaluator, and from there to the rule it reads.
/// </summary>
public sealed class LedgerCalculator
{
    private readonly IReadOnlyList<ILedgerEvaluator> _evaluators;

    public LedgerCalculator(IEnumerable<ILedgerEvaluator> evaluators)
    {
        _evaluators = evaluators.ToList();
        var byMeasure = new Dictionary<string, ILedgerEvaluator>(StringComparer.Ordinal);
        foreach (var e in _evaluators)
            foreach (var id in e.MeasureIds)
            {
                if (Measures.Find(id) is null) throw new InvalidOperationException($"{e.GetType().Name} answers {id}, which is not in the registry.");
                if (!byMeasure.TryAdd(id, e)) throw new InvalidOperationException($"{id} is answered by both {byMeasure[id].GetType().Name} and {e.GetType().Name}.");
            }
        AnsweredBy = byMeasure;
    }

    /// <summary>The evaluator of each measure that has one; every other measure is Declared.</summary>
    public IReadOnlyDictionary<string, ILedgerEvaluator> AnsweredBy { get; }

    /// <summary>The computed rows of every measure that has an evaluator, by measure ID.</summary>
    public async Task<IReadOnlyDictionary<string, ComputedRow>> ComputeAsync(ReformFlowDb db, LedgerScope scope, CancellationToken ct)
    {
        var rows = new Dictionary<string, ComputedRow>(StringComparer.Ordinal);
        // One DbContext is not thread-safe: evaluators run one after the other.
        foreach (var e in _evaluators)
            foreach (var row in await e.EvaluateAsync(db, scope, ct))
            {
                if (!e.MeasureIds.Contains(row.MeasureId))
                    throw new InvalidOperationException($"{e.GetType().Name} returned {row.MeasureId}, which it does not declare.");
                rows[row.MeasureId] = row;
            }
        return rows;
    }
}

public static class LedgerRegistration
{
    /// <summary>The calculator and every evaluator of this assembly (stateless singletons: the DbContext is passed in).</summary>
    public static IServiceCollection AddLedgerCalculator(this IServiceCollection services)
    {
        foreach (var type in typeof(ILedgerEvaluator).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ILedgerEvaluator).IsAssignableFrom(t)))
            services.AddSingleton(typeof(ILedgerEvaluator), type);
        services.AddSingleton<LedgerCalculator>();
        return services;
    }
}
