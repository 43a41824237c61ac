// One check's result: status in words and icon, what was found, and for a problem the advice,
// who must act, the FAQ entries and a fix button that re-checks.
import { useEffect, useRef, useState, type JSX } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Button,
  Caption1,
  Spinner,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { Wrench20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { Actor } from '../../../electron/contract/actors';
import type { ReportedCheckView } from '../../../electron/contract/diagnosis';
import type { AppError } from '../../../electron/contract/result';
import { ActionButton, isRunnable } from '../../components/ActionButton';
import { ActorText } from '../../components/ActorText';
import { ErrorPanel } from '../../components/ErrorPanel';
import { FaqLinks } from '../../components/FaqLinks';
import { checkTitle, firstText, messageText } from '../../i18n/texts';
import { StatusIcon } from './StatusIcon';

const useStyles = makeStyles({
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  head: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  title: { fontWeight: tokens.fontWeightSemibold, margin: 0, fontSize: 'inherit' },
  status: { color: tokens.colorNeutralForeground2 },
  details: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingLeft: '28px' },
  actions: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalM}`,
    margin: 0,
  },
  value: { margin: 0, overflowWrap: 'anywhere', fontFamily: tokens.fontFamilyMonospace },
  fact: { display: 'contents' },
  compact: { padding: `${tokens.spacingVerticalS} 0` },
});

const PROBLEM = new Set(['fail', 'warn', 'error']);

/** Who acts on a finding: the one its contact action names, else the user (a fix, a renewal). */
export function checkActor(check: ReportedCheckView): Actor {
  const contact = check.actions.find((a) => a.kind === 'contact');
  return contact?.kind === 'contact' ? contact.actor : 'user';
}

function evidenceText(value: ReportedCheckView['evidence'][string]): string {
  if (Array.isArray(value)) return value.join(', ');
  return value === null ? '—' : String(value);
}

/**
 * After its fix, the re-check replaces this result and the fix button goes with the problem. The
 * result then says what happened (and that the other results are being brought up to date), and
 * takes the keyboard focus that the vanished button had, so a keyboard user stays here.
 */
function useFixOutcome(fixing: boolean, failed: boolean) {
  const [fixed, setFixed] = useState(false);
  const wasFixing = useRef(false);
  const item = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (wasFixing.current && !fixing && !failed) {
      setFixed(true);
      if (!document.activeElement || document.activeElement === document.body) item.current?.focus();
    }
    wasFixing.current = fixing;
  }, [fixing, failed]);
  return { fixed, item };
}

export function CheckResult({
  check,
  fixing,
  fixError,
  refreshing,
  onFix,
}: {
  check: ReportedCheckView;
  fixing: boolean;
  fixError: AppError | undefined;
  /** The other checks are being run again after a fix. */
  refreshing: boolean;
  onFix: () => void;
}): JSX.Element {
  const { t, i18n } = useTranslation('app');
  const styles = useStyles();
  const problem = PROBLEM.has(check.status);
  const evidence = Object.entries(check.evidence);
  const others = check.actions.filter((a) => a.kind !== 'fix' && isRunnable(a));
  const actor = checkActor(check);
  // The fix sentence takes the values the finding named (the site to add, …).
  const fixText = firstText(i18n, [`diagnostics:check.${check.id}.fix`], { ...check.summary.params, ...check.advice?.params });
  const { fixed, item } = useFixOutcome(fixing, fixError !== undefined);
  const fixedNote = fixed ? (
    <Caption1 role="status" data-testid={`diagnosis-fixed-${check.id}`}>
      {t(refreshing ? 'diagnosis.fixedRefreshing' : 'diagnosis.fixedNote')}
    </Caption1>
  ) : null;
  if (!problem) {
    // A check that found nothing wrong: one compact line, so the problems stand out.
    return (
      <li
        ref={item}
        tabIndex={-1}
        className={mergeClasses(styles.item, styles.compact)}
        data-testid={`diagnosis-check-${check.id}`}
        data-status={check.status}
      >
        <div className={styles.head}>
          <StatusIcon status={check.status} />
          <div>
            <h3 className={styles.title}>
              {checkTitle(i18n, check.id)} <span className={styles.status}>({t(`diagnosis.status.${check.status}`)})</span>
            </h3>
            <Caption1 className={styles.status} data-testid={`diagnosis-summary-${check.id}`}>
              {messageText(i18n, check.summary)}
            </Caption1>
            {fixedNote ? <div>{fixedNote}</div> : null}
          </div>
        </div>
      </li>
    );
  }
  return (
    <li ref={item} tabIndex={-1} className={styles.item} data-testid={`diagnosis-check-${check.id}`} data-status={check.status}>
      <div className={styles.head}>
        <StatusIcon status={check.status} />
        <div>
          <h3 className={styles.title}>{checkTitle(i18n, check.id)}</h3>
          <Caption1 className={styles.status}>{t(`diagnosis.status.${check.status}`)}</Caption1>
        </div>
      </div>
      <div className={styles.details}>
        <Body1 data-testid={`diagnosis-summary-${check.id}`}>{messageText(i18n, check.summary)}</Body1>
        {check.advice ? <Body1 data-testid={`diagnosis-advice-${check.id}`}>{messageText(i18n, check.advice)}</Body1> : null}
        <Body1>
          {t('diagnosis.actor')}: <ActorText actor={actor} actorIfMaster={actor === 'master' ? 'bank' : null} />
          {check.codes.length > 0 ? ` · ${t('diagnosis.codes', { codes: check.codes.join(', ') })}` : ''}
        </Body1>
        <FaqLinks refs={check.faq} />
        {check.fixable || others.length > 0 ? (
          <div className={styles.actions}>
            {check.fixable ? (
              <Button
                appearance="primary"
                icon={<Wrench20Regular />}
                onClick={onFix}
                disabled={fixing}
                data-testid={`diagnosis-fix-${check.id}`}
              >
                {t('diagnosis.fix')}
              </Button>
            ) : null}
            {others.map((action, index) => (
              <ActionButton key={`${action.kind}-${index}`} action={action} />
            ))}
            {fixing ? <Spinner size="tiny" label={t('diagnosis.fixing')} /> : null}
          </div>
        ) : null}
        {fixText && check.fixable ? <Caption1>{t('diagnosis.fixDoes', { what: fixText })}</Caption1> : null}
        {fixedNote}
        {fixError ? <ErrorPanel error={fixError} context={t('diagnosis.fixFailed')} /> : null}
        {evidence.length > 0 ? (
          <Accordion collapsible>
            <AccordionItem value="evidence">
              <AccordionHeader size="small">{t('diagnosis.evidence')}</AccordionHeader>
              <AccordionPanel>
                <dl className={styles.facts}>
                  {evidence.map(([key, value]) => (
                    <div key={key} className={styles.fact}>
                      <dt>{key}</dt>
                      <dd className={styles.value}>{evidenceText(value)}</dd>
                    </div>
                  ))}
                </dl>
              </AccordionPanel>
            </AccordionItem>
          </Accordion>
        ) : null}
      </div>
    </li>
  );
}
