/**
 * The service's settings its page was served with, as `<meta>` tags (src/console-host/page-settings.ts).
 * A page served by something else (Vite's dev server) has none: the service's defaults stand in.
 */

/** FLOW_START_TIME_TOLERANCE_SECONDS's default */
const DEFAULT_START_TIME_TOLERANCE_SECONDS = 3600;

const content = (name: string) => document.querySelector(`meta[name="${name}"]`)?.getAttribute("content") ?? undefined;

function setting(name: string): number | undefined {
  const text = content(name);
  const value = Number(text);
  return text && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** How far in the past the service lets a new flow's start time lie. */
export const flowStartTimeToleranceSeconds = () => setting("flow-start-time-tolerance-seconds") ?? DEFAULT_START_TIME_TOLERANCE_SECONDS;

/** The local workspace the service started (npm start's), if it started one. */
export const localWorkspaceUrl = () => content("local-workspace-url");
