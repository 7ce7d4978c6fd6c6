import { useEffect, useState } from "react";
import { apiBlob } from "../../api/client";
import { type BatchFile, batchFiles } from "../../api/runs";
import type { Session } from "../../api/session";
import { ErrorNote } from "../../components/Feedback";
import { saveFile } from "../../components/save-file";
import { useInFlight } from "../../components/useInFlight";

/** The Parquet files a run's batch committed, each to download as the dataset's Delta table holds it (the Data Access API). */
export function BatchFiles({ session, batchId }: { session: Session; batchId: string }) {
  const [files, setFiles] = useState<BatchFile[]>();
  const [error, setError] = useState<unknown>();
  const inFlight = useInFlight();
  useEffect(() => {
    let live = true;
    setFiles(undefined);
    setError(undefined);
    batchFiles(session, batchId).then(
      (listed) => live && setFiles(listed),
      (caught) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [session, batchId]);

  const download = (file: BatchFile) =>
    inFlight.run(file.path, async () => {
      setError(undefined);
      try {
        saveFile(await apiBlob(session, file.path), file.name);
      } catch (caught) {
        setError(caught);
      }
    });

  return (
    <section aria-labelledby="batch-files-title">
      <h3 id="batch-files-title">Batch files</h3>
      <ErrorNote error={error} />
      {files?.length === 0 && <p className="hint">The batch holds no file.</p>}
      {files && files.length > 0 && (
        <>
          <p className="hint">The Parquet files batch {batchId} committed to the dataset, as any Delta or Parquet reader opens them.</p>
          <ul aria-label="Batch files">
            {files.map((file) => (
              <li key={file.path}>
                <code>{file.name}</code> ({Number(file.length).toLocaleString("en-US")} bytes){" "}
                <button type="button" onClick={() => download(file)} disabled={inFlight.busy(file.path)} aria-label={`Download ${file.name}`}>
                  {inFlight.busy(file.path) ? "Downloading…" : "Download"}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
