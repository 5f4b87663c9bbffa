/**
 * Asia/Shanghai time (docs/domain.md §6: every date is Shanghai time), in one place. Shanghai is UTC+8 all year (no
 * daylight-saving time since 1991), so a fixed offset gives the same answers as tz data, whatever the server's zone.
 */

/** Shanghai's offset from UTC, in hours (SQL date arithmetic) and in milliseconds. */
export const SHANGHAI_UTC_OFFSET_HOURS = 8;
export const SHANGHAI_UTC_OFFSET_MS = SHANGHAI_UTC_OFFSET_HOURS * 3_600_000;

/** The instant shifted so that its UTC fields read as Shanghai wall-clock time. */
const wall = (d: Date) => new Date(d.getTime() + SHANGHAI_UTC_OFFSET_MS);

/** The Shanghai calendar day of an instant, YYYY-MM-DD. */
export const shanghaiDay = (d: Date): string => wall(d).toISOString().slice(0, 10);

/** The Shanghai calendar day of an instant, YYYYMMDD (serial numbers). */
export const shanghaiCompactDay = (d: Date): string => shanghaiDay(d).replace(/-/g, '');

/** The Shanghai wall-clock time of an instant, YYYY-MM-DD HH:mm:ss. */
export const shanghaiDateTime = (d: Date): string => wall(d).toISOString().slice(0, 19).replace('T', ' ');

/** The instant a Shanghai day (YYYY-MM-DD) starts, or at a time of that day (HH:mm:ss); an invalid day gives an invalid Date. */
export const shanghaiTime = (day: string, time = '00:00:00'): Date => new Date(`${day}T${time}+08:00`);
