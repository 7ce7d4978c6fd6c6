/**
 * The service's settings the console needs before its first call, written into its page as
 * `<meta>` tags: the page is the one thing the console always reads from this service, and it
 * holds no data (read by console/src/api/service-settings.ts).
 */

export interface ConsolePageSettings {
  /** how far in the past a new flow's start time may lie (FLOW_START_TIME_TOLERANCE_SECONDS) */
  flowStartTimeToleranceSeconds: number;
  /** the local workspace this process started, if it did: the new-account form's hint names it */
  localWorkspaceUrl?: string;
}

const attribute = (value: string) => value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

/** The page with the settings as `<meta>` tags at the end of its head. */
export function withSettings(page: string, settings: ConsolePageSettings): string {
  let tags = `<meta name="flow-start-time-tolerance-seconds" content="${Math.trunc(settings.flowStartTimeToleranceSeconds)}" />`;
  if (settings.localWorkspaceUrl) tags += `<meta name="local-workspace-url" content="${attribute(settings.localWorkspaceUrl)}" />`;
  return page.replace("</head>", `${tags}</head>`);
}
