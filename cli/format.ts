/** Dates as Japanese office staff read them on screen and in the FAQ: YYYY/MM/DD, local time. */
export function formatDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}/${pad(date.getMonth() + 1)}/${pad(date.getDate())}`;
}
