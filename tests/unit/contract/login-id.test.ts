import { describe, expect, it } from 'vitest';
import {
  isValidNewLoginId,
  isValidNewPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  NEW_LOGIN_ID_PATTERN,
} from '../../../electron/contract/login-id';
import * as issuer from '../../../issuer/src/domain/user-policy';

describe('the login ID and password rules the clients check before sending', () => {
  it('are the issuer’s own', () => {
    expect(NEW_LOGIN_ID_PATTERN.source).toBe(issuer.LOGIN_ID_PATTERN.source);
    expect([MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH]).toEqual([issuer.MIN_PASSWORD_LENGTH, issuer.MAX_PASSWORD_LENGTH]);
  });

  it('accept what the issuer accepts, refuse the rest', () => {
    for (const ok of ['user01', 'a.b-c_d', 'X9z']) expect(isValidNewLoginId(ok), ok).toBe(true);
    for (const bad of ['ab', '.user', 'user 01', 'user:01', 'ユーザー01', 'a'.repeat(33)]) expect(isValidNewLoginId(bad), bad).toBe(false);
    expect([isValidNewPassword('1234567'), isValidNewPassword('12345678'), isValidNewPassword('x'.repeat(257))]).toEqual([
      false,
      true,
      false,
    ]);
  });
});
