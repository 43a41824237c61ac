/** `cjs-cert` exit statuses, documented in the README; scripts rely on them. */
export const EXIT = {
  OK: 0,
  /** Anything unexpected. */
  FAILED: 1,
  /** Bad command line. */
  USAGE: 2,
  /** The issuing service refused (wrong password, locked, one certificate per user, renewal window...). */
  REFUSED: 3,
  /** The issuing service cannot be reached safely (http://, network, proxy, TLS, timeout). */
  UNREACHABLE: 4,
  /** The OS certificate store failed (tool missing, import or verification failed). */
  STORE: 5,
  /** The issuer's answer failed the checks; nothing was installed. */
  BAD_ANSWER: 6,
  /** `doctor`: at least one check failed (or could not run). */
  DIAGNOSIS_FAILED: 7,
  /** `status`: no usable certificate of this system on this PC. */
  NO_USABLE_CERTIFICATE: 9,
  /** `renew --auto`: a renewal is due (or the certificate lapsed) and needs the user: the password, or the master. */
  NEEDS_USER: 10,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
