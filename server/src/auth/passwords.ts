/** Password hashing with bcrypt (bcryptjs: pure JavaScript, no native build) and the password policy. */
import bcrypt from 'bcryptjs';
import { badInput, ErrorReason } from '../graphql/errors';

export const hashPassword = (plain: string, rounds: number) => bcrypt.hash(plain, rounds);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

/** A hash of a random password, compared against when the account does not exist (equal timing). */
export const DUMMY_HASH = bcrypt.hashSync('wenzheng-no-such-user', 10);

/** At least 8 characters with a letter and a digit; at most 72 bytes (bcrypt's limit). */
export function assertPasswordPolicy(field: string, password: string): void {
  if (password.length < 8)
    throw badInput(field, '密码至少 8 位 (password must have at least 8 characters)', { reason: ErrorReason.PASSWORD_TOO_SHORT, params: { min: 8 } });
  if (Buffer.byteLength(password, 'utf8') > 72) throw badInput(field, '密码过长 (password longer than 72 bytes)', { reason: ErrorReason.PASSWORD_TOO_LONG });
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw badInput(field, '密码须同时包含字母和数字 (password needs a letter and a digit)', { reason: ErrorReason.PASSWORD_LETTER_AND_DIGIT });
  }
}
