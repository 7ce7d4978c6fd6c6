import type { Action, AddFile, DomainMetadata, Metadata, Protocol, RemoveFile, Txn } from "./types.js";
import { dvUniqueId } from "./deletion-vectors.js";

export interface ReplayedState {
  protocol?: Protocol;
  metadata?: Metadata;
  files: AddFile[];
  tombstones: RemoveFile[];
  transactions: Record<string, Txn>;
  domainMetadata: DomainMetadata[];
}

export const fileKey = (path: string, dv: AddFile["deletionVector"]): string => `${path}\u0000${dvUniqueId(dv)}`;

/**
 * Action reconciliation: walk commits newest first, then the checkpoint. The first action seen for a
 * logical file (path, DV id) decides it: an add makes it live, a remove makes it a tombstone. Protocol,
 * metadata, each txn appId and each domain likewise take their newest value.
 */
export function replay(commitsNewestFirst: Action[][], checkpoint: Action[]): ReplayedState {
  const state: ReplayedState = { files: [], tombstones: [], transactions: {}, domainMetadata: [] };
  const seen = new Set<string>();
  const domains = new Map<string, DomainMetadata>();
  const apply = (action: Action) => {
    switch (action.kind) {
      case "add": {
        const key = fileKey(action.add.path, action.add.deletionVector);
        if (!seen.has(key)) (seen.add(key), state.files.push(action.add));
        break;
      }
      case "remove": {
        const key = fileKey(action.remove.path, action.remove.deletionVector);
        if (!seen.has(key)) (seen.add(key), state.tombstones.push(action.remove));
        break;
      }
      case "protocol":
        state.protocol ??= action.protocol;
        break;
      case "metaData":
        state.metadata ??= action.metaData;
        break;
      case "txn":
        if (!(action.txn.appId in state.transactions)) state.transactions[action.txn.appId] = action.txn;
        break;
      case "domainMetadata":
        if (!domains.has(action.domainMetadata.domain)) domains.set(action.domainMetadata.domain, action.domainMetadata);
        break;
      default:
        break;
    }
  };
  for (const commit of commitsNewestFirst) commit.forEach(apply);
  checkpoint.forEach(apply);
  state.domainMetadata = [...domains.values()].filter((d) => !d.removed);
  return state;
}
