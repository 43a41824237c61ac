// Login ID + password. The password lives only in the input element (uncontrolled, never in React
// or zustand state); it is read once on submit, handed to the call and the field is cleared.
import { useRef, useState, type FormEvent, type JSX } from 'react';
import {
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { loginIdSchema } from '../../../electron/contract/channels';
import type { Operation } from '../../state/enrollment';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '480px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

export interface EnrollFormProps {
  readonly operation: Operation;
  readonly loginId: string;
  readonly onOperationChange: (operation: Operation) => void;
  readonly onLoginIdChange: (loginId: string) => void;
  readonly onSubmit: (password: string, allowSecondUser: boolean) => void;
  /**
   * Other login IDs whose certificate in this store can log in (Q6): enrolling this one beside
   * them needs the user's confirmation, given before anything is sent.
   */
  readonly otherUsers?: readonly string[];
  /** Set after a failed attempt: the password field gets the focus for a second try. */
  readonly focusPassword: boolean;
}

export function EnrollForm(props: EnrollFormProps): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const password = useRef<HTMLInputElement>(null);
  const [loginIdError, setLoginIdError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [secondUserConfirmed, setSecondUserConfirmed] = useState(false);
  const [secondUserError, setSecondUserError] = useState<string | null>(null);
  const others = props.operation === 'enroll' ? (props.otherUsers ?? []).filter((id) => id !== props.loginId.trim()) : [];
  const secondUser = others.length > 0;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const idOk = loginIdSchema.safeParse(props.loginId).success;
    const secret = password.current?.value ?? '';
    setLoginIdError(idOk ? null : t(props.loginId.trim() === '' ? 'enroll.loginIdRequired' : 'enroll.loginIdInvalid'));
    setPasswordError(secret === '' ? t('enroll.passwordRequired') : null);
    const confirmed = !secondUser || secondUserConfirmed;
    setSecondUserError(confirmed ? null : t('enroll.secondUser.required'));
    if (!idOk || secret === '' || !confirmed) return;
    if (password.current) password.current.value = '';
    props.onSubmit(secret, secondUser && secondUserConfirmed);
  };

  return (
    <form
      className={styles.form}
      onSubmit={submit}
      noValidate
      aria-label={t(`enroll.formLabel_${props.operation}`)}
      data-testid="enroll-form"
    >
      <Field label={t('enroll.operationLabel')}>
        <RadioGroup
          value={props.operation}
          onChange={(_, data) => props.onOperationChange(data.value === 'renew' ? 'renew' : 'enroll')}
          data-testid="enroll-operation"
        >
          <Radio value="enroll" label={t('enroll.operation.enroll')} data-testid="enroll-operation-enroll" />
          <Radio value="renew" label={t('enroll.operation.renew')} data-testid="enroll-operation-renew" />
        </RadioGroup>
      </Field>
      <Field label={t('enroll.loginId')} hint={t('enroll.loginIdHint')} required validationMessage={loginIdError}>
        <Input
          value={props.loginId}
          onChange={(_, data) => props.onLoginIdChange(data.value)}
          autoComplete="username"
          spellCheck={false}
          data-testid="enroll-login-id"
        />
      </Field>
      <Field label={t('enroll.password')} hint={t('enroll.passwordHint')} required validationMessage={passwordError}>
        <Input type="password" input={{ ref: password }} autoComplete="off" autoFocus={props.focusPassword} data-testid="enroll-password" />
      </Field>
      {secondUser ? (
        <>
          <MessageBar intent="warning" layout="multiline" data-testid="enroll-second-user">
            <MessageBarBody>
              <MessageBarTitle>{t('enroll.secondUser.title')}</MessageBarTitle>
              {t('enroll.secondUser.body', { others: others.join(', '), loginId: props.loginId.trim() })}
            </MessageBarBody>
          </MessageBar>
          <Field validationMessage={secondUserError}>
            <Checkbox
              checked={secondUserConfirmed}
              onChange={(_, data) => setSecondUserConfirmed(data.checked === true)}
              label={t('enroll.secondUser.confirm', { loginId: props.loginId.trim() })}
              data-testid="enroll-second-user-confirm"
            />
          </Field>
        </>
      ) : null}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" data-testid="enroll-submit">
          {t(`enroll.submit_${props.operation}`)}
        </Button>
      </div>
    </form>
  );
}
