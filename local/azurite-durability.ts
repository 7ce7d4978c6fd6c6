/**
 * Makes the embedded Azurite answer the writes a committed batch rests on only once they are on
 * disk (docs/decisions.md, "The embedded Azurite saves what a commit rests on before it answers").
 *
 * Azurite keeps its metadata in two Loki databases held in memory and saved every 5 seconds, so a
 * crash brought back the metadata of up to 5 seconds before. Container changes and blobs created
 * only if absent (`If-None-Match: *`: the lake's data files and Delta commits) now save both
 * databases before they are answered, the extents' first, so that every extent a saved blob
 * points at is saved too. Loki serializes a database when a save starts and runs one save at a
 * time, so a write waits for one save that began after it, and concurrent writes share it. A save
 * writes the whole database, so other writes are left to the autosave.
 */

interface LokiDatabase {
  saveDatabase(callback: (error?: Error | null) => void): void;
}

interface LokiStore {
  db: LokiDatabase;
}

type Arguments = unknown[];

const always = () => true;
/** the write's conditions (Models.ModifiedAccessConditions) at `index` ask for a blob that does not exist yet */
const ifAbsentAt = (index: number) => (args: Arguments) => (args[index] as { ifNoneMatch?: string } | undefined)?.ifNoneMatch === "*";

/** The metadata store's operations that wait for a save, and when. */
const DURABLE_WRITES: Record<string, (args: Arguments) => boolean> = {
  setServiceProperties: always,
  createContainer: always,
  deleteContainer: always,
  setContainerMetadata: always,
  setContainerACL: always,
  // (context, blob, leaseAccessConditions, modifiedAccessConditions)
  createBlob: ifAbsentAt(3),
  // (context, blob, blockList, leaseAccessConditions, modifiedAccessConditions)
  commitBlockList: ifAbsentAt(4),
};

export function saveDurableWritesBeforeAnswering(blobMetadata: LokiStore, extentMetadata: LokiStore): void {
  const store = blobMetadata as unknown as Record<string, (...args: Arguments) => Promise<unknown>>;
  for (const [name, durable] of Object.entries(DURABLE_WRITES)) {
    const write = store[name];
    if (typeof write !== "function") throw new Error(`this Azurite's metadata store has no ${name}: local/azurite-durability.ts needs updating`);
    store[name] = async (...args: Arguments) => {
      const result = await write.apply(blobMetadata, args);
      if (durable(args)) {
        await saved(extentMetadata.db);
        await saved(blobMetadata.db);
      }
      return result;
    };
  }
}

function saved(db: LokiDatabase): Promise<void> {
  return new Promise((resolve, reject) => db.saveDatabase((error) => (error ? reject(error) : resolve())));
}
