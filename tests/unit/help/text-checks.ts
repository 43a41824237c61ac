// Text checks for the Help content: is a Japanese text free of English sentences, and does a text
// repeat the bank's FAQ word for word? Pure functions, so the tests can prove each check catches
// what it is meant to catch before trusting it on the real content.

const JAPANESE_LETTER = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const LATIN_LETTER = /[A-Za-z]/;

/** What a Japanese sentence may carry in Latin letters: URLs, codes (CJS-E-LOCKED, WIN-ZONE), check ids, FAQ refs. */
const ALLOWED_TOKENS = [
  /https?:\/\/[^\s)）、。]+/g,
  /\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b/g,
  /\b[a-z]+(?:-[a-z0-9]+)+\b/g,
  /\bQ\d+(?:\(\d+\))?/g,
];

/** Five or more Latin words in a row: an English phrase, not a product name like "X509 Enrollment". */
const ENGLISH_PHRASE = /[A-Za-z][\w.'/-]*(?:[ ,]+[A-Za-z][\w.'/-]*){4,}/;

/** Sentences of a Japanese text (split after 。！？ and at line breaks), trimmed, without empty ones. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。！？])|\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The sentences of a Japanese text that are English: Latin letters left once the allowed tokens are gone, and no Japanese. */
export function englishSentences(text: string): string[] {
  return sentences(text).filter((sentence) => {
    const rest = ALLOWED_TOKENS.reduce((s, token) => s.replace(token, ' '), sentence);
    return LATIN_LETTER.test(rest) && !JAPANESE_LETTER.test(rest);
  });
}

/** An English phrase embedded in a Japanese sentence, if any. */
export function englishPhrase(text: string): string | undefined {
  return ENGLISH_PHRASE.exec(text)?.[0];
}

/** Width variants folded (NFKC) and whitespace dropped, so a copy cannot hide behind line breaks or spacing. */
export function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/** Every run of `length` characters of the normalised source, for fast look-up. */
export function runsOf(source: string, length: number): Set<string> {
  const normalised = normalise(source);
  const runs = new Set<string>();
  for (let i = 0; i + length <= normalised.length; i++) runs.add(normalised.slice(i, i + length));
  return runs;
}

/** The first run of `length` characters the text shares with the source, if any. */
export function copiedRun(text: string, sourceRuns: Set<string>, length: number): string | undefined {
  const normalised = normalise(text);
  for (let i = 0; i + length <= normalised.length; i++) {
    const run = normalised.slice(i, i + length);
    if (sourceRuns.has(run)) return run;
  }
  return undefined;
}
