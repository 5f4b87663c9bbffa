/** Access tokens (short-lived JWT, HS256) and refresh tokens (random, stored hashed). */
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface AccessClaims {
  sub: string;
  sid: string;
  role: string;
}

export function signAccessToken(secret: string, ttlSeconds: number, claims: AccessClaims): { token: string; expiresAt: Date } {
  const token = jwt.sign({ sid: claims.sid, role: claims.role }, secret, {
    algorithm: 'HS256',
    subject: claims.sub,
    expiresIn: ttlSeconds,
    issuer: 'wenzheng',
  });
  return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
}

/** The secret as a key object, built once per secret: jsonwebtoken would otherwise build one on every verification. */
const keys = new Map<string, crypto.KeyObject>();
const keyOf = (secret: string) => keys.get(secret) ?? keys.set(secret, crypto.createSecretKey(Buffer.from(secret, 'utf8'))).get(secret)!;

/**
 * Tokens already verified, with their claims and expiry: a client sends the same access token with every request of
 * its life (minutes), and the signature check (an HMAC and the JWT's parsing) costs more CPU than the rest of the
 * authentication (issue 19). Only a token that passed every check is kept, under its secret and whole text (the same
 * bytes, the same signature); its expiry is checked on every use as jsonwebtoken checks it. Bounded: emptied when full.
 */
const verified = new Map<string, { claims: AccessClaims; exp: number }>();
const VERIFIED_MAX = 10_000;

/** Returns the claims, or null when the token is malformed, forged or expired. */
export function verifyAccessToken(secret: string, token: string): AccessClaims | null {
  const cacheKey = `${secret}\u0000${token}`;
  const hit = verified.get(cacheKey);
  if (hit) {
    if (Math.floor(Date.now() / 1000) < hit.exp) return { ...hit.claims };
    verified.delete(cacheKey);
    return null;
  }
  try {
    const p = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'], issuer: 'wenzheng' }) as jwt.JwtPayload;
    if (typeof p.sub !== 'string' || typeof p.sid !== 'string') return null;
    const claims = { sub: p.sub, sid: p.sid, role: String(p.role) };
    // kept only with an expiry and no not-before (every access token this server signs: signAccessToken)
    if (typeof p.exp === 'number' && p.nbf === undefined) {
      if (verified.size >= VERIFIED_MAX) verified.clear();
      verified.set(cacheKey, { claims, exp: p.exp });
    }
    return { ...claims };
  } catch {
    return null;
  }
}

/**
 * Refresh tokens are `<session id>.<random>.<tag>`; the session row stores only the SHA-256 of its current token.
 * The tag (an HMAC under a key derived from the JWT secret) proves that the server issued the token, so that a
 * superseded token presented again is known for what it is, a replay, and not mistaken for a guessed string:
 * replays end the session, guesses are only refused.
 */
const refreshKeys = new Map<string, Buffer>();
const refreshKeyOf = (secret: string) =>
  refreshKeys.get(secret) ?? refreshKeys.set(secret, crypto.createHmac('sha256', secret).update('wenzheng refresh-token tag').digest()).get(secret)!;
const refreshTag = (secret: string, body: string) =>
  crypto.createHmac('sha256', refreshKeyOf(secret)).update(body).digest().subarray(0, 16).toString('base64url');

export function newRefreshToken(secret: string, sessionId: string): string {
  const body = `${sessionId}.${crypto.randomBytes(32).toString('base64url')}`;
  return `${body}.${refreshTag(secret, body)}`;
}

/** The session a refresh token names ('' when malformed). */
export const sessionIdOfRefreshToken = (token: string) => token.split('.', 1)[0] ?? '';

/** True when this server issued the refresh token (whether or not it is still the session's current one). */
export function isIssuedRefreshToken(secret: string, token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const expected = Buffer.from(refreshTag(secret, `${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
export const newSessionId = () => crypto.randomUUID();
