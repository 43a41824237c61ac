// Every text of the `cli` namespace is printed by something: a text nobody prints any more is
// not translated, reviewed or kept in step for nothing. The sources are read as TypeScript, not
// grepped: a key is in use when some string in cli/ is that key, or when a template in cli/
// builds keys under its prefix (`step.${step}`: the whole `step.` family counts as used). Other
// code reaches the namespace only as `cli:<key>`. A key built any other way (concatenation, a
// key kept in a variable without its literal) would be reported: write it as a literal or a template.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LOCALE_RESOURCES } from '../../../electron/contract/locales';

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** i18next's plural forms: `daysLeft_one` is used by `t('daysLeft', { count })`. */
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function keysOf(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((path) => !path.includes('node_modules'));
}

/** Every string literal of a file, and the fixed head of every template with substitutions. */
function stringsOf(path: string): { literals: string[]; templateHeads: string[] } {
  const source = ts.createSourceFile(path, readFileSync(join(ROOT, path), 'utf8'), ts.ScriptTarget.Latest, true);
  const literals: string[] = [];
  const templateHeads: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.push(node.text);
    else if (ts.isTemplateExpression(node)) templateHeads.push(node.head.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, templateHeads };
}

function usedKeys(): { literals: Set<string>; prefixes: string[] } {
  const literals = new Set<string>();
  const prefixes: string[] = [];
  for (const path of sourceFiles('cli')) {
    const found = stringsOf(path);
    for (const literal of found.literals) literals.add(literal.replace(/^cli:/, ''));
    prefixes.push(...found.templateHeads.map((head) => head.replace(/^cli:/, '')));
  }
  // Elsewhere only what names the namespace counts: `app`'s keys may well share a cli key's name.
  for (const path of [...sourceFiles('electron'), ...sourceFiles('renderer')]) {
    const found = stringsOf(path);
    for (const literal of found.literals.filter((l) => l.startsWith('cli:'))) literals.add(literal.slice('cli:'.length));
    prefixes.push(...found.templateHeads.filter((h) => h.startsWith('cli:')).map((h) => h.slice('cli:'.length)));
  }
  // A family is a prefix ending at a key boundary; `${x}` alone or `error.` of another namespace names nothing here.
  return { literals, prefixes: prefixes.filter((p) => p.endsWith('.')) };
}

describe('the cli locale namespace', () => {
  it('has no key that nothing prints', () => {
    const { literals, prefixes } = usedKeys();
    const unused = keysOf(LOCALE_RESOURCES.ja.cli)
      .map((key) => key.replace(PLURAL_SUFFIX, ''))
      .filter((key) => !literals.has(key) && !prefixes.some((prefix) => key.startsWith(prefix)));
    expect([...new Set(unused)]).toEqual([]);
  });

  it('counts a family as used wholesale only where a template builds its keys from values the code checks', () => {
    const { prefixes } = usedKeys();
    const keys = keysOf(LOCALE_RESOURCES.ja.cli);
    const families = [...new Set(prefixes.filter((p) => keys.some((k) => k.startsWith(p))))].sort();
    // step/algorithm: the enrollment's steps and key types; status.state: the certificate states;
    // usage: UsageError reasons; storeAdvice: the store kinds; status.revocationGap: why revocation
    // is unknown (app/issuer-facts RevocationGap); autoRenew.reason: the contract's NeedsUserReason
    // values; command.: renew --auto's next command per reason (a fixed table); users.role and
    // users.state: a contract user's role and ContractUserState; users.confirm: the users actions
    // that are confirmed (delete, reregister).
    // A new family is a decision to review.
    expect(families).toEqual([
      'algorithm.',
      'autoRenew.reason.',
      'command.',
      'status.revocationGap.',
      'status.state.',
      'step.',
      'storeAdvice.',
      'usage.',
      'users.confirm.',
      'users.role.',
      'users.state.',
    ]);
  });
});
