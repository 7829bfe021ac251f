using System.Text.Json.Nodes;
using AssumeRoleCli.Provisioning;

namespace AssumeRoleCli.Cli;

/// <summary>
/// The plan as data (--dry-run --output json): <c>{"target":{"accounts","region","profile","assumed_with"},
/// "changes":[{"action","address","attributes":[{"name","before","after"}]}],"add","change","destroy"}</c>, with
/// <c>"notes"</c> and (many accounts) <c>"left_out"</c> only when there are any. Values keep their shape: strings,
/// JSON documents as objects, sets as arrays, maps as objects; null is "does not exist". Values known only after apply
/// are left out.
/// </summary>
public sealed record PlanDocument(IReadOnlyList<PlannedChange> Changes, int Add, int Change, int Destroy)
{
    public static PlanDocument From(Plan plan) => new(
        plan.Changes.Select(c => new PlannedChange(
            ActionName(c.Action),
            c.Address,
            c.Attributes
                .Where(a => a.Before is not UnknownValue && a.After is not UnknownValue)
                .OrderBy(a => a.Name, StringComparer.Ordinal)
                .Select(a => new PlannedAttributeChange(a.Name, ToJson(a.Before), ToJson(a.After)))
                .ToList()))
            .ToList(),
        plan.ToAdd,
        plan.ToChange,
        plan.ToDestroy)
    {
        Target = plan.Target,
        Notes = plan.Notes.Count == 0 ? null : plan.Notes,
    };

    /// <summary>Where the plan acts (see <see cref="PlanTarget"/>); first in the document, as at the top of the text plan.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public PlanTarget? Target { get; init; }

    /// <summary>What the plan leaves as it is and why (<see cref="Plan.Notes"/>); absent when nothing is said.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Notes { get; init; }

    /// <summary>
    /// A plan of many accounts: each account left out of it (failed to plan, or not planned after --fail-fast), in the
    /// shape of an account's result; absent when every account planned.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AccountResult>? LeftOut { get; init; }

    private static string ActionName(ChangeAction action) => action switch
    {
        ChangeAction.Create => "create",
        ChangeAction.Update => "update",
        _ => "delete",
    };

    private static JsonNode? ToJson(PlanValue? value) => value switch
    {
        TextValue text => JsonValue.Create(text.Value),
        DocumentValue document => document.Parsed() ?? JsonValue.Create(document.Json),
        SetValue set => new JsonArray(set.Items.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
        MapValue map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value)))),
        _ => null,
    };
}

/// <param name="Action">create, update or delete.</param>
public sealed record PlannedChange(string Action, string Address, IReadOnlyList<PlannedAttributeChange> Attributes);

public sealed record PlannedAttributeChange(string Name, JsonNode? Before, JsonNode? After);
