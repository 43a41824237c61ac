// Personal data is marked where a check produces it, not guessed later from key names: a login
// ID, a certificate subject, a path under the user's home are wrapped in `personal(...)` as they
// are put into evidence or into a message's parameters. The report keeps the marked values, and
// the export masks exactly those (masking.ts).

/** A value that identifies a person (login ID, subject, name, home path). */
export class Personal {
  constructor(readonly value: string | readonly string[]) {}
}

export function personal(value: string | readonly string[]): Personal {
  return new Personal(value);
}

/** The value without its mark (what the user's own screen shows). */
export function unmarked<T>(value: T | Personal): T | string | readonly string[] {
  return value instanceof Personal ? value.value : value;
}

/** The strings a marked value holds; nothing for an unmarked one. */
export function markedStrings(value: unknown): string[] {
  if (!(value instanceof Personal)) return [];
  return (typeof value.value === 'string' ? [value.value] : [...value.value]).filter((v) => v.length > 0);
}
