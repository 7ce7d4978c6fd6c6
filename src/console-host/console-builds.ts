/**
 * The console's builds in one process: one at a time, none while the build is current, and a way to
 * start one without waiting for it (a browser is shown the building page meanwhile).
 */
import type { FastifyBaseLogger } from "fastify";
import { buildConsole, buildIsCurrent, type ConsoleFolders, sourcesChangedAt } from "./console-build.js";

export interface ConsoleBuilds {
  /** whether console/dist holds a build of the current sources */
  current(): boolean;
  /** settles once the build is current, building it (or joining the build that runs) when it is not */
  ready(): Promise<void>;
  /**
   * Starts a build unless one runs, without waiting for it; a failure is logged. Answers "failed",
   * starting nothing, while the sources are those a build started this way failed on.
   */
  startInBackground(log: FastifyBaseLogger): "building" | "failed";
}

export function consoleBuilds(folders: ConsoleFolders): ConsoleBuilds {
  let building: Promise<void> | undefined;
  /** when the last build started in the background failed */
  let failedAt: number | undefined;
  const ready = () => {
    if (buildIsCurrent(folders)) return Promise.resolve();
    building ??= buildConsole(folders).finally(() => (building = undefined));
    return building;
  };
  return {
    current: () => buildIsCurrent(folders),
    ready,
    startInBackground: (log) => {
      if (building) return "building";
      if (failedAt !== undefined && sourcesChangedAt(folders.root) <= failedAt) return "failed";
      ready().then(
        () => (failedAt = undefined),
        (error: unknown) => {
          failedAt = Date.now();
          log.error({ err: error }, "the console's build failed");
        },
      );
      return "building";
    },
  };
}
