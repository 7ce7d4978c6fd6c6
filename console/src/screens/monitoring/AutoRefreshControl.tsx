import { ChoiceSelect } from "../../components/ChoiceSelect";
import { REFRESH_CHOICES } from "./auto-refresh";

/** the time of day in UTC, as the console's other times */
const clock = (epochMs: number) => `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;

/** Monitoring's refreshing: its interval or paused, a refresh now, and when the data was last read. */
export function AutoRefreshControl({ everyMs, onEveryMs, onRefreshNow, lastRefreshed }: { everyMs: number | undefined; onEveryMs: (everyMs: number | undefined) => void; onRefreshNow: () => void; lastRefreshed: number | undefined }) {
  const chosen = REFRESH_CHOICES.findIndex((choice) => choice.everyMs === everyMs);
  return (
    <div className="copy-row auto-refresh">
      <ChoiceSelect label="Auto-refresh" choices={REFRESH_CHOICES} chosen={chosen} onChoose={(index) => onEveryMs(REFRESH_CHOICES[index].everyMs)} />
      <button type="button" onClick={onRefreshNow}>
        Refresh now
      </button>
      <p className="hint" data-testid="last-refreshed">
        {lastRefreshed === undefined ? "Not read yet" : <>Last refreshed at <time dateTime={new Date(lastRefreshed).toISOString()}>{clock(lastRefreshed)}</time></>}
        {everyMs === undefined && " · auto-refresh paused"}
      </p>
    </div>
  );
}
