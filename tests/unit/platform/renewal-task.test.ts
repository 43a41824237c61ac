// The daily renewal task on Windows, on its exact schtasks command lines and task definition (no
// Task Scheduler here). What IT would check in the Task Scheduler window: the program and its
// arguments, daily with a random delay, catch-up after a missed start, only while the user is
// logged on, least privilege, and no password stored.
import { readFile } from 'node:fs/promises';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessRunner, RunResult } from '../../../electron/core/platform/process-runner';
import { RENEWAL_TASK_NAME, renewalProgram, syncRenewalTask, taskDefinition } from '../../../electron/core/platform/renewal-task';

const EXE = 'C:\\Users\\clerk\\AppData\\Local\\Programs\\cjs-cert\\cjs-cert-assistant.exe';
// schtasks' own answers (Windows 11, English): documented output, not recorded on a PC here.
const NOT_FOUND: RunResult = { exitCode: 1, stdout: '', stderr: 'ERROR: The system cannot find the file specified.\r\n' };
const FOUND: RunResult = {
  exitCode: 0,
  stdout:
    '\r\nFolder: \\cjs-cert\r\nTaskName                                 Next Run Time          Status\r\n======================================== ====================== ===============\r\nDaily certificate renewal                12/6/2026 12:31:07 PM  Ready\r\n',
  stderr: '',
};
const CREATED: RunResult = {
  exitCode: 0,
  stdout: `SUCCESS: The scheduled task "${RENEWAL_TASK_NAME}" has successfully been created.\r\n`,
  stderr: '',
};
const DELETED: RunResult = {
  exitCode: 0,
  stdout: `SUCCESS: The scheduled task "${RENEWAL_TASK_NAME}" was successfully deleted.\r\n`,
  stderr: '',
};
const ACCESS_DENIED: RunResult = { exitCode: 1, stdout: '', stderr: 'ERROR: Access is denied.\r\n' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cjs-task-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recorder(answers: Record<string, RunResult>) {
  const calls: { args: readonly string[]; xml?: string }[] = [];
  const runner: ProcessRunner = async (command, args) => {
    expect(command).toBe('schtasks.exe');
    const call: { args: readonly string[]; xml?: string } = { args };
    const xmlAt = args.indexOf('/XML');
    if (xmlAt >= 0) call.xml = (await readFile(args[xmlAt + 1]!)).toString('utf16le');
    calls.push(call);
    return answers[args[0]!]!;
  };
  return { runner, calls };
}

describe('syncRenewalTask on Windows', () => {
  const deps = (runner: ProcessRunner) => ({ platform: 'win32' as const, runner, tempDir: dir, now: () => new Date(2026, 11, 5, 9, 30) });

  it('registers the task from a definition file, removed afterwards; the program is the app with --cli renew --auto', async () => {
    const { runner, calls } = recorder({ '/Query': NOT_FOUND, '/Create': CREATED });
    expect(await syncRenewalTask(true, renewalProgram(EXE), deps(runner))).toBe('registered');
    expect(calls.map((c) => c.args.slice(0, 3))).toEqual([
      ['/Query', '/TN', RENEWAL_TASK_NAME],
      ['/Create', '/TN', RENEWAL_TASK_NAME],
    ]);
    expect(calls[1]!.args.slice(3)).toEqual(['/XML', expect.stringMatching(/cjs-cert-task-.*\.xml$/), '/F']);
    const xml = calls[1]!.xml!;
    expect(xml).toContain(`<Command>${EXE}</Command>`);
    expect(xml).toContain('<Arguments>--cli renew --auto</Arguments>');
    expect(await readdir(dir)).toEqual([]);
  });

  it('replaces an existing definition (a moved installation), and removes it when automatic renewal is switched off', async () => {
    const replace = recorder({ '/Query': FOUND, '/Create': CREATED });
    expect(await syncRenewalTask(true, renewalProgram(EXE), deps(replace.runner))).toBe('registered');
    const off = recorder({ '/Query': FOUND, '/Delete': DELETED });
    expect(await syncRenewalTask(false, renewalProgram(EXE), deps(off.runner))).toBe('removed');
    expect(off.calls[1]!.args).toEqual(['/Delete', '/TN', RENEWAL_TASK_NAME, '/F']);
    const none = recorder({ '/Query': NOT_FOUND });
    expect(await syncRenewalTask(false, renewalProgram(EXE), deps(none.runner))).toBe('unchanged');
    expect(none.calls).toHaveLength(1);
  });

  it('says what schtasks said when it refuses, and leaves no definition file behind', async () => {
    const { runner } = recorder({ '/Query': NOT_FOUND, '/Create': ACCESS_DENIED });
    await expect(syncRenewalTask(true, renewalProgram(EXE), deps(runner))).rejects.toThrow(/Access is denied/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('does nothing on Linux and macOS (their equivalents are documented, not installed)', async () => {
    const { runner, calls } = recorder({});
    expect(await syncRenewalTask(true, renewalProgram('/usr/bin/cjs'), { platform: 'linux', runner })).toBe('unsupported');
    expect(await syncRenewalTask(true, renewalProgram('/Applications/x'), { platform: 'darwin', runner })).toBe('unsupported');
    expect(calls).toEqual([]);
  });
});

describe('the task definition', () => {
  const xml = taskDefinition(renewalProgram('C:\\Program Files & Co\\<app>.exe'), new Date(2026, 11, 5, 9, 30));

  it('runs daily from noon with up to an hour of random delay, and catches up after a missed start', () => {
    expect(xml).toContain('<StartBoundary>2026-12-05T12:00:00</StartBoundary>');
    expect(xml).toContain('<DaysInterval>1</DaysInterval>');
    expect(xml).toContain('<RandomDelay>PT1H</RandomDelay>');
    expect(xml).toContain('<StartWhenAvailable>true</StartWhenAvailable>');
  });

  it('runs only while the user is logged on, with least privilege, and stores no password', () => {
    expect(xml).toContain('<LogonType>InteractiveToken</LogonType>');
    expect(xml).toContain('<RunLevel>LeastPrivilege</RunLevel>');
    expect(xml).not.toMatch(/Password|UserId/);
  });

  it('escapes the path for XML', () => {
    expect(xml).toContain('<Command>C:\\Program Files &amp; Co\\&lt;app&gt;.exe</Command>');
  });
});
