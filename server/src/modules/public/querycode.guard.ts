/**
 * Query codes (查询码) and guessing them (docs/public-api.md, "Query codes"). A code is 8 characters from
 * A-Z and 2-9 without I and O (no 0/O or 1/I to mix up), case-insensitive; spaces around it are ignored.
 *
 * Guessing is throttled without ever refusing the holder of the right code. Wrong codes are counted per serial number
 * and per source (the caller's IP, or the end user's IP a trusted key passes). While either count is over its
 * threshold, every attempt on that serial number or from that source must carry a proof of work: the server hands
 * out a challenge (PROOF_OF_WORK_REQUIRED, with `extensions.challenge` and `extensions.difficulty`), and the client
 * finds a nonce such that SHA-256(`<challenge>:<nonce>`) starts with `difficulty` zero bits (~65,000 hashes at 16
 * bits: a fraction of a second in a browser or a server). A challenge is signed, bound to the serial number, valid
 * five minutes and good for one attempt; the right code with a valid proof is always accepted. Each guess then costs
 * the guesser the same work, and the difficulty grows with the failures (up to 18 bits: ~260,000 hashes), while the space of codes
 * (32^8 ≈ 10^12) keeps guessing hopeless. Nobody can lock a citizen out by failing on purpose.
 */
import crypto from 'node:crypto';
import type Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimiter } from '../../common/rateLimiter';
import { AppError, badInput, ErrorCode, ErrorReason } from '../../graphql/errors';
import { QUERY_CODE_ALPHABET } from '../message/message.service';

const QUERY_CODE = new RegExp(`^[${QUERY_CODE_ALPHABET}]{8}$`);
const SERIAL_NO = /^WZ\d{14,20}$/;

/** Wrong codes for one serial number in an hour before every attempt on it needs a proof of work. */
export const FREE_FAILURES_PER_SERIAL = 5;
/** Wrong codes from one source in an hour before every attempt from it needs a proof of work. */
export const FREE_FAILURES_PER_SOURCE = 10;
/** Leading zero bits asked for at first; one more for every further 5 failures, up to the maximum. */
export const BASE_DIFFICULTY = 16;
export const MAX_DIFFICULTY = 18;
const WINDOW_SECONDS = 3600;
const CHALLENGE_SECONDS = 300;

/** Serial number and query code as a citizen may type them: spaces around them ignored, letters in any case. */
export function normaliseCredentials(serialNo: string, queryCode: string): { serialNo: string; queryCode: string } {
  const serial = serialNo.trim().toUpperCase();
  const code = queryCode.trim().toUpperCase();
  if (!SERIAL_NO.test(serial))
    throw badInput('serialNo', '留言编号格式不正确，应为 WZ 加 14 位以上数字，如 WZ20261102000001 (serialNo looks like WZ20261102000001)', {
      reason: ErrorReason.BAD_FORMAT,
      params: { field: 'serialNo' },
    });
  if (!QUERY_CODE.test(code))
    throw badInput('queryCode', '查询码为 8 位字母和数字（不含 0、1、I、O），不区分大小写 (a query code is 8 letters and digits without 0, 1, I, O)', {
      reason: ErrorReason.BAD_FORMAT,
      params: { field: 'queryCode' },
    });
  return { serialNo: serial, queryCode: code };
}

/** Leading zero bits of a SHA-256 digest. */
export function leadingZeroBits(digest: Buffer): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/**
 * Finds a nonce for a challenge: what a client does (here for tests and for server-side integrations written in Node;
 * the example page does the same with the browser's crypto). Yields to the event loop now and then.
 */
export async function solveChallenge(challenge: string, difficulty: number): Promise<string> {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (leadingZeroBits(crypto.createHash('sha256').update(`${challenge}:${nonce}`).digest()) >= difficulty) return nonce;
    if (n % 20_000 === 19_999) await new Promise((r) => setImmediate(r));
  }
}

export interface ProofOfWork {
  challenge: string;
  nonce: string;
}

export class QueryCodeGuard {
  private readonly failures: RateLimiterAbstract;
  private readonly usedChallenges: RateLimiterAbstract;
  private readonly key: Buffer;

  constructor(secret: string, redis: Redis | null, keyPrefix = 'wz:') {
    this.failures = rateLimiter(redis, { keyPrefix: `${keyPrefix}qcfail`, points: 1_000_000, duration: WINDOW_SECONDS });
    this.usedChallenges = rateLimiter(redis, { keyPrefix: `${keyPrefix}qcpow`, points: 1, duration: CHALLENGE_SECONDS });
    this.key = crypto.createHmac('sha256', secret).update('query-code-proof-of-work').digest();
  }

  /**
   * Runs one attempt: asks for (or checks) a proof of work when guessing has been seen on this serial number or from this
   * source, then `verify`; a failed attempt counts against both. Returns what `verify` found, or throws NOT_FOUND via it.
   */
  async attempt<T>(
    serialNo: string,
    source: string,
    proof: ProofOfWork | undefined | null,
    verify: () => Promise<T | null>,
    onFailure: () => Error,
  ): Promise<T> {
    const [bySerial, bySource] = await Promise.all([this.count(`s:${serialNo}`), this.count(`i:${source}`)]);
    const over = Math.max(bySerial - FREE_FAILURES_PER_SERIAL, bySource - FREE_FAILURES_PER_SOURCE);
    if (over >= 0) {
      const difficulty = Math.min(MAX_DIFFICULTY, BASE_DIFFICULTY + Math.floor(over / 5));
      const problem = proof ? await this.checkProof(proof, serialNo, difficulty) : 'missing';
      if (problem) throw this.challenge(serialNo, difficulty, problem);
    }
    const found = await verify();
    if (found === null) {
      await Promise.all([this.fail(`s:${serialNo}`), this.fail(`i:${source}`)]);
      throw onFailure();
    }
    return found;
  }

  private async count(key: string): Promise<number> {
    return (await this.failures.get(key))?.consumedPoints ?? 0;
  }

  private async fail(key: string) {
    await this.failures.penalty(key, 1).catch((e: unknown) => {
      if (!(e instanceof RateLimiterRes)) throw e;
    });
  }

  private challenge(serialNo: string, difficulty: number, problem: 'missing' | 'invalid' | 'used' | 'weak' | 'expired') {
    const payload = Buffer.from(
      JSON.stringify({ s: serialNo, d: difficulty, e: Date.now() + CHALLENGE_SECONDS * 1000, r: crypto.randomBytes(9).toString('base64url') }),
    ).toString('base64url');
    const challenge = `${payload}.${this.sign(payload)}`;
    const why = { missing: '', invalid: '（工作量证明无效）', used: '（工作量证明已使用过）', weak: '（需要更高的难度）', expired: '（工作量证明已过期）' }[
      problem
    ];
    return new AppError(
      ErrorCode.PROOF_OF_WORK_REQUIRED,
      `该留言近期查询码错误较多，请先完成工作量证明再查询${why} (too many wrong query codes lately: solve the proof of work and retry${problem === 'missing' ? '' : `; the proof sent was ${problem}`})`,
      { challenge, difficulty, algorithm: 'sha256', retryAfterSeconds: 0 },
    );
  }

  private sign(payload: string) {
    return crypto.createHmac('sha256', this.key).update(payload).digest('base64url').slice(0, 32);
  }

  /** Why a proof does not do for this attempt, or null when it does (it is then used up). */
  private async checkProof(proof: ProofOfWork, serialNo: string, difficulty: number): Promise<'invalid' | 'used' | 'weak' | 'expired' | null> {
    const [payload, mac, ...rest] = proof.challenge.split('.');
    if (!payload || !mac || rest.length || proof.nonce.length > 64) return 'invalid';
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return 'invalid';
    let p: { s: string; d: number; e: number; r: string };
    try {
      p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return 'invalid';
    }
    if (p.s !== serialNo) return 'invalid';
    if (p.e < Date.now()) return 'expired';
    if (p.d < difficulty) return 'weak';
    if (leadingZeroBits(crypto.createHash('sha256').update(`${proof.challenge}:${proof.nonce}`).digest()) < p.d) return 'invalid';
    try {
      await this.usedChallenges.consume(p.r, 1);
    } catch (e) {
      if (e instanceof RateLimiterRes) return 'used';
      throw e;
    }
    return null;
  }
}
