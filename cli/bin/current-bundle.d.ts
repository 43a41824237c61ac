/** The bundle's path when it is current; undefined when it is missing or older than a source. */
export function currentBundle(root?: string): string | undefined;
