import { useState } from "react";
import { failedRows } from "../../api/runs";
import type { Session } from "../../api/session";
import { ErrorNote } from "../../components/Feedback";
import { saveFile } from "../../components/save-file";
import { useInFlight } from "../../components/useInFlight";

/** Downloads the rows a run could not ingest (NDJSON: each row and why it failed). */
export function FailedRowsDownload({ session, batchId, runId }: { session: Session; batchId: string; runId: string }) {
  const [error, setError] = useState<unknown>();
  const inFlight = useInFlight();
  const download = () => inFlight.run("download", fetchAndSave);
  const fetchAndSave = async () => {
    setError(undefined);
    try {
      const text = await failedRows(session, batchId);
      saveFile(new Blob([text], { type: "application/x-ndjson" }), `failed-rows-${runId}.ndjson`);
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <>
      <button type="button" onClick={download} disabled={inFlight.busy("download")}>
        {inFlight.busy("download") ? "Downloading…" : "Download failed rows"}
      </button>
      <ErrorNote error={error} />
    </>
  );
}
