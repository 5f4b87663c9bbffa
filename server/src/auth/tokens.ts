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

/** Returns the claims, or null when the token is malformed, forged or expired. */
export function verifyAccessToken(secret: string, token: string): AccessClaims | null {
  try {
    const p = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'], issuer: 'wenzheng' }) as jwt.JwtPayload;
    if (typeof p.sub !== 'string' || typeof p.sid !== 'string') return null;
    return { sub: p.sub, sid: p.sid, role: String(p.role) };
  } catch {
    return null;
  }
}

export const newRefreshToken = () => crypto.randomBytes(32).toString('base64url');
export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
export const newSessionId = () => crypto.randomUUID();
