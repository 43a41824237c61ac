// Settings: language (applied at once), notifications, automatic renewal (on by default), start
// at login (off by default), and the
// system's addresses, shown but not edited here (the build or IT sets them).
import type { JSX } from 'react';
import { Body1, Field, Input, Radio, RadioGroup, Spinner, Subtitle2, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useAppState, useCommands } from '../../app/context';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Page } from '../../components/Page';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '640px' },
  sectionTitle: {
    margin: 0,
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  url: { fontFamily: tokens.fontFamilyMonospace },
});

export function SettingsScreen(): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const { settings, language, saving, error, phase } = useAppState((s) => s.settings);
  const commands = useCommands();
  return (
    <Page title={t('settings.title')} testId="screen-settings">
      {error ? <ErrorPanel error={error} context={t(phase === 'failed' ? 'settings.loadFailed' : 'settings.saveFailed')} /> : null}
      <section className={styles.section} aria-labelledby="settings-display">
        <Subtitle2 as="h2" id="settings-display" className={styles.sectionTitle}>
          {t('settings.display')}
        </Subtitle2>
        <Field label={t('settings.language')}>
          <RadioGroup
            value={language}
            onChange={(_, data) => void commands.chooseLanguage(data.value === 'en' ? 'en' : 'ja')}
            data-testid="settings-language"
          >
            {/* Each language names itself, so a user who cannot read the current one finds theirs. */}
            <Radio value="ja" label="日本語" lang="ja" data-testid="settings-language-ja" />
            <Radio value="en" label="English" lang="en" data-testid="settings-language-en" />
          </RadioGroup>
        </Field>
      </section>
      <section className={styles.section} aria-labelledby="settings-behaviour">
        <Subtitle2 as="h2" id="settings-behaviour" className={styles.sectionTitle}>
          {t('settings.behaviour')}
        </Subtitle2>
        <Field hint={t('settings.notificationsHint')}>
          <Switch
            label={t('settings.notifications')}
            checked={settings?.notifications ?? false}
            disabled={!settings || saving}
            onChange={(_, data) => void commands.setOption({ notifications: data.checked })}
            data-testid="settings-notifications"
          />
        </Field>
        <Field hint={t('settings.autoRenewHint')}>
          <Switch
            label={t('settings.autoRenew')}
            checked={settings?.autoRenew ?? false}
            disabled={!settings || saving}
            onChange={(_, data) => void commands.setOption({ autoRenew: data.checked })}
            data-testid="settings-auto-renew"
          />
        </Field>
        <Field hint={t('settings.startAtLoginHint')}>
          <Switch
            label={t('settings.startAtLogin')}
            checked={settings?.startAtLogin ?? false}
            disabled={!settings || saving}
            onChange={(_, data) => void commands.setOption({ startAtLogin: data.checked })}
            data-testid="settings-start-at-login"
          />
        </Field>
        {saving ? <Spinner size="tiny" label={t('settings.saving')} labelPosition="after" /> : null}
      </section>
      <section className={styles.section} aria-labelledby="settings-system">
        <Subtitle2 as="h2" id="settings-system" className={styles.sectionTitle}>
          {t('settings.system')}
        </Subtitle2>
        <Body1>{t('settings.urlHint')}</Body1>
        <Field label={t('settings.loginUrl')}>
          <Input readOnly value={settings?.loginUrl ?? ''} className={styles.url} data-testid="settings-login-url" />
        </Field>
        <Field label={t('settings.issuerUrl')}>
          <Input readOnly value={settings?.issuerUrl ?? ''} className={styles.url} data-testid="settings-issuer-url" />
        </Field>
        <Field label={t('settings.renewalWindow')}>
          <Input
            readOnly
            value={settings ? t('settings.renewalWindowDays', { count: settings.renewalWindowDays }) : ''}
            data-testid="settings-renewal-window"
          />
        </Field>
      </section>
    </Page>
  );
}
