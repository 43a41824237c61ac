// The store's location as the user reads it: the home directory as `~`, Windows' store as it is.
import { describe, expect, it } from 'vitest';
import { storeLocation } from '../../../renderer/format/store-location';

describe('the store location shown', () => {
  it.each([
    ['/home/tanaka/.pki/nssdb', '~/.pki/nssdb'],
    // A HOME elsewhere (a test run's temporary one) still reads as the user's own database.
    ['/tmp/tmp.x/cjs-app-home-Ab12/.pki/nssdb', '~/.pki/nssdb'],
  ])('NSS %s reads %s', (location, shown) => {
    expect(storeLocation({ kind: 'nss', location })).toBe(shown);
  });

  it('shortens a macOS home to ~', () => {
    expect(storeLocation({ kind: 'macos', location: '/Users/tanaka/Library/Keychains/login.keychain-db' })).toBe(
      '~/Library/Keychains/login.keychain-db',
    );
  });

  it.each([
    ['windows', 'Cert:\\CurrentUser\\My'],
    ['nss', '/srv/shared/nssdb'],
  ] as const)('leaves %s %s as it is', (kind, location) => {
    expect(storeLocation({ kind, location })).toBe(location);
  });
});
