import { useState } from "react";
import { failedRows } from "../../api/runs";
import type { Session } from "../../api/session";
import { ErrorNote } from "../../components/Feedback";
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
      const url = URL.createObjectURL(new Blob([text], { type: "application/x-ndjson" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `failed-rows-${runId}.ndjson`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
