import type { JsonSchema } from "../../api/flowservice";
import { profileParams } from "./auth-form";

/**
 * A Delta Sharing profile file (config.share) picked from disk: the params it gives (its fields
 * the schema has) go to `onRead`, a file that is not a profile to `onError`.
 */
export function ProfileFileInput(props: { schema: JsonSchema; hint: string; onRead: (params: Record<string, unknown>) => void; onError: (error: unknown) => void }) {
  const read = async (file: File | undefined) => {
    if (!file) return;
    props.onError(undefined);
    try {
      props.onRead(profileParams(props.schema, await file.text()));
    } catch (caught) {
      props.onError(caught);
    }
  };
  return (
    <label>
      Profile file <span className="hint">({props.hint})</span>
      <input type="file" accept=".share,.json,application/json" onChange={(e) => void read(e.target.files?.[0])} />
    </label>
  );
}
