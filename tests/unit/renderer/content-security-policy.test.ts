// The page's meta policy must be the shell's header policy: a window opened another way (a test
// origin, a file) must not run under a weaker one. frame-ancestors is the one exception: browsers
// ignore it in a meta tag, so the header alone carries it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CSP } from '../../../electron/main/content-security-policy';

const INDEX_HTML = readFileSync(join(import.meta.dirname, '..', '..', '..', 'renderer', 'index.html'), 'utf8');

/** A policy as directive name → its sources, e.g. `img-src` → `'self' data:`. */
function directives(policy: string): Map<string, string> {
  const entries = policy
    .split(';')
    .map((part) => part.trim().split(/\s+/u))
    .filter((words) => words[0])
    .map(([name, ...sources]) => [name!.toLowerCase(), sources.join(' ')] as const);
  return new Map(entries);
}

function metaPolicy(html: string): string {
  const tag = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/iu.exec(html);
  if (!tag) throw new Error('renderer/index.html has no Content-Security-Policy meta tag');
  return tag[1]!;
}

describe("the page's Content Security Policy", () => {
  it("has every directive of the shell's header, with the same sources, except frame-ancestors", () => {
    const header = directives(APP_CSP);
    header.delete('frame-ancestors');
    expect(Object.fromEntries(directives(metaPolicy(INDEX_HTML)))).toEqual(Object.fromEntries(header));
  });

  it('leaves frame-ancestors to the header, which browsers honour', () => {
    expect(directives(APP_CSP).get('frame-ancestors')).toBe("'none'");
    expect(directives(metaPolicy(INDEX_HTML)).has('frame-ancestors')).toBe(false);
  });

  it('names an empty icon, so the window requests no favicon', () => {
    expect(INDEX_HTML).toMatch(/<link rel="icon" href="data:,"\s*\/?>/u);
  });
});
