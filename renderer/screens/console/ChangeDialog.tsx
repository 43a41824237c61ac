// One dialog for every change of the console: what it does (a deletion revokes the certificate
// at once, P9; a re-registration is delete + add in one step, P10), the new ID and password where
// the change sets them (typed twice, checked before sending), and the issuer's refusal if any.
// Passwords stay in their input elements: read once on confirm, then cleared.
import { useRef, useState, type FormEvent, type JSX } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../electron/contract/channels';
import { MIN_NEW_PASSWORD, NEW_LOGIN_ID_PATTERN, type ContractUser } from '../../../electron/contract/console';
import type { AppError } from '../../../electron/contract/result';
import { ErrorPanel } from '../../components/ErrorPanel';
import { formatDateTime } from '../../format/dates';
import type { ConsoleAction } from '../../state/console';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

const SETS_PASSWORD = new Set(['add', 'reregister', 'reset-password']);

export function ChangeDialog({
  action,
  target,
  existing,
  error,
  language,
  onConfirm,
  onCancel,
}: {
  action: ConsoleAction | null;
  /** The row acted on (null for an add). */
  target: ContractUser | null;
  /** Every login ID of the contract: an add of one of them is refused before sending. */
  existing: readonly string[];
  error: AppError | null;
  language: Language;
  onConfirm: (input: { loginId?: string; password?: string }) => void;
  onCancel: () => void;
}): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  // The parent mounts a fresh dialog per change (its key), so each starts empty.
  const [newId, setNewId] = useState(action?.kind === 'add' ? action.loginId : '');
  const first = useRef<HTMLInputElement>(null);
  const second = useRef<HTMLInputElement>(null);
  const [idError, setIdError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [againError, setAgainError] = useState<string | null>(null);

  const kind = action?.kind ?? 'delete';
  const loginId = action?.loginId ?? '';
  const sending = action?.phase === 'sending';
  const setsPassword = SETS_PASSWORD.has(kind);
  const passwordLabel = kind === 'reset-password' ? 'newPassword' : 'initialPassword';
  // Only the bank acts on the master user (P10): said first; a try shows the issuer's refusal.
  const bankOnly = target?.role === 'master' && kind !== 'unlock';

  // Fluent's Input keeps its value in React state of its own: new inputs (a new key) drop it.
  const [generation, setGeneration] = useState(0);
  const clearPasswords = (): void => setGeneration((g) => g + 1);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!action) return;
    let ok = true;
    if (kind === 'add') {
      const id = newId.trim();
      const idProblem = !NEW_LOGIN_ID_PATTERN.test(id)
        ? t('console.dialog.loginIdInvalid')
        : existing.includes(id)
          ? t('console.dialog.loginIdTaken')
          : null;
      setIdError(idProblem);
      ok = idProblem === null;
    }
    if (!setsPassword) return onConfirm({});
    const password = first.current?.value ?? '';
    const again = second.current?.value ?? '';
    const short = password.length < MIN_NEW_PASSWORD ? t('console.dialog.passwordShort', { min: MIN_NEW_PASSWORD }) : null;
    const differ = !short && password !== again ? t('console.dialog.passwordMismatch') : null;
    setPasswordError(short);
    setAgainError(differ);
    if (!ok || short || differ) return;
    clearPasswords();
    onConfirm(kind === 'add' ? { loginId: newId.trim(), password } : { password });
  };

  const cancel = (): void => {
    clearPasswords();
    onCancel();
  };

  return (
    <Dialog open={action !== null} onOpenChange={(_, data) => (data.open || sending ? undefined : cancel())} modalType="alert">
      <DialogSurface data-testid="console-dialog" data-kind={kind}>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{t(`console.dialog.${kind}.title`, { loginId })}</DialogTitle>
            <DialogContent className={styles.content}>
              {kind === 'add' ? <div>{t('console.dialog.add.body')}</div> : null}
              {kind === 'delete' ? (
                <>
                  <div>{t('console.dialog.delete.body', { loginId })}</div>
                  <div data-testid="console-dialog-consequence">
                    {target?.serialNumber && ['active', 'renewable', 'locked'].includes(target.state)
                      ? t('console.dialog.delete.revokes', { loginId, serial: target.serialNumber })
                      : t('console.dialog.delete.noCertificate', { loginId })}
                  </div>
                  <div>{t('console.dialog.delete.irreversible')}</div>
                </>
              ) : null}
              {kind === 'reregister' && !bankOnly ? (
                <>
                  <div data-testid="console-dialog-consequence">{t('console.dialog.reregister.body', { loginId })}</div>
                  <div>{t('console.dialog.reregister.password', { loginId })}</div>
                </>
              ) : null}
              {kind === 'unlock' ? (
                <>
                  <div>{t('console.dialog.unlock.body', { loginId })}</div>
                  {target?.lockedUntil ? (
                    <div>{t('console.dialog.unlock.until', { until: formatDateTime(target.lockedUntil, language) })}</div>
                  ) : null}
                  <div>{t('console.dialog.unlock.after', { loginId })}</div>
                </>
              ) : null}
              {kind === 'reset-password' && !bankOnly ? <div>{t('console.dialog.reset-password.body', { loginId })}</div> : null}
              {bankOnly ? (
                <MessageBar intent="warning" data-testid="console-dialog-bank-only">
                  <MessageBarBody>{t('console.masterNote', { loginId })}</MessageBarBody>
                </MessageBar>
              ) : null}
              {kind === 'add' ? (
                <Field label={t('console.dialog.loginId')} hint={t('console.dialog.loginIdRule')} required validationMessage={idError}>
                  <Input
                    value={newId}
                    onChange={(_, data) => setNewId(data.value)}
                    autoComplete="off"
                    spellCheck={false}
                    disabled={sending}
                    data-testid="console-new-login-id"
                  />
                </Field>
              ) : null}
              {setsPassword ? (
                <>
                  <Field
                    label={t(`console.dialog.${passwordLabel}`)}
                    hint={t('console.dialog.passwordRule', { min: MIN_NEW_PASSWORD })}
                    required
                    validationMessage={passwordError}
                  >
                    <Input
                      key={`first-${generation}`}
                      type="password"
                      input={{ ref: first }}
                      autoComplete="new-password"
                      disabled={sending}
                      data-testid="console-new-password"
                    />
                  </Field>
                  <Field label={t(`console.dialog.${passwordLabel}Again`)} required validationMessage={againError}>
                    <Input
                      key={`second-${generation}`}
                      type="password"
                      input={{ ref: second }}
                      autoComplete="new-password"
                      disabled={sending}
                      data-testid="console-new-password-again"
                    />
                  </Field>
                </>
              ) : null}
              {error ? <ErrorPanel error={error} context={t('console.dialog.failed')} /> : null}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={sending} data-testid="console-dialog-confirm">
                {sending ? <Spinner size="tiny" label={t('console.dialog.sending')} /> : t(`console.dialog.confirm.${kind}`)}
              </Button>
              <Button onClick={cancel} disabled={sending} data-testid="console-dialog-cancel">
                {t('common.cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
