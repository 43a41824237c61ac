// The master's sign-in. As in the enrolment form, the password lives only in the input element:
// read once on submit, the field cleared, and handed to the command (the core holds it in memory).
import { useRef, useState, type FormEvent, type JSX } from 'react';
import { Body1, Button, Field, Input, Spinner, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '480px' },
  heading: { ...typographyStyles.subtitle1, margin: 0 },
  note: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

export function SignInForm({
  signingIn,
  idleMinutes,
  onSubmit,
}: {
  signingIn: boolean;
  idleMinutes: number;
  onSubmit: (loginId: string, password: string) => void;
}): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const [loginId, setLoginId] = useState('');
  const password = useRef<HTMLInputElement>(null);
  const [loginIdError, setLoginIdError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  // Fluent's Input keeps its value in React state of its own: a new input (a new key) drops it.
  const [generation, setGeneration] = useState(0);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const secret = password.current?.value ?? '';
    setLoginIdError(loginId.trim() === '' ? t('console.signIn.loginIdRequired') : null);
    setPasswordError(secret === '' ? t('console.signIn.passwordRequired') : null);
    if (loginId.trim() === '' || secret === '') return;
    setGeneration((g) => g + 1);
    onSubmit(loginId, secret);
  };

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-labelledby="console-sign-in-title" data-testid="console-sign-in">
      <h2 id="console-sign-in-title" className={styles.heading}>
        {t('console.signIn.title')}
      </h2>
      <Body1>{t('console.signIn.explanation')}</Body1>
      <Body1 className={styles.note} data-testid="console-sign-in-memory">
        {t('console.signIn.memory', { minutes: idleMinutes })}
      </Body1>
      <Field label={t('console.signIn.loginId')} required validationMessage={loginIdError}>
        <Input
          value={loginId}
          onChange={(_, data) => setLoginId(data.value)}
          autoComplete="username"
          spellCheck={false}
          data-testid="console-login-id"
        />
      </Field>
      <Field label={t('console.signIn.password')} required validationMessage={passwordError}>
        <Input key={generation} type="password" input={{ ref: password }} autoComplete="off" data-testid="console-password" />
      </Field>
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={signingIn} data-testid="console-sign-in-submit">
          {signingIn ? <Spinner size="tiny" label={t('console.signIn.signingIn')} /> : t('console.signIn.submit')}
        </Button>
      </div>
    </form>
  );
}
