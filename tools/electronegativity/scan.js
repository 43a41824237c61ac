// Runs Electronegativity on one directory through its programmatic API and writes the report
// ourselves: `electronegativity.csv` (the tool's own CSV columns) and `electronegativity.sarif`.
//
//   node tools/electronegativity/scan.js --input DIR --out DIR
//
// Why not the `electronegativity` command:
// - Offline and deterministic. The tool downloads its translations and Electron's release list
//   from GitHub on every run (got retries for ~3.5 s per request when the name does not resolve,
//   and the release list request has no timeout at all). Here `got` answers "offline" at once, so
//   the run takes its documented no-connectivity path and never depends on a remote file. The one
//   check that needs the release list (AvailableSecurityFixesGlobalCheck: "a newer Electron patch
//   has security fixes") is left out on purpose: offline it would read whatever release list an
//   earlier online run left in the temp directory, and for an Electron in devDependencies, as
//   here, it only ever reports INFORMATIONAL. Electron updates are the lead's release chore.
// - Complete reports. The tool writes its CSV as two concurrent asynchronous writes (header, then
//   rows appended) that can interleave and lose rows; a gate must never read a truncated report.
// - Files it could not parse are findings it could not make: they fail the scan (exit 2).
//
// Exit status: 0 scanned (whatever it found: the gate decides), 2 a file could not be parsed or
// nothing was scanned, 1 usage or internal error.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { parseArgs } from 'node:util';

const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const CSV_HEADER = 'issue, severity, confidence, filename, location, sample, description, url';
const WIKI = 'https://github.com/doyensec/electronegativity/wiki/';

const toolRequire = createRequire(createRequire(import.meta.url).resolve('@doyensec/electronegativity'));

/** Puts an always-offline `got` where the tool will look for it, before the tool is loaded. */
function stubNetwork() {
  const offline = () => Promise.reject(Object.assign(new Error('offline: the scan does not use the network'), { code: 'ENETUNREACH' }));
  offline.head = offline;
  offline.get = offline;
  offline.default = offline;
  offline.__esModule = true;
  const path = toolRequire.resolve('got');
  toolRequire.cache[path] = { id: path, filename: path, loaded: true, exports: offline, children: [], paths: [] };
}

/** The tool says it could not download translations: true by design here (stubNetwork), so not shown. */
async function withoutTranslationNotice(action) {
  const log = console.log;
  console.log = (...args) => {
    if (args[0] !== 'Could not retrieve updated translations for the current locale') log(...args);
  };
  try {
    return await action();
  } finally {
    console.log = log;
  }
}

function escapeCsv(value) {
  return value === undefined || value === null ? 'N/A' : `"${String(value).replace(/"/g, '""')}"`;
}

/** One line per finding, in the tool's own CSV format (toolchain.md: `issue, severity, confidence, …`). */
function toCsv(issues) {
  const rows = issues.map((issue) =>
    [
      issue.id,
      escapeCsv(issue.severity.name),
      escapeCsv(issue.confidence.name),
      escapeCsv(issue.file),
      escapeCsv(`${issue.location.line}:${issue.location.column}`),
      escapeCsv(issue.sample),
      escapeCsv(issue.description),
      `${WIKI}${issue.id}`,
    ].join(','),
  );
  return [CSV_HEADER, ...rows, ''].join('\n');
}

/** SARIF 2.1.0, for GitHub code scanning or any SARIF viewer; every finding a result with its severity. */
function toSarif(issues, version) {
  const rules = [...new Set(issues.map((issue) => issue.id))].map((id) => ({
    id,
    helpUri: `${WIKI}${id}`,
    properties: { category: 'Security' },
  }));
  const level = { HIGH: 'error', MEDIUM: 'warning', LOW: 'note', INFORMATIONAL: 'note' };
  const results = issues.map((issue) => ({
    ruleId: issue.id,
    level: level[issue.severity.name] ?? 'warning',
    message: { text: `${issue.severity.name}/${issue.confidence.name}: ${issue.description}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: issue.file === 'N/A' ? 'package.json' : issue.file },
          region: { startLine: Math.max(1, issue.location.line), startColumn: issue.location.column + 1 },
        },
      },
    ],
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Electronegativity', version, informationUri: 'https://github.com/doyensec/electronegativity', rules } },
        results,
      },
    ],
  };
}

async function main() {
  const { values } = parseArgs({ options: { input: { type: 'string' }, out: { type: 'string' } } });
  if (!values.input || !values.out) {
    console.error('usage: node tools/electronegativity/scan.js --input DIR --out DIR');
    return 1;
  }
  stubNetwork();
  const run = toolRequire('@doyensec/electronegativity');
  const { version } = toolRequire('@doyensec/electronegativity/package.json');
  const result = await withoutTranslationNotice(() =>
    run({ input: values.input, isRelative: true, excludeFromScan: EXCLUDED_CHECKS, customScan: [] }),
  );
  // One spelling of file names on every OS (the tool gives Windows' backslashes on Windows), as the
  // accepted list writes them.
  for (const issue of result.issues) if (typeof issue.file === 'string') issue.file = issue.file.split(sep).join('/');
  writeFileSync(join(values.out, 'electronegativity.csv'), toCsv(result.issues));
  writeFileSync(join(values.out, 'electronegativity.sarif'), `${JSON.stringify(toSarif(result.issues, version), null, 2)}\n`);

  const unparsed = result.errors.filter((error) => !error.tolerable);
  for (const error of unparsed) console.error(`electronegativity: could not parse ${error.file}: ${error.message}`);
  const checks = result.globalChecks + result.atomicChecks;
  console.log(
    `electronegativity ${version}: ${checks} checks, ${result.issues.length} findings (offline; ${EXCLUDED_CHECKS.join(', ')} left out)`,
  );
  if (checks === 0) {
    console.error('electronegativity: no check was loaded');
    return 2;
  }
  return unparsed.length > 0 ? 2 : 0;
}

process.exitCode = await main().catch((error) => {
  console.error(`electronegativity: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
