/**
 * Citizens' phone numbers (联系电话): a mainland mobile number (11 digits, 13x-19x) or a landline with its area
 * code (010 and 02x have 3 digits, the others 4; the local number 7 or 8 digits, not starting with 0 or 1),
 * optionally followed by an extension (分机, after "-", "转" or "#"). Spaces, brackets and dashes between
 * the groups are accepted; a leading +86 / 0086 / 86 is dropped. Stored normalised ("13812345678",
 * "0731-88888888", "0731-88888888-123"), so that equal numbers compare equal (duplicate suggestions).
 */
import { registerDecorator, ValidationOptions } from 'class-validator';

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^(0[12]\d|0[3-9]\d{2})([2-9]\d{6,7})$/;
const EXTENSION = /^(.+?)(?:-|转|分机|#)(\d{1,6})$/;

function mainNumber(s: string): string | null {
  const digits = s.replace(/^(?:\+86|0086)/, '').replace(/[-\s]/g, '');
  const national = /^86(1[3-9]\d{9})$/.exec(digits)?.[1] ?? digits;
  if (MOBILE.test(national)) return national;
  const land = LANDLINE.exec(national);
  return land ? `${land[1]}-${land[2]}` : null;
}

/** The normalised number, or null when it is neither a mobile number nor a landline with its area code. */
export function normalizePhone(raw: string): string | null {
  const s = raw
    .trim()
    .replace(/[()（）\u3000]/g, ' ')
    .trim();
  if (!s || s.length > 30) return null;
  const whole = mainNumber(s);
  if (whole) return whole;
  const ext = EXTENSION.exec(s);
  if (!ext) return null;
  const main = mainNumber(ext[1]);
  // An extension belongs to a landline only.
  return main && main.includes('-') ? `${main}-${ext[2]}` : null;
}

export const PHONE_RULE =
  '电话应为 11 位手机号或带区号的固定电话，如 13812345678、0731-88888888 (phone must be a mobile number or a landline with its area code)';

/** Validates a phone number by {@link normalizePhone}. */
export function IsPhoneNumber(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPhoneNumber',
      target: object.constructor,
      propertyName,
      options: { message: PHONE_RULE, ...options },
      validator: { validate: (v: unknown) => v === undefined || v === null || (typeof v === 'string' && normalizePhone(v) !== null) },
    });
}
