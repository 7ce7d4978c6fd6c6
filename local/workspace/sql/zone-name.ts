/**
 * A Spark zone ID as DuckDB's ICU (and JavaScript's Intl) name it: a region or a name ICU knows as it is, an offset of whole hours
 * (+08:00, -8, UTC+2) as ICU's Etc/GMT zone of it; undefined for another offset, which neither names.
 */
export function icuZoneName(value: string): string | undefined {
  const offset = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/i.exec(value.trim());
  if (!offset) return value.trim();
  const [, sign, hours, minutes = "00", seconds = "00"] = offset;
  if (minutes !== "00" || seconds !== "00" || Number(hours) > 14) return undefined;
  // Etc/GMT zones are named with the sign turned round (POSIX): +08:00 is Etc/GMT-8
  return Number(hours) === 0 ? "UTC" : `Etc/GMT${sign === "+" ? "-" : "+"}${Number(hours)}`;
}

/** whether ICU knows the zone of this name */
export function knownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
