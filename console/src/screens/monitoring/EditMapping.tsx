import { useEffect, useRef, useState } from "react";
import { FLOW_SERVICE, item } from "../../api/client";
import { previewTable } from "../../api/flowservice";
import { getMappingSet, type MappingRow, mappingRowsOf, replaceMappingSet } from "../../api/platform";
import { flowMapping, getFlow, pointFlowAtMappingVersion } from "../../api/runs";
import type { Session } from "../../api/session";
import { Busy } from "../../components/Feedback";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import type { MappingDraft } from "../wizard/mapping-draft";
import { MappingStep } from "../wizard/MappingStep";
import type { WizardState } from "../wizard/Wizard";
import { ClusterErrorNote } from "../sources/ClusterStarting";
import { useLeaveGuard } from "./leave-guard";

interface Loaded {
  state: WizardState;
  draft: MappingDraft;
  mappingId: string;
  mappingVersion: number;
  schemaId: string;
}

/**
 * A dataflow's mapping changed in place: the wizard's mapping step over the flow's table (its sample
 * rows, read again) and dataset, starting from the version of the mapping set the flow uses. Save
 * makes the mapping set's next version (PUT) and points the flow at it (PATCH): the flow's next runs,
 * and a failed run re-triggered, map with it; earlier versions stay as they were.
 */
export function EditMapping({ session, flowId, onSaved, onCancel }: { session: Session; flowId: string; onSaved: (version: number) => void; onCancel: () => void }) {
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  /** the account the flow reads, once known: a stopped cluster of it is started from here */
  const [connectionId, setConnectionId] = useState<string>();
  /** reads the mapping and the table again (after the cluster was started) */
  const [round, setRound] = useState(0);
  /** the mapping as the step first showed it, and as it is now (mappingKey): Cancel asks first when they differ */
  const shown = useRef<{ first?: string; now?: string }>({});
  const changed = () => shown.current.first !== shown.current.now;
  /** what follows when the user confirms they drop their changes: Cancel's, or leaving by the address (Back, the menu) */
  const [discarding, setDiscarding] = useState<{ then: () => void }>();
  const cancel = () => (changed() ? setDiscarding({ then: onCancel }) : onCancel());
  useLeaveGuard(changed, (leave) => setDiscarding({ then: leave }));

  useEffect(() => {
    let live = true;
    setError(undefined);
    (async () => {
      const flow = await getFlow(session, flowId);
      const mapping = flowMapping(flow);
      if (!mapping) throw new Error("This dataflow has no Mapping transformation to edit.");
      const source = await item<{ baseConnectionId: string; params: { tableName: string } }>(session, `${FLOW_SERVICE}/sourceConnections/${flow.sourceConnectionIds[0]}`);
      const target = await item<{ params: { dataSetId: string } }>(session, `${FLOW_SERVICE}/targetConnections/${flow.targetConnectionIds[0]}`);
      const set = await getMappingSet(session, mapping.mappingId, mapping.mappingVersion);
      const schemaId = set.xdmSchema ?? set.outputSchema?.schemaRef?.id ?? "";
      if (live) setConnectionId(source.baseConnectionId);
      // the table's sample rows as they are now: the mapping is checked on them as in the wizard
      const preview = await previewTable(session, source.baseConnectionId, source.params.tableName);
      const rows = mappingRowsOf(set);
      const state: WizardState = {
        connectionId: source.baseConnectionId,
        table: source.params.tableName,
        preview,
        dataset: { kind: "existing", flowName: flow.name, dataSetId: target.params.dataSetId, name: flow.name, schemaId, partialIngestionPercent: flow.options?.partialIngestionPercent },
      };
      const draft: MappingDraft = {
        targetFields: new Set(rows.map((m) => m.destination)),
        assignments: new Map(rows.map((m) => [m.destination, { source: m.source, calculated: m.calculated }])),
        sourceKeys: new Set(),
        whole: true,
      };
      if (live) setLoaded({ state, draft, mappingId: mapping.mappingId, mappingVersion: mapping.mappingVersion, schemaId });
    })().catch((caught) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [session, flowId, round]);

  const save = async (mappings: MappingRow[]) => {
    if (!loaded) return;
    setSaving(true);
    setError(undefined);
    try {
      const next = await replaceMappingSet(session, loaded.mappingId, loaded.schemaId, mappings);
      await pointFlowAtMappingVersion(session, flowId, next.version);
      // saved: nothing is left to lose on leaving
      shown.current.first = shown.current.now;
      onSaved(next.version);
    } catch (caught) {
      setError(caught);
      setSaving(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="edit-mapping-title">
      <h2 id="edit-mapping-title">Edit the mapping{loaded ? ` of ${loaded.state.dataset!.flowName} (version ${loaded.mappingVersion})` : ""}</h2>
      <p className="hint">Saving makes the mapping's next version and points this dataflow at it: its next runs, and a failed run re-triggered, map with it. Earlier runs stay as they were.</p>
      <ClusterErrorNote session={session} connectionId={connectionId} error={error} onStarted={() => setRound((n) => n + 1)} />
      {!loaded && !error && <Busy label="Reading the dataflow's mapping and table" />}
      {!loaded && !!error && (
        <div className="actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
      {loaded && (
        <MappingStep
          session={session}
          state={loaded.state}
          draft={loaded.draft}
          backLabel="Cancel"
          nextLabel={saving ? "Saving…" : "Save as a new version"}
          nextBusy={saving}
          onEdit={(draft) => {
            shown.current.now = mappingKey(draft);
            shown.current.first ??= shown.current.now;
          }}
          onBack={cancel}
          onNext={(mappings) => void save(mappings)}
        />
      )}
      {discarding && (
        <ConfirmDialog title="Discard your changes to the mapping?" confirm="Discard the changes" onConfirm={discarding.then} onCancel={() => setDiscarding(undefined)}>
          <p>The dataflow keeps mapping with version {loaded?.mappingVersion}: nothing you changed here is saved.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** a mapping's fields and their sources, as text: two drafts of the same mapping give the same text, whatever their checks say */
function mappingKey(draft: MappingDraft): string {
  const sources = [...draft.assignments].filter(([, a]) => a.source !== "").map(([field, a]) => [field, a.source, a.calculated ?? false]);
  return JSON.stringify(sources.sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
}
