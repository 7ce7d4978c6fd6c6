/** A date's text as Spark writes it: days since the epoch → 2024-02-29 (a year before 1 with its minus sign, four digits at least). */
const pad = (n: number, width: number) => String(n).padStart(width, "0");

export function formatDate(days: number): string {
  const d = new Date(days * 86_400_000);
  if (Number.isNaN(d.getTime())) return days > 0 ? "+infinity" : "-infinity";
  const y = d.getUTCFullYear();
  const year = y < 0 ? "-" + pad(-y, 4) : pad(y, 4);
  return `${year}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}
