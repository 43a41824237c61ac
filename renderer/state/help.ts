// The Help screen: the FAQ Q1–Q25 in one language, a search, and the entry a link asked for.
import type { HelpEntry, Language } from '../../electron/contract/channels';
import type { AppError } from '../../electron/contract/result';

export interface HelpState {
  readonly phase: 'idle' | 'loading' | 'loaded' | 'failed';
  /** The language the entries are in; a switch of language loads them again. */
  readonly language: Language | null;
  readonly entries: readonly HelpEntry[];
  readonly error: AppError | null;
  readonly query: string;
}

export type HelpEvent =
  | { readonly type: 'help/requested'; readonly language: Language }
  | { readonly type: 'help/loaded'; readonly language: Language; readonly entries: readonly HelpEntry[] }
  | { readonly type: 'help/failed'; readonly error: AppError }
  | { readonly type: 'help/queryChanged'; readonly query: string };

export const initialHelp: HelpState = { phase: 'idle', language: null, entries: [], error: null, query: '' };

export function updateHelp(state: HelpState, event: HelpEvent): HelpState {
  switch (event.type) {
    case 'help/requested':
      return { ...state, phase: 'loading', language: event.language, error: null };
    case 'help/loaded':
      // An answer for a language the user has since left is stale.
      if (event.language !== state.language) return state;
      return { ...state, phase: 'loaded', entries: event.entries, error: null };
    case 'help/failed':
      return { ...state, phase: 'failed', error: event.error };
    case 'help/queryChanged':
      return { ...state, query: event.query };
  }
}

/** Full-width and half-width, upper and lower case compare equal (ＣＪＳ = cjs, ｷｬｯｼｭ = キャッシュ). */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Entries matching every word of the query in their number, title, texts or keywords. */
export function searchHelp(entries: readonly HelpEntry[], query: string): readonly HelpEntry[] {
  const words = normalizeForSearch(query).split(/\s+/u).filter(Boolean);
  if (words.length === 0) return entries;
  return entries.filter((entry) => {
    const haystack = normalizeForSearch([entry.id, entry.title, entry.about, entry.appDoes, entry.remains, ...entry.keywords].join('\n'));
    return words.every((word) => haystack.includes(word));
  });
}

/** The entry a FAQ reference points to: `Q18(6)` → `Q18`. */
export function faqEntryId(ref: string): string {
  return ref.replace(/\(\d+\)$/u, '');
}
