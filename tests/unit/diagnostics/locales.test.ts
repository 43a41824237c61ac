// The diagnostics' words: resources/locales/{ja,en}/diagnostics.json have the same keys and the
// same {{placeholders}}, the Japanese has no English sentence, and every key the checks name in
// their source exists (a missing one would print the key itself to a payroll clerk).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALE_RESOURCES } from '../../../electron/contract/locales';
import { ALL_CHECKS } from '../../../electron/core/diagnostics/checks';

type Tree = { readonly [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(`${prefix}${k}`, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const ja = flatten(LOCALE_RESOURCES.ja.diagnostics);
const en = flatten(LOCALE_RESOURCES.en.diagnostics);
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([^,}\s]+)/g)].map((m) => m[1]).sort();
/** i18next looks plural forms up by suffix: `summary.count` is there when `summary.count_other` is. */
const exists = (key: string) => ja.has(key) || ja.has(`${key}_other`);

const SOURCE_DIR = join(import.meta.dirname, '../../../electron/core/diagnostics');
const sources = [
  ...readdirSync(join(SOURCE_DIR, 'checks')).map((f) => join(SOURCE_DIR, 'checks', f)),
  ...readdirSync(SOURCE_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(SOURCE_DIR, f)),
].map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('diagnostics.json', () => {
  it('Japanese and English have exactly the same keys and the same placeholders', () => {
    expect([...ja.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of ja) expect(placeholders(text), key).toEqual(placeholders(en.get(key)!));
  });

  it('the Japanese has no English sentence (names, codes and commands aside)', () => {
    for (const [key, text] of ja) {
      const words = text.replace(/\$t\([^)]*\)|\{\{[^}]*\}\}|"[^"]*"|\[[^\]]*\]/g, ' ');
      expect(words, key).not.toMatch(/\b(the|is|are|not|with|and|your|please|could|cannot)\b/i);
    }
  });

  it('every check has a title, every fixable check a fix title', () => {
    for (const check of ALL_CHECKS) {
      expect(ja.has(`check.${check.id}.title`), check.id).toBe(true);
      if (check.fix) expect(ja.has(`check.${check.id}.fix`), check.id).toBe(true);
    }
  });

  it("every key the sources name exists: each check's summary/advice cases, the shared and the engine's", () => {
    const missing: string[] = [];
    for (const { path, text } of sources) {
      const checkId = /checkMessages\('([^']+)'\)/.exec(text)?.[1];
      for (const m of text.matchAll(/\bm\.(summary|advice)\('([^']+)'/g)) {
        if (!checkId) missing.push(`${path}: ${m[0]} without checkMessages`);
        else if (!exists(`check.${checkId}.${m[1]}.${m[2]}`)) missing.push(`check.${checkId}.${m[1]}.${m[2]}`);
      }
      for (const m of text.matchAll(/\bendpointPass\('([^']+)', '([^']+)'/g)) {
        for (const role of ['issuing', 'login'])
          if (!exists(`check.${m[1]}.summary.${m[2]}.${role}`)) missing.push(`${m[1]} ${m[2]} ${role}`);
      }
      for (const m of text.matchAll(/\b(?:message|common)\('([^']+)'/g)) {
        const key = m[0].startsWith('common') ? `common.${m[1]}` : m[1]!;
        if (!exists(key)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every nested $t(...) points at a key that exists (placeholders aside)', () => {
    for (const [key, text] of ja) {
      for (const m of text.matchAll(/\$t\(diagnostics:([^,)]+)/g)) {
        if (m[1]!.includes('{{')) continue;
        expect(exists(m[1]!), `${key} → ${m[1]}`).toBe(true);
      }
    }
  });
});
