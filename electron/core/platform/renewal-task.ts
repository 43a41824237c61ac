// The daily renewal task (issue 10): once a day, per user, the installed app's own executable runs
// `--cli renew --auto`, so a certificate is renewed without the password even when the app is not
// open. Windows: Task Scheduler through schtasks.exe with a task definition (XML), because only
// the XML form can say "run as soon as possible after a missed start" (a PC that was off at noon)
// and "only with the user logged on" (the user's store and credential vault are theirs alone; no
// password is ever stored with the task). The app's executable is a GUI program: no console
// window flashes. Linux and macOS: the README documents the systemd timer and launchd equivalents.
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess, type ProcessRunner } from './process-runner';

/** The task's path in Task Scheduler (its own folder, so IT finds it at once). */
export const RENEWAL_TASK_NAME = '\\cjs-cert\\Daily certificate renewal';

/** What the task runs: the installed app's executable and its arguments. */
export interface TaskProgram {
  readonly executable: string;
  readonly args: readonly string[];
}

export type TaskSyncResult = 'registered' | 'removed' | 'unchanged' | 'unsupported';

export interface RenewalTaskDeps {
  readonly platform: NodeJS.Platform;
  readonly runner?: ProcessRunner;
  /** Where the task definition is written for schtasks to read (removed right after). */
  readonly tempDir?: string;
  /** The task definition's start date, for tests; default today. */
  readonly now?: () => Date;
}

/** `renew --auto` through the packaged app (`--cli`, build/README.md). */
export function renewalProgram(appExecutable: string): TaskProgram {
  return { executable: appExecutable, args: ['--cli', 'renew', '--auto'] };
}

/**
 * Makes the task exist exactly when it is wanted. Idempotent: registering replaces the definition
 * (`/F`), so a moved installation or a changed time is picked up; removing a missing one is fine.
 */
export async function syncRenewalTask(wanted: boolean, program: TaskProgram, deps: RenewalTaskDeps): Promise<TaskSyncResult> {
  if (deps.platform !== 'win32') return 'unsupported';
  const run = deps.runner ?? runProcess;
  const exists = (await run('schtasks.exe', ['/Query', '/TN', RENEWAL_TASK_NAME], { timeoutMs: 15_000 })).exitCode === 0;
  if (!wanted) {
    if (!exists) return 'unchanged';
    await expectSuccess(run, ['/Delete', '/TN', RENEWAL_TASK_NAME, '/F']);
    return 'removed';
  }
  const file = join(deps.tempDir ?? tmpdir(), `cjs-cert-task-${randomUUID()}.xml`);
  // UTF-16 with a byte-order mark: what Task Scheduler writes and reads without guessing.
  await writeFile(
    file,
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(taskDefinition(program, (deps.now ?? (() => new Date()))()), 'utf16le')]),
  );
  try {
    await expectSuccess(run, ['/Create', '/TN', RENEWAL_TASK_NAME, '/XML', file, '/F']);
  } finally {
    await rm(file, { force: true });
  }
  return 'registered';
}

async function expectSuccess(run: ProcessRunner, args: readonly string[]): Promise<void> {
  const result = await run('schtasks.exe', args, { timeoutMs: 15_000 });
  if (result.exitCode !== 0) {
    throw new Error(`schtasks ${args[0]} failed (exit ${result.exitCode}): ${(result.stderr || result.stdout).trim()}`);
  }
}

/**
 * The task: daily at 12:00 local time with up to an hour's random delay (a bank's whole customer
 * base must not renew in the same second), started as soon as possible when that time was missed,
 * only while this user is logged on, with the least privilege, on battery too, stopped after
 * 10 minutes, never two at once.
 */
export function taskDefinition(program: TaskProgram, today: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const start = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}T12:00:00`;
  return `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>Renews the payroll system's client certificate without a password when its renewal period has started (cjs-cert renew --auto).</Description>
  </RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <StartBoundary>${start}</StartBoundary>
      <RandomDelay>PT1H</RandomDelay>
      <ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay>
    </CalendarTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>true</RunOnlyIfNetworkAvailable>
    <ExecutionTimeLimit>PT10M</ExecutionTimeLimit>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>${xmlText(program.executable)}</Command>
      <Arguments>${xmlText(program.args.map(windowsArgument).join(' '))}</Arguments>
    </Exec>
  </Actions>
</Task>
`;
}

function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One argument as the Windows C runtime parses a command line (only what our fixed arguments need). */
function windowsArgument(arg: string): string {
  return /[\s"]/.test(arg) ? `"${arg.replace(/"/g, '\\"')}"` : arg;
}
