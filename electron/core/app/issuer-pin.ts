// The pin of the issuer in use: the CA the configuration names, or the one this PC saw first for
// this issuer address, with the successors accepted since, kept in state-files. Every CA list the
// issuer answers goes through here before anything builds on it or remembers it.
import type { ClientSettings } from '../config';
import { firstContactAnchors, pinnedCaList, type CaPin } from '../issuing/ca-pin';
import type { CertificateInfo } from '../pki';
import { readIssuerPin, writeIssuerPin, type IssuerPinRecord } from './state-files';

export interface IssuerPinning {
  /**
   * The CAs of a /cacerts answer this PC trusts (the first contact pins them). `known` are the
   * CAs accepted earlier (the cache), for a rollover whose list no longer holds the pinned CA.
   * Rejects with CaPinError (ISSUE-CA-MISMATCH) when the pin vouches for none.
   */
  accept(answer: readonly CertificateInfo[], known: readonly CertificateInfo[]): Promise<CertificateInfo[]>;
  /** The CAs of a remembered list the pin still vouches for; undefined when none. */
  vouchedFor(remembered: readonly CertificateInfo[]): Promise<CertificateInfo[] | undefined>;
}

export function issuerPinning(env: NodeJS.ProcessEnv, settings: Pick<ClientSettings, 'issuerUrl' | 'issuingCaSha256'>): IssuerPinning {
  const configured = settings.issuingCaSha256;
  const stored = () => readIssuerPin(env, settings.issuerUrl).catch(() => undefined);
  // Losing the file costs a pin learned again on the next contact, never this run.
  const store = (record: IssuerPinRecord) => writeIssuerPin(env, settings.issuerUrl, record).catch(() => undefined);
  return {
    async accept(answer, known) {
      const record = await stored();
      const pin = currentPin(configured, record);
      if (pin === undefined) {
        const anchors = firstContactAnchors(answer);
        if (anchors.length > 0) await store({ anchors, configured: null });
        return answer.filter((ca) => anchors.includes(ca.sha256));
      }
      const accepted = pinnedCaList(answer, pin, known);
      // A successor accepted through the chain is pinned too: the old CA may leave the list later.
      const grown = accepted.map((ca) => ca.sha256).filter((sha256) => !pin.anchors.includes(sha256));
      if (grown.length > 0 || record === undefined) {
        await store({ anchors: [...new Set([...pin.anchors, ...grown])], configured: configured ?? record?.configured ?? null });
      }
      return accepted;
    },
    async vouchedFor(remembered) {
      const pin = currentPin(configured, await stored());
      if (pin === undefined) return remembered.length > 0 ? [...remembered] : undefined;
      try {
        return pinnedCaList(remembered, pin);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The configured fingerprint wins, with the successors grown from that same fingerprint; a record
 * grown from another (an earlier build's) configured CA does not count. Without configuration,
 * the remembered pin, whatever it grew from.
 */
function currentPin(configured: string | undefined, record: IssuerPinRecord | undefined): CaPin | undefined {
  if (configured !== undefined) {
    const grown = record?.configured === configured ? record.anchors : [];
    return { anchors: [...new Set([configured, ...grown])], source: 'configured' };
  }
  if (record === undefined) return undefined;
  return { anchors: record.anchors, source: record.configured === null ? 'learned' : 'configured' };
}
