// The contract's users: login ID, role, the certificate's state, its dates, a lock, and what the
// master may do with each row. The master's own row offers nothing: only the bank deletes,
// re-registers or resets the master user (P10), and the row says so.
import type { JSX } from 'react';
import {
  Badge,
  Button,
  Caption1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
  type BadgeProps,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../electron/contract/channels';
import type { ContractUser, ContractUserState } from '../../../electron/contract/console';
import { formatDate, formatDateTime } from '../../format/dates';
import type { ConsoleActionKind } from '../../state/console';

export const USER_STATE_COLOR: Record<ContractUserState, NonNullable<BadgeProps['color']>> = {
  'no-certificate': 'informative',
  active: 'success',
  renewable: 'warning',
  expired: 'danger',
  revoked: 'danger',
  locked: 'severe',
};

const useStyles = makeStyles({
  // The table scrolls sideways in a narrow or zoomed window instead of squeezing its words.
  scroller: { overflowX: 'auto' },
  table: { minWidth: '760px' },
  caption: { textAlign: 'start', fontWeight: tokens.fontWeightSemibold, paddingBlock: tokens.spacingVerticalS },
  id: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  stack: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalXXS,
    paddingBlock: tokens.spacingVerticalXS,
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, paddingBlock: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground2 },
  actionsHeader: { width: '260px' },
});

function actionsFor(user: ContractUser): ConsoleActionKind[] {
  if (user.role === 'master') return [];
  const locked = user.state === 'locked' || user.lockedUntil !== null;
  return [...(locked ? (['unlock'] as const) : []), 'reset-password', 'reregister', 'delete'];
}

export function UsersTable({
  users,
  signedInAs,
  language,
  busy,
  onAction,
}: {
  users: readonly ContractUser[];
  signedInAs: string;
  language: Language;
  busy: boolean;
  onAction: (kind: ConsoleActionKind, loginId: string) => void;
}): JSX.Element {
  const { t } = useTranslation('app');
  const styles = useStyles();
  const none = t('console.table.none');
  const date = (iso: string | null) => (iso ? formatDate(iso, language) : none);
  return (
    <div className={styles.scroller}>
      <Table className={styles.table} data-testid="console-users" size="small">
        <caption className={styles.caption}>{t('console.table.caption')}</caption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('console.table.loginId')}</TableHeaderCell>
            <TableHeaderCell>{t('console.table.role')}</TableHeaderCell>
            <TableHeaderCell>{t('console.table.state')}</TableHeaderCell>
            <TableHeaderCell>{t('console.table.validUntil')}</TableHeaderCell>
            <TableHeaderCell>{t('console.table.lastIssued')}</TableHeaderCell>
            <TableHeaderCell className={styles.actionsHeader}>{t('console.table.actions')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((user) => (
            <TableRow key={user.loginId} data-testid={`console-row-${user.loginId}`} data-state={user.state} data-role={user.role}>
              <TableCell>
                <div className={styles.stack}>
                  <span className={styles.id}>{user.loginId}</span>
                  {user.loginId === signedInAs ? <Caption1 className={styles.muted}>{t('console.table.you')}</Caption1> : null}
                </div>
              </TableCell>
              <TableCell>{t(`console.role.${user.role}`)}</TableCell>
              <TableCell>
                <div className={styles.stack}>
                  <Badge appearance="filled" color={USER_STATE_COLOR[user.state]} data-testid={`console-state-${user.loginId}`}>
                    {t(`console.state.${user.state}`)}
                  </Badge>
                  {user.lockedUntil ? (
                    <Caption1 data-testid={`console-locked-until-${user.loginId}`}>
                      {t('console.table.lockedUntil')}: {formatDateTime(user.lockedUntil, language)}
                    </Caption1>
                  ) : null}
                </div>
              </TableCell>
              <TableCell data-testid={`console-valid-until-${user.loginId}`}>{date(user.validUntil)}</TableCell>
              <TableCell data-testid={`console-last-issued-${user.loginId}`}>{date(user.lastIssuedAt)}</TableCell>
              <TableCell>
                {user.role === 'master' ? (
                  <Caption1 className={styles.muted} data-testid={`console-bank-only-${user.loginId}`}>
                    {t('console.table.bankOnly')}
                  </Caption1>
                ) : (
                  <div className={styles.actions} role="group" aria-label={t('console.table.actionsFor', { loginId: user.loginId })}>
                    {actionsFor(user).map((kind) => (
                      <Button
                        key={kind}
                        size="small"
                        appearance={kind === 'unlock' ? 'primary' : 'secondary'}
                        disabled={busy}
                        onClick={() => onAction(kind, user.loginId)}
                        data-testid={`console-${kind}-${user.loginId}`}
                      >
                        {t(`console.action.${kind}`)}
                      </Button>
                    ))}
                  </div>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
