// The gate on Electronegativity's report (the tool itself always exits 0):
//
//   node tools/electronegativity/gate.js --report electronegativity.csv --accepted build/electronegativity-accepted.md
//
// Fails (exit 1) when
// - a HIGH or MEDIUM finding is not accepted: accepted means a row of the accepted file's table
//   names its check id, its file and a piece of its source line, with a reason. The piece of
//   code keeps an acceptance from covering a second, different call of the same check in the
//   same file (a hidden window added later must be judged on its own);
// - an accepted row has no reason (fewer than 40 characters cannot say why a finding is safe);
// - an accepted row matches no HIGH or MEDIUM finding any more: the explanation would outlive
//   what it explains (remove the row once the code no longer triggers the check);
// - the report is missing or not in the tool's CSV format (a gate that cannot read its input
//   must not pass).
// LOW and INFORMATIONAL findings are listed as notes and never fail.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const CSV_HEADER = ['issue', 'severity', 'confidence', 'filename', 'location', 'sample', 'description', 'url'];
const GATED = new Set(['HIGH', 'MEDIUM']);
const SEVERITIES = new Set(['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']);
const MIN_REASON = 40;
const CHECK_ID = /^[A-Z0-9]+(_[A-Z0-9]+)*_CHECK$/;

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('the report ends inside a quoted field (truncated?)');
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** The findings of the tool's CSV report; throws when it is not that format. */
function readFindings(csvText) {
  const [header, ...rows] = parseCsv(csvText);
  if (!header || header.map((h) => h.trim()).join(',') !== CSV_HEADER.join(',')) {
    throw new Error(`the report does not start with Electronegativity's CSV header (${CSV_HEADER.join(', ')})`);
  }
  return rows.map((row, index) => {
    if (row.length !== CSV_HEADER.length || !CHECK_ID.test(row[0]) || !SEVERITIES.has(row[1])) {
      throw new Error(`report line ${index + 2} is not a finding: ${row.join(',').slice(0, 120)}`);
    }
    const [id, severity, confidence, file, location, sample, description] = row;
    return { id, severity, confidence, file, location, sample, description };
  });
}

/**
 * The accepted findings: the rows of the markdown tables in the accepted file whose first cell is
 * a check id: `| CHECK_ID | file | code | reason |`, backticks allowed around id, file and code.
 * `code` is a piece of the finding's source line (the report's `sample`), without `|`.
 */
function readAccepted(markdown) {
  const accepted = [];
  markdown.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim().startsWith('|')) return;
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim().replace(/^`|`$/g, ''));
    if (!CHECK_ID.test(cells[0] ?? '')) return;
    accepted.push({ id: cells[0], file: cells[1] ?? '', code: cells[2] ?? '', reason: cells.slice(3).join('|').trim(), line: index + 1 });
  });
  return accepted;
}

/** The verdict: problems (each a sentence) fail the gate; notes are for reading. */
function judge(findings, accepted) {
  const problems = [];
  const notes = [];
  const used = new Set();
  for (const entry of accepted) {
    if (entry.code === '')
      problems.push(`accepted-file line ${entry.line}: ${entry.id} in ${entry.file} names no code from the finding's line`);
    if (entry.reason.length < MIN_REASON)
      problems.push(
        `accepted-file line ${entry.line}: ${entry.id} in ${entry.file} has no real reason (at least ${MIN_REASON} characters)`,
      );
  }
  for (const finding of findings) {
    const where = `${finding.id} ${finding.severity}/${finding.confidence} at ${finding.file}:${finding.location}`;
    if (!GATED.has(finding.severity)) {
      notes.push(`note: ${where} — ${finding.description}`);
      continue;
    }
    const match = accepted.find(
      (entry) => entry.id === finding.id && entry.file === finding.file && entry.code !== '' && finding.sample.includes(entry.code),
    );
    if (match) {
      used.add(match);
      notes.push(`accepted: ${where} (line ${match.line} of the accepted file)`);
    } else {
      problems.push(`NOT ACCEPTED: ${where} — ${finding.description}\n    ${finding.sample}`);
    }
  }
  for (const entry of accepted.filter((e) => !used.has(e))) {
    problems.push(
      `accepted-file line ${entry.line}: ${entry.id} in ${entry.file} matches no HIGH or MEDIUM finding any more: remove the row`,
    );
  }
  return { problems, notes };
}

function main() {
  const { values } = parseArgs({ options: { report: { type: 'string' }, accepted: { type: 'string' } } });
  if (!values.report || !values.accepted) {
    console.error('usage: node tools/electronegativity/gate.js --report REPORT.csv --accepted ACCEPTED.md');
    return 1;
  }
  let findings;
  let accepted;
  try {
    findings = readFindings(readFileSync(values.report, 'utf8'));
    accepted = readAccepted(readFileSync(values.accepted, 'utf8'));
  } catch (error) {
    console.error(`electronegativity gate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const { problems, notes } = judge(findings, accepted);
  for (const note of notes) console.log(`  ${note}`);
  for (const problem of problems) console.error(`  ${problem}`);
  const gated = findings.filter((f) => GATED.has(f.severity)).length;
  if (problems.length > 0) {
    console.error(
      `electronegativity gate: FAILED — fix the code, or accept a heuristic false positive in ${values.accepted} with its check id, file and reason`,
    );
    return 1;
  }
  console.log(`electronegativity gate: passed (${gated} high/medium findings, each accepted with a reason in ${values.accepted})`);
  return 0;
}

process.exitCode = main();
