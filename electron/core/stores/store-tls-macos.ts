// macOS: no tool of the system can send this request with a keychain identity soundly, so the
// answer is always "needs the password" (StoreTlsError 'unsupported'), typed and immediate.
//
// The one candidate is /usr/bin/curl with its Secure Transport backend (`--cert <name>` takes a
// keychain identity). It does not fit:
// - curl picks the identity by the certificate's common name, first match (curl's sectransp.c,
//   CopyIdentityWithLabel): the current certificate and its renewed successor share the name,
//   so which one authenticates is not ours to choose;
// - Apple's curl uses LibreSSL by default; Secure Transport must be chosen by CURL_SSL_BACKEND,
//   whose accepted value changed between curl versions ("SecureTransport" / "secure-transport",
//   curl issue #16076), and the backend is TLS 1.2 only and removed from curl since 8.15;
// - the key was imported by `security import` for the browsers (macos-store.ts): another program
//   signing with it makes the keychain ask the user to allow it, which a background renewal
//   cannot answer.
import { checkedRequest, StoreTlsError, type StoreTlsClient, type StoreTlsRequest, type StoreTlsResponse } from './store-tls';

export class MacTlsClient implements StoreTlsClient {
  readonly kind = 'macos' as const;

  request(request: StoreTlsRequest): Promise<StoreTlsResponse> {
    return Promise.resolve().then(() => {
      checkedRequest(request, 'macos');
      throw new StoreTlsError(
        'unsupported',
        'no macOS tool can authenticate with a keychain identity chosen by its hash; renew with the password',
      );
    });
  }
}
