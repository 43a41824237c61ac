// The issuing CA's pin. EST's /cacerts is answered by whoever holds a TLS certificate the PC
// trusts (an HTTPS-inspecting proxy, a mis-issued certificate): believing it would let that party
// name the CA every later check relies on (the issued certificate, the CRL, which certificates of
// the store are ours). So the CA list is accepted only as far as it leads back to a CA this PC
// already trusts for this issuer: the one the production configuration names by fingerprint, or
// the one seen on the first contact (trust on first use), plus the successors accepted since.
import { isIssuedBy, type CertificateInfo } from '../pki';
import { CjsError } from '../errors';
import { shortFingerprint } from './response-validation';

export interface CaPin {
  /** SHA-256 fingerprints (upper-case hex) of the CAs trusted as this issuer's. */
  readonly anchors: readonly string[];
  /** The configuration named the first anchor (the bank acts), or the first contact did (IT acts). */
  readonly source: 'configured' | 'learned';
}

/** /cacerts does not hold, or lead back to, the pinned CA: nothing of it is trusted or cached. */
export class CaPinError extends CjsError<'ISSUE-CA-MISMATCH'> {
  constructor(pin: CaPin, answer: readonly CertificateInfo[]) {
    const expected = pin.anchors.map(shortFingerprint).join(', ');
    const received = [...new Set(answer.map((ca) => ca.sha256))].map(shortFingerprint).join(', ') || 'none';
    super(
      'ISSUE-CA-MISMATCH',
      `the issuer's CA list (${received}) neither holds nor chains to the ${pin.source} issuing CA (${expected})`,
      // A configured CA that no longer answers is the bank's to explain; a CA learned from a local
      // reference service that was set up again is IT's to forget (docs/security/client-answers.md).
      { actor: pin.source === 'configured' ? 'bank' : 'it', params: { expected, received } },
    );
  }
}

/**
 * The CAs of a /cacerts answer the pin vouches for, in the answer's order: the pinned ones, and
 * any CA certificate signed by one already vouched for (RFC 7030 §4.1.3: NewWithOld is the new CA
 * key signed by the old one, after which NewWithNew and OldWithNew verify too). `known` are
 * certificates of pinned CAs kept from earlier answers, for a list that has dropped the old CA
 * but still carries NewWithOld. A CA the pin does not lead to is left out, even beside the pinned
 * one: the pinned CA is public, so its presence in a list proves nothing about the others.
 * Throws CaPinError when nothing of the answer is vouched for.
 */
export function pinnedCaList(answer: readonly CertificateInfo[], pin: CaPin, known: readonly CertificateInfo[] = []): CertificateInfo[] {
  const anchors = new Set(pin.anchors);
  const signers = [...answer, ...known].filter((ca) => anchors.has(ca.sha256));
  const accepted = new Set<CertificateInfo>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const ca of answer) {
      if (accepted.has(ca)) continue;
      if (anchors.has(ca.sha256) || (ca.isCa && signers.some((signer) => isIssuedBy(ca, signer)))) {
        accepted.add(ca);
        signers.push(ca);
        grew = true;
      }
    }
  }
  if (accepted.size === 0) throw new CaPinError(pin, answer);
  return answer.filter((ca) => accepted.has(ca));
}

/** What the first contact pins: the CA certificates of the answer (a leaf in /cacerts is nobody's CA). */
export function firstContactAnchors(answer: readonly CertificateInfo[]): string[] {
  return [...new Set(answer.filter((ca) => ca.isCa).map((ca) => ca.sha256))];
}
