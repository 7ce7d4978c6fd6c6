/**
 * The service's settings the console needs before its first call, written into its page as
 * `<meta>` tags: the page is the one thing the console always reads from this service, and it
 * holds no data (read by console/src/api/service-settings.ts).
 */

export interface ConsolePageSettings {
  /** how far in the past a new flow's start time may lie (FLOW_START_TIME_TOLERANCE_SECONDS) */
  flowStartTimeToleranceSeconds: number;
}

/** The page with the settings as `<meta>` tags at the end of its head. */
export function withSettings(page: string, settings: ConsolePageSettings): string {
  const tags = `<meta name="flow-start-time-tolerance-seconds" content="${Math.trunc(settings.flowStartTimeToleranceSeconds)}" />`;
  return page.replace("</head>", `${tags}</head>`);
}
