// Help: the bank's FAQ Q1–Q25 in our words (what it is about, what this app does, what remains
// and for whom), searchable, and opened at the entry a link names (#/help/Q17).
import { useEffect, useState, type JSX } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Button,
  Field,
  Input,
  Spinner,
  makeStyles,
  tokens,
  type AccordionToggleData,
} from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { HelpEntry } from '../../../electron/contract/channels';
import { useAppState, useCommands, useDispatch } from '../../app/context';
import { ActorText } from '../../components/ActorText';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Page } from '../../components/Page';
import { searchHelp } from '../../state/help';

const useStyles = makeStyles({
  search: { maxWidth: '480px' },
  entryHeader: { display: 'flex', gap: tokens.spacingHorizontalS },
  number: { fontWeight: tokens.fontWeightSemibold, minWidth: '3em' },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    paddingBottom: tokens.spacingVerticalL,
    paddingLeft: tokens.spacingHorizontalXXL,
  },
  part: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  partTitle: { fontWeight: tokens.fontWeightSemibold, margin: 0, fontSize: 'inherit' },
  count: { color: tokens.colorNeutralForeground2 },
});

export function HelpScreen({ faq }: { faq?: string | undefined }): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const state = useAppState((s) => s.help);
  const language = useAppState((s) => s.settings.language);
  const commands = useCommands();
  const dispatch = useDispatch();
  const [open, setOpen] = useState<string[]>(faq ? [faq] : []);

  useEffect(() => {
    if (state.language !== language && state.phase !== 'loading') void commands.loadHelp(language);
  }, [language, state.language, state.phase, commands]);

  // A link to an entry opens it and brings it into view, even when the screen is already shown.
  useEffect(() => {
    if (!faq || state.phase !== 'loaded') return;
    setOpen((current) => (current.includes(faq) ? current : [...current, faq]));
    const header = document.querySelector<HTMLElement>(`[data-testid="help-entry-${faq}"] button`);
    header?.scrollIntoView({ block: 'start' });
    header?.focus();
  }, [faq, state.phase]);

  const shown = searchHelp(state.entries, state.query);
  const toggle = (_: unknown, data: AccordionToggleData<string>): void => setOpen(data.openItems);
  return (
    <Page title={t('help.title')} lead={t('help.lead')} testId="screen-help">
      <Field label={t('help.searchLabel')} className={styles.search}>
        <Input
          type="search"
          contentBefore={<Search20Regular aria-hidden />}
          value={state.query}
          onChange={(_, data) => dispatch({ type: 'help/queryChanged', query: data.value })}
          placeholder={t('help.searchPlaceholder')}
          data-testid="help-search"
        />
      </Field>
      {state.phase === 'loaded' ? (
        <Body1 className={styles.count} role="status" data-testid="help-count">
          {state.query.trim() ? t('help.found', { count: shown.length }) : t('help.all', { count: shown.length })}
        </Body1>
      ) : null}
      {state.phase === 'loading' ? <Spinner label={t('help.loading')} /> : null}
      {state.error ? (
        <ErrorPanel
          error={state.error}
          context={t('help.failed')}
          actions={<Button onClick={() => void commands.loadHelp(language)}>{t('common.retry')}</Button>}
        />
      ) : null}
      <Accordion multiple collapsible openItems={open} onToggle={toggle}>
        {shown.map((entry) => (
          <HelpItem key={entry.id} entry={entry} />
        ))}
      </Accordion>
    </Page>
  );
}

function HelpItem({ entry }: { entry: HelpEntry }): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  return (
    <AccordionItem value={entry.id} data-testid={`help-entry-${entry.id}`} id={`faq-${entry.id}`}>
      <AccordionHeader as="h2" size="medium">
        <span className={styles.entryHeader}>
          <span className={styles.number}>{entry.id}</span>
          <span>{entry.title}</span>
        </span>
      </AccordionHeader>
      <AccordionPanel className={styles.panel}>
        <div className={styles.part}>
          <h3 className={styles.partTitle}>{t('help.about')}</h3>
          <Body1>{entry.about}</Body1>
        </div>
        <div className={styles.part}>
          <h3 className={styles.partTitle}>{t('help.appDoes')}</h3>
          <Body1>{entry.appDoes}</Body1>
        </div>
        <div className={styles.part}>
          <h3 className={styles.partTitle}>{t('help.remains')}</h3>
          <Body1>{entry.remains}</Body1>
          {entry.actor !== 'none' ? (
            <Body1>
              {t('help.actor')}: <ActorText actor={entry.actor} actorIfMaster={entry.actor === 'master' ? 'bank' : null} />
            </Body1>
          ) : null}
        </div>
      </AccordionPanel>
    </AccordionItem>
  );
}
