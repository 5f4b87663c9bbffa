import * as chineseDays from 'chinese-days';
import {
  DEFAULT_WORKING_HOURS,
  WorkingCalendar,
  libraryCoversYear,
  libraryYears,
  shiftForPause,
  warningLevel,
  yellowThreshold,
  type DayOverride,
  type WarningLevel,
} from './index';

/** An instant given as Shanghai wall-clock time: sh('2026-03-13 16:00'). */
function sh(s: string): Date {
  const [date, time = '00:00'] = s.split(' ');
  const d = new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
  if (Number.isNaN(d.getTime())) throw new Error(`bad test instant ${s}`);
  return d;
}
/** 23:59:59.999 Shanghai of a date: the end of a day-based deadline. */
const endOf = (date: string): Date => sh(`${date} 23:59:59.999`);

/** Deterministic PRNG (mulberry32) for the property-style tests. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cal = new WorkingCalendar();
const H = 3_600_000;

/**
 * The official 2026 schedule (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04):
 * 元旦 1/1-1/3, 1/4 (Sun) worked; 春节 2/15-2/23, 2/14 (Sat) and 2/28 (Sat) worked; 清明 4/4-4/6;
 * 劳动节 5/1-5/5, 5/9 (Sat) worked; 端午 6/19-6/21; 中秋 9/25-9/27; 国庆 10/1-10/7, 9/20 (Sun) and
 * 10/10 (Sat) worked. Note 中秋 is NOT merged with 国庆 in 2026 and 10/8 is a working day.
 */
const HOLIDAYS_2026 = [
  '2026-01-01',
  '2026-01-02',
  '2026-01-03',
  '2026-02-15',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-02-21',
  '2026-02-22',
  '2026-02-23',
  '2026-04-04',
  '2026-04-05',
  '2026-04-06',
  '2026-05-01',
  '2026-05-02',
  '2026-05-03',
  '2026-05-04',
  '2026-05-05',
  '2026-06-19',
  '2026-06-20',
  '2026-06-21',
  '2026-09-25',
  '2026-09-26',
  '2026-09-27',
  '2026-10-01',
  '2026-10-02',
  '2026-10-03',
  '2026-10-04',
  '2026-10-05',
  '2026-10-06',
  '2026-10-07',
];
const WORKING_WEEKENDS_2026 = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

/** The chinese-days functions read dates in the process time zone and are wrong west of UTC. */
const libraryFunctionsTrustworthy = new Date(2026, 0, 1, 12).getTimezoneOffset() <= 0;
const localNoon = (date: string): Date => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d, 12);
};

describe('working days (工作日)', () => {
  test('ordinary weekdays and weekends', () => {
    expect(cal.isWorkingDay('2026-03-16')).toBe(true); // Mon
    expect(cal.isWorkingDay('2026-03-20')).toBe(true); // Fri
    expect(cal.isWorkingDay('2026-03-14')).toBe(false); // Sat
    expect(cal.isWorkingDay('2026-03-15')).toBe(false); // Sun
  });

  test.each(HOLIDAYS_2026)('2026 public holiday %s is not a working day', (date) => {
    expect(cal.isWorkingDay(date)).toBe(false);
    expect(cal.describeDay(date)).toMatchObject({ source: 'LIBRARY', isWorkingDay: false });
  });

  test.each(WORKING_WEEKENDS_2026)('2026 调休 weekend %s is a working day', (date) => {
    const info = cal.describeDay(date);
    expect([0, 6]).toContain(info.weekday);
    expect(info).toMatchObject({ isWorkingDay: true, source: 'LIBRARY' });
  });

  test('days around the 2026 holidays', () => {
    expect(cal.describeDay('2026-02-15')).toMatchObject({ name: '春节', weekday: 0 });
    expect(cal.describeDay('2026-02-28')).toMatchObject({ name: '春节', isWorkingDay: true });
    expect(cal.describeDay('2026-09-25')).toMatchObject({ name: '中秋', isWorkingDay: false });
    expect(cal.describeDay('2026-10-01')).toMatchObject({ name: '国庆节', isWorkingDay: false });
    // 2026-10-08 is an ordinary Thursday (国庆 is 10/1-10/7 in 2026, not 10/1-10/8)
    expect(cal.isWorkingDay('2026-10-08')).toBe(true);
    expect(cal.isWorkingDay('2026-02-24')).toBe(true); // Tue after 春节
    expect(cal.isWorkingDay('2026-10-11')).toBe(false); // Sun after the 10/10 调休
    expect(cal.isWorkingDay('2026-05-10')).toBe(false); // Sun after the 5/9 调休
    expect(cal.isWorkingDay('2026-09-28')).toBe(true); // Mon after 中秋
    // 调休日 (weekday off paid back by a working weekend)
    for (const d of ['2026-01-02', '2026-02-20', '2026-02-23', '2026-05-05', '2026-10-06', '2026-10-07']) {
      expect(cal.describeDay(d)).toMatchObject({ inLieu: true, isWorkingDay: false });
    }
    expect(cal.describeDay('2026-10-05').inLieu).toBe(false);
  });

  test('counts of 2026: 33 holiday dates, 6 working weekends, 248 working days', () => {
    let working = 0;
    for (let t = sh('2026-01-01 12:00').getTime(); t < sh('2027-01-01').getTime(); t += 24 * H) {
      if (cal.isWorkingDay(new Date(t))) working++;
    }
    expect(HOLIDAYS_2026).toHaveLength(33);
    // 261 weekdays in 2026, minus 19 holidays on weekdays, plus 6 worked weekend days
    expect(working).toBe(261 - 19 + 6);
  });

  test('an instant is judged by its Shanghai date, not its UTC date', () => {
    // Friday 2026-10-09 23:30 Shanghai is 15:30Z the same day; 00:30 Sat 10-10 is 16:30Z on 10-09.
    expect(cal.shanghaiDate(new Date('2026-10-09T15:30:00Z'))).toBe('2026-10-09');
    expect(cal.shanghaiDate(new Date('2026-10-09T16:30:00Z'))).toBe('2026-10-10');
    expect(cal.shanghaiDate(new Date('2026-10-09T15:59:59.999Z'))).toBe('2026-10-09');
    expect(cal.shanghaiDate(new Date('2026-10-09T16:00:00.000Z'))).toBe('2026-10-10');
    // 2026-10-07T15:30Z is Wed 10-07 23:30 in Shanghai (国庆), 2026-10-07T16:30Z is Thu 10-08 00:30 (working)
    expect(cal.isWorkingDay(new Date('2026-10-07T15:30:00Z'))).toBe(false);
    expect(cal.isWorkingDay(new Date('2026-10-07T16:30:00Z'))).toBe(true);
  });

  test('start and end of a Shanghai day', () => {
    const d = new Date('2026-03-12T16:30:00Z'); // Fri 00:30 Shanghai
    expect(cal.startOfShanghaiDay(d).toISOString()).toBe('2026-03-12T16:00:00.000Z');
    expect(cal.endOfShanghaiDay(d).toISOString()).toBe('2026-03-13T15:59:59.999Z');
  });

  test('library coverage: 2004-2026, not 2027', () => {
    expect(libraryCoversYear(2026)).toBe(true);
    expect(libraryCoversYear(2004)).toBe(true);
    expect(libraryCoversYear(2027)).toBe(false);
    expect(libraryYears()[0]).toBe(2004);
    expect(libraryYears()).toContain(2026);
  });

  test('uncovered years fall back to Monday-Friday', () => {
    expect(cal.describeDay('2027-01-01')).toMatchObject({ weekday: 5, isWorkingDay: true, source: 'FALLBACK' });
    expect(cal.describeDay('2027-01-02')).toMatchObject({ weekday: 6, isWorkingDay: false, source: 'FALLBACK' });
    expect(cal.isWorkingDay('2027-10-01')).toBe(true); // a Friday: no holiday known until admins add it
  });

  test('rejects malformed input', () => {
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2026-3-1')).toThrow(RangeError);
    expect(() => cal.isWorkingDay(new Date('nope'))).toThrow(TypeError);
    expect(() => new WorkingCalendar([{ date: '20270101', isWorkingDay: false }])).toThrow(RangeError);
  });
});

describe('chinese-days facts (checked against the library functions)', () => {
  const maybe = libraryFunctionsTrustworthy ? test : test.skip;

  maybe('isWorkday / isHoliday / isInLieu agree with the official 2026 schedule', () => {
    for (const d of HOLIDAYS_2026) {
      expect([d, chineseDays.isHoliday(localNoon(d))]).toEqual([d, true]);
      expect(chineseDays.isWorkday(localNoon(d))).toBe(false);
    }
    for (const d of WORKING_WEEKENDS_2026) expect([d, chineseDays.isWorkday(localNoon(d))]).toEqual([d, true]);
    expect(chineseDays.isInLieu(localNoon('2026-02-23'))).toBe(true);
    expect(chineseDays.isWorkday(localNoon('2026-10-08'))).toBe(true);
    expect(chineseDays.getDayDetail(localNoon('2026-10-10'))).toMatchObject({ work: true });
  });

  maybe('the calendar equals chinese-days isWorkday / isInLieu for every day 2004-2026', () => {
    const mismatches: string[] = [];
    for (let t = sh('2004-01-01 12:00').getTime(); t < sh('2027-01-01').getTime(); t += 24 * H) {
      const date = cal.shanghaiDate(new Date(t));
      const info = cal.describeDay(date);
      if (info.isWorkingDay !== chineseDays.isWorkday(localNoon(date))) mismatches.push(`${date} work`);
      if (info.inLieu !== chineseDays.isInLieu(localNoon(date))) mismatches.push(`${date} inLieu`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('overrides (admin table for years the library lacks)', () => {
  const overrides: DayOverride[] = [
    { date: '2027-01-01', isWorkingDay: false, note: '元旦' },
    { date: '2027-01-09', isWorkingDay: true, note: '调休上班 (test)' }, // a Saturday
  ];
  const cal27 = new WorkingCalendar(overrides);

  test('override wins over the Mon-Fri fallback', () => {
    expect(cal27.describeDay('2027-01-01')).toEqual({
      date: '2027-01-01',
      weekday: 5,
      isWorkingDay: false,
      source: 'OVERRIDE',
      name: '元旦',
      inLieu: false,
    });
    expect(cal27.isWorkingDay('2027-01-09')).toBe(true);
    expect(cal27.isWorkingDay('2027-01-10')).toBe(false); // Sunday untouched
    expect(cal27.isWorkingDay('2027-01-04')).toBe(true);
  });

  test('deadlines across the 2026/2027 boundary use the overrides', () => {
    const thu = sh('2026-12-31 10:00');
    // without overrides 2027-01-01 (Fri) is a fallback working day: day 1 = Fri 1/1, day 5 = Thu 1/7
    expect(cal.addWorkingDays(thu, 5)).toEqual(endOf('2027-01-07'));
    // with overrides: day 1 = Mon 1/4, day 5 = Fri 1/8, day 6 = the working Saturday 1/9
    expect(cal27.addWorkingDays(thu, 1)).toEqual(endOf('2027-01-04'));
    expect(cal27.addWorkingDays(thu, 5)).toEqual(endOf('2027-01-08'));
    expect(cal27.addWorkingDays(thu, 6)).toEqual(endOf('2027-01-09'));
    expect(cal27.addWorkingDays(thu, 7)).toEqual(endOf('2027-01-11'));
  });

  test('override also wins over the library, last entry per date wins', () => {
    const c = new WorkingCalendar([
      { date: '2026-10-08', isWorkingDay: true },
      { date: '2026-10-08', isWorkingDay: false, note: 'emergency' },
      { date: '2026-10-03', isWorkingDay: true },
    ]);
    expect(c.isWorkingDay('2026-10-08')).toBe(false);
    expect(c.isWorkingDay('2026-10-03')).toBe(true);
    expect(c.describeDay('2026-10-08').name).toBe('emergency');
    expect(cal.isWorkingDay('2026-10-08')).toBe(true); // other calendars are unaffected
  });

  test('overrides are copied at construction', () => {
    const list: DayOverride[] = [{ date: '2027-01-01', isWorkingDay: false }];
    const c = new WorkingCalendar(list);
    list[0].isWorkingDay = true;
    list.push({ date: '2027-01-02', isWorkingDay: true });
    expect(c.isWorkingDay('2027-01-01')).toBe(false);
    expect(c.isWorkingDay('2027-01-02')).toBe(false);
  });
});

describe('addWorkingDays: day 1 is the first working day after the day of assignment', () => {
  test('message assigned on a Friday evening', () => {
    const fri = sh('2026-03-13 20:00');
    expect(cal.addWorkingDays(fri, 1)).toEqual(endOf('2026-03-16'));
    expect(cal.addWorkingDays(fri, 5)).toEqual(endOf('2026-03-20'));
    expect(cal.addWorkingDays(fri, 10)).toEqual(endOf('2026-03-27'));
    // 20 days cross 清明 (4/4-4/6): day 15 = Fri 4/3, day 16 = Tue 4/7 … day 20 = Mon 4/13
    expect(cal.addWorkingDays(fri, 20)).toEqual(endOf('2026-04-13'));
    expect(cal.addWorkingDays(fri, 5).toISOString()).toBe('2026-03-20T15:59:59.999Z');
  });

  test('assignment on the eve of 劳动节 (5/1-5/5, Saturday 5/9 worked)', () => {
    const eve = sh('2026-04-30 10:00');
    expect(cal.addWorkingDays(eve, 1)).toEqual(endOf('2026-05-06'));
    expect(cal.addWorkingDays(eve, 4)).toEqual(endOf('2026-05-09')); // the 调休 Saturday
    expect(cal.addWorkingDays(eve, 5)).toEqual(endOf('2026-05-11'));
    expect(cal.addWorkingDays(eve, 10)).toEqual(endOf('2026-05-18'));
  });

  test('assignment on the eve of 春节 (Saturday 2/14 worked, 2/15-2/23 off, Saturday 2/28 worked)', () => {
    const eve = sh('2026-02-13 17:00');
    expect(cal.addWorkingDays(eve, 1)).toEqual(endOf('2026-02-14'));
    expect(cal.addWorkingDays(eve, 2)).toEqual(endOf('2026-02-24'));
    expect(cal.addWorkingDays(eve, 5)).toEqual(endOf('2026-02-27'));
    expect(cal.addWorkingDays(eve, 6)).toEqual(endOf('2026-02-28'));
    expect(cal.addWorkingDays(eve, 10)).toEqual(endOf('2026-03-05'));
  });

  test('assignment on the eve of 国庆 (10/1-10/7, Saturday 10/10 worked)', () => {
    const eve = sh('2026-09-30 09:30');
    expect(cal.addWorkingDays(eve, 1)).toEqual(endOf('2026-10-08'));
    expect(cal.addWorkingDays(eve, 3)).toEqual(endOf('2026-10-10'));
    expect(cal.addWorkingDays(eve, 5)).toEqual(endOf('2026-10-13'));
    expect(cal.addWorkingDays(eve, 20)).toEqual(endOf('2026-11-03'));
  });

  test('assignment on New Year eve 2025: the 调休 Sunday 2026-01-04 is day 1', () => {
    const eve = sh('2025-12-31 16:00');
    expect(cal.addWorkingDays(eve, 1)).toEqual(endOf('2026-01-04'));
    expect(cal.addWorkingDays(eve, 5)).toEqual(endOf('2026-01-08'));
  });

  test('assignment during a holiday or a weekend', () => {
    expect(cal.addWorkingDays(sh('2026-10-03 11:00'), 1)).toEqual(endOf('2026-10-08'));
    expect(cal.addWorkingDays(sh('2026-03-14 11:00'), 1)).toEqual(endOf('2026-03-16'));
    // on a working Saturday the day of assignment is that Saturday: day 1 is Monday
    expect(cal.addWorkingDays(sh('2026-10-10 11:00'), 1)).toEqual(endOf('2026-10-12'));
  });

  test('time-zone edges: 23:30 and 00:30 Shanghai', () => {
    // Thu 2026-03-12 23:30 Shanghai = 15:30Z Thu: the day of assignment is Thursday → day 1 = Friday
    const lateThu = new Date('2026-03-12T15:30:00Z');
    expect(lateThu).toEqual(sh('2026-03-12 23:30'));
    expect(cal.addWorkingDays(lateThu, 1)).toEqual(endOf('2026-03-13'));
    expect(cal.addWorkingDays(lateThu, 5)).toEqual(endOf('2026-03-19'));
    // Fri 2026-03-13 00:30 Shanghai = 16:30Z on Thursday (UTC): the day of assignment is Friday
    const earlyFri = new Date('2026-03-12T16:30:00Z');
    expect(earlyFri).toEqual(sh('2026-03-13 00:30'));
    expect(cal.addWorkingDays(earlyFri, 1)).toEqual(endOf('2026-03-16'));
    expect(cal.addWorkingDays(earlyFri, 5)).toEqual(endOf('2026-03-20'));
    // the very first and last milliseconds of a Shanghai day
    expect(cal.addWorkingDays(sh('2026-03-13 00:00'), 1)).toEqual(endOf('2026-03-16'));
    expect(cal.addWorkingDays(endOf('2026-03-12'), 1)).toEqual(endOf('2026-03-13'));
  });

  test('rejects n < 1 and fractions', () => {
    expect(() => cal.addWorkingDays(sh('2026-03-13'), 0)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(sh('2026-03-13'), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(sh('2026-03-13'), 1.5)).toThrow(RangeError);
  });

  test('extendBy: N more working days after the old due day', () => {
    const due = cal.addWorkingDays(sh('2026-09-25 10:00'), 5); // 中秋 day: day 1 = Mon 9/28 … day 3 = Wed 9/30, day 4 = Thu 10/8
    expect(due).toEqual(endOf('2026-10-09'));
    expect(cal.extendBy(due, 1)).toEqual(endOf('2026-10-10')); // the 调休 Saturday
    expect(cal.extendBy(due, 5)).toEqual(endOf('2026-10-15'));
    // an hour-based due date is extended from its day as well
    expect(cal.extendBy(sh('2026-03-16 14:00'), 2)).toEqual(endOf('2026-03-18'));
  });
});

describe('workingDaysBetween', () => {
  test('counts working days d with date(from) < d <= date(to)', () => {
    expect(cal.workingDaysBetween(sh('2026-03-16 09:00'), sh('2026-03-16 23:00'))).toBe(0);
    expect(cal.workingDaysBetween(sh('2026-03-13 20:00'), sh('2026-03-16 00:01'))).toBe(1);
    expect(cal.workingDaysBetween(sh('2026-03-13 20:00'), sh('2026-03-15 12:00'))).toBe(0);
    expect(cal.workingDaysBetween(sh('2026-09-30 12:00'), sh('2026-10-11 12:00'))).toBe(3); // 10/8, 10/9, 10/10
    expect(cal.workingDaysBetween(sh('2026-03-20 12:00'), sh('2026-03-16 12:00'))).toBe(0); // reversed
    expect(cal.workingDaysBetween(sh('2026-01-01'), sh('2026-12-31 23:00'))).toBe(248);
    expect(cal.workingDaysBetween(sh('2026-01-01'), sh('2027-01-01'))).toBe(249); // + Fri 2027-01-01 (fallback)
  });

  test('inverse of addWorkingDays (random instants and lengths)', () => {
    const r = rng(42);
    const lo = sh('2025-11-01').getTime();
    const span = sh('2027-03-01').getTime() - lo;
    for (let i = 0; i < 400; i++) {
      const from = new Date(lo + Math.floor(r() * span));
      const n = 1 + Math.floor(r() * 25);
      const due = cal.addWorkingDays(from, n);
      expect(cal.isWorkingDay(due)).toBe(true);
      expect(due.getTime()).toBe(cal.endOfShanghaiDay(due).getTime());
      expect(cal.workingDaysBetween(from, due)).toBe(n);
      expect(cal.workingDaysBetween(from, new Date(cal.startOfShanghaiDay(due).getTime() - 1))).toBe(n - 1);
    }
  });
});

describe('working hours (工作时间, 黄金五小时)', () => {
  test('default hours are 09:00-12:00 and 13:30-17:30 (7 h a day)', () => {
    expect(DEFAULT_WORKING_HOURS.periods).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ]);
    expect(cal.dailyWorkingHours).toBe(7);
  });

  test.each([
    ['Friday 16:00 → 1.5 h Fri + 3 h Mon morning + 0.5 h', '2026-03-13 16:00', '2026-03-16 14:00'],
    ['11:00 → 1 h + 4 h afternoon, ends exactly at 17:30', '2026-03-16 11:00', '2026-03-16 17:30'],
    ['12:30 (lunch) → 4 h afternoon + 1 h next morning', '2026-03-16 12:30', '2026-03-17 10:00'],
    ['08:00 (before work) → 3 h morning + 2 h', '2026-03-16 08:00', '2026-03-16 15:30'],
    ['Saturday → starts Monday 09:00', '2026-03-14 10:00', '2026-03-16 15:30'],
    ['evening 20:00 → next morning', '2026-03-16 20:00', '2026-03-17 15:30'],
    ['eve of 国庆 16:00 → Thursday 10/8 after the holiday', '2026-09-30 16:00', '2026-10-08 14:00'],
    ['Friday before the 调休 Saturday 10/10', '2026-10-09 16:00', '2026-10-10 14:00'],
    ['23:30 Shanghai (15:30Z) on Thursday', '2026-03-12 23:30', '2026-03-13 15:30'],
  ])('5 working hours from %s', (_label, from, expected) => {
    expect(cal.addWorkingHours(sh(from), 5)).toEqual(sh(expected));
    expect(cal.workingHoursBetween(sh(from), sh(expected))).toBeCloseTo(5, 9);
  });

  test('small and zero amounts, period boundaries', () => {
    expect(cal.addWorkingHours(sh('2026-03-13 16:00'), 1.5)).toEqual(sh('2026-03-13 17:30')); // stays on Friday
    expect(cal.addWorkingHours(sh('2026-03-13 17:30'), 0.25)).toEqual(sh('2026-03-16 09:15'));
    expect(cal.addWorkingHours(sh('2026-03-16 12:00'), 0.5)).toEqual(sh('2026-03-16 14:00'));
    expect(cal.addWorkingHours(sh('2026-03-14 10:00'), 0)).toEqual(sh('2026-03-14 10:00'));
    expect(cal.addWorkingHours(sh('2026-03-16 09:00'), 7)).toEqual(sh('2026-03-16 17:30'));
    expect(cal.addWorkingHours(sh('2026-03-16 09:00'), 35)).toEqual(sh('2026-03-20 17:30'));
    expect(() => cal.addWorkingHours(sh('2026-03-16 09:00'), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingHours(sh('2026-03-16 09:00'), Number.NaN)).toThrow(RangeError);
  });

  test('workingHoursBetween', () => {
    expect(cal.workingHoursBetween(sh('2026-03-16 00:00'), sh('2026-03-17 00:00'))).toBe(7);
    expect(cal.workingHoursBetween(sh('2026-03-16 10:00'), sh('2026-03-16 10:00'))).toBe(0);
    expect(cal.workingHoursBetween(sh('2026-03-16 15:00'), sh('2026-03-16 10:00'))).toBe(0);
    expect(cal.workingHoursBetween(sh('2026-03-16 12:00'), sh('2026-03-16 13:30'))).toBe(0);
    expect(cal.workingHoursBetween(sh('2026-03-14 00:00'), sh('2026-03-16 00:00'))).toBe(0);
    expect(cal.workingHoursBetween(sh('2026-03-16 11:45'), sh('2026-03-16 13:45'))).toBe(0.5);
    // 春节: from Fri 2/13 12:00 to Tue 2/24 12:00 = 4 h Fri + 7 h Sat 2/14 + 3 h Tue
    expect(cal.workingHoursBetween(sh('2026-02-13 12:00'), sh('2026-02-24 12:00'))).toBe(14);
    // the whole of 2026: 248 working days × 7 h
    expect(cal.workingHoursBetween(sh('2026-01-01'), sh('2027-01-01'))).toBe(1736);
  });

  test('workingHoursBetween(a, addWorkingHours(a, h)) ≈ h for random instants', () => {
    const r = rng(7);
    const lo = sh('2025-12-20').getTime();
    const span = sh('2027-01-20').getTime() - lo;
    for (let i = 0; i < 500; i++) {
      const a = new Date(lo + Math.floor(r() * span));
      // mix of grid values and arbitrary fractions, up to ~2 weeks of working time
      const h = i % 3 === 0 ? Math.floor(r() * 20) * 0.5 : r() * 100;
      const b = cal.addWorkingHours(a, h);
      expect(b.getTime()).toBeGreaterThanOrEqual(a.getTime());
      expect(cal.workingHoursBetween(a, b)).toBeCloseTo(h, 6);
      if (h > 0) {
        // the result lies inside (or at the end of) a working period of a working day
        expect(cal.isWorkingDay(b)).toBe(true);
        const ms = b.getTime() - cal.startOfShanghaiDay(b).getTime();
        const inPeriod = (s: number, e: number) => ms > s * H && ms <= e * H;
        expect(inPeriod(9, 12) || inPeriod(13.5, 17.5)).toBe(true);
      }
    }
  });

  test('custom working hours', () => {
    const c = new WorkingCalendar([], { periods: [{ start: '08:30', end: '17:00' }] });
    expect(c.dailyWorkingHours).toBe(8.5);
    expect(c.addWorkingHours(sh('2026-03-13 16:00'), 5)).toEqual(sh('2026-03-16 12:30'));
    const night = new WorkingCalendar([], { periods: [{ start: '20:00', end: '24:00' }] });
    expect(night.addWorkingHours(sh('2026-03-16 23:00'), 2)).toEqual(sh('2026-03-17 21:00'));
    expect(night.workingHoursBetween(sh('2026-03-16 00:00'), sh('2026-03-18 00:00'))).toBe(8);
  });

  test('invalid working hours are rejected', () => {
    expect(() => new WorkingCalendar([], { periods: [] })).toThrow(RangeError);
    expect(() => new WorkingCalendar([], { periods: [{ start: '12:00', end: '09:00' }] })).toThrow(RangeError);
    expect(() => new WorkingCalendar([], { periods: [{ start: '9:00', end: '25:00' }] })).toThrow(RangeError);
    expect(
      () =>
        new WorkingCalendar([], {
          periods: [
            { start: '13:30', end: '17:30' },
            { start: '09:00', end: '12:00' },
          ],
        }),
    ).toThrow(RangeError);
  });

  test('calendar hours and addDuration', () => {
    const from = sh('2026-10-01 10:00');
    expect(cal.addCalendarHours(from, 24)).toEqual(sh('2026-10-02 10:00'));
    expect(cal.addDuration(from, 24, 'CALENDAR_HOURS')).toEqual(sh('2026-10-02 10:00'));
    expect(cal.addDuration(from, 5, 'WORKING_HOURS')).toEqual(sh('2026-10-08 15:30'));
    expect(cal.addDuration(from, 1, 'WORKING_DAYS')).toEqual(endOf('2026-10-08'));
  });
});

describe('warning levels (红黄灯)', () => {
  test('5-working-day deadline: YELLOW from the start of the working day before the due day', () => {
    const start = sh('2026-03-16 10:00');
    const due = cal.addWorkingDays(start, 5);
    expect(due).toEqual(endOf('2026-03-23'));
    // 80% of the calendar time is Sun 3/22 ~11:36; the day rule (Fri 3/20 00:00) comes first
    expect(yellowThreshold(start, due, cal)).toEqual(sh('2026-03-20 00:00'));
    const at = (s: string) => warningLevel(start, due, sh(s), cal);
    expect(at('2026-03-16 10:00')).toBe('GREEN');
    expect(at('2026-03-19 23:59:59.999')).toBe('GREEN');
    expect(at('2026-03-20 00:00')).toBe('YELLOW');
    expect(at('2026-03-23 23:59:59.999')).toBe('YELLOW');
    expect(at('2026-03-24 00:00')).toBe('RED');
    expect(warningLevel(start, due, new Date(due.getTime() + 1), cal)).toBe('RED');
  });

  test('20-working-day deadline: the 80% rule comes first', () => {
    const start = sh('2026-03-02 10:00');
    const due = cal.addWorkingDays(start, 20);
    expect(due).toEqual(endOf('2026-03-30'));
    const t80 = start.getTime() + Math.ceil(0.8 * (due.getTime() - start.getTime()));
    const y = yellowThreshold(start, due, cal);
    expect(y.getTime()).toBe(t80);
    expect(cal.shanghaiDate(y)).toBe('2026-03-25'); // 3/25 06:48, day rule would be Fri 3/27
    expect(warningLevel(start, due, new Date(t80 - 1), cal)).toBe('GREEN');
    expect(warningLevel(start, due, new Date(t80), cal)).toBe('YELLOW');
  });

  test('day rule across a holiday: due 10/9 after 国庆, YELLOW from Thursday 10/8 00:00', () => {
    const start = sh('2026-09-25 10:00');
    const due = cal.addWorkingDays(start, 5);
    expect(due).toEqual(endOf('2026-10-09'));
    // the working day before 10/9 is 10/8; 80% is 10/7 02:00 (still in the holiday) and comes first here
    const t80 = new Date(start.getTime() + Math.ceil(0.8 * (due.getTime() - start.getTime())));
    expect(cal.shanghaiDate(t80)).toBe('2026-10-07');
    expect(yellowThreshold(start, due, cal)).toEqual(t80);
    expect(yellowThreshold(start, due, cal, { ratio: 1 })).toEqual(sh('2026-10-08 00:00'));
  });

  test('1-working-day deadline (签收) is YELLOW from assignment; workingDaysLeft 0 delays it to the due day', () => {
    const start = sh('2026-03-16 10:00');
    const due = cal.addWorkingDays(start, 1); // Tue 3/17 end
    expect(yellowThreshold(start, due, cal)).toEqual(start);
    expect(warningLevel(start, due, start, cal)).toBe('YELLOW');
    expect(yellowThreshold(start, due, cal, { workingDaysLeft: 0 })).toEqual(sh('2026-03-17 00:00'));
  });

  test('hour-based deadline with the day rule disabled: 80% of calendar time', () => {
    const start = sh('2026-03-13 16:00');
    const due = cal.addWorkingHours(start, 5); // Mon 14:00
    const y = yellowThreshold(start, due, cal, { workingDaysLeft: null });
    expect(y).toEqual(new Date(start.getTime() + Math.ceil(0.8 * (due.getTime() - start.getTime()))));
    expect(warningLevel(start, due, sh('2026-03-14 12:00'), cal, { workingDaysLeft: null })).toBe('GREEN');
    expect(warningLevel(start, due, sh('2026-03-16 10:00'), cal, { workingDaysLeft: null })).toBe('YELLOW');
    expect(warningLevel(start, due, sh('2026-03-16 14:00:00.001'), cal, { workingDaysLeft: null })).toBe('RED');
  });

  test('due before start: RED after due, else YELLOW', () => {
    const start = sh('2026-03-16 10:00');
    const due = sh('2026-03-16 09:00');
    expect(yellowThreshold(start, due, cal)).toEqual(start);
    expect(warningLevel(start, due, start, cal)).toBe('RED');
  });

  test('warningLevel equals the two rules read directly, and the yellowAt comparison (random)', () => {
    const r = rng(2026);
    const lo = sh('2025-12-15').getTime();
    const span = sh('2027-01-15').getTime() - lo;
    const counts: Record<WarningLevel, number> = { GREEN: 0, YELLOW: 0, RED: 0 };
    for (let i = 0; i < 300; i++) {
      const start = new Date(lo + Math.floor(r() * span));
      const n = [1, 2, 5, 10, 20][Math.floor(r() * 5)];
      const due = cal.addWorkingDays(start, n);
      const yellowAt = yellowThreshold(start, due, cal);
      for (let j = 0; j < 10; j++) {
        const now = new Date(start.getTime() + Math.floor(r() * 1.2 * (due.getTime() - start.getTime())));
        const direct: WarningLevel =
          now > due
            ? 'RED'
            : now.getTime() - start.getTime() >= 0.8 * (due.getTime() - start.getTime()) || cal.workingDaysBetween(now, due) <= 1
              ? 'YELLOW'
              : 'GREEN';
        const level = warningLevel(start, due, now, cal);
        expect(level).toBe(direct);
        // what an SQL filter on stored columns (yellowAt, dueAt) would return
        expect(level).toBe(now > due ? 'RED' : now >= yellowAt ? 'YELLOW' : 'GREEN');
        counts[level]++;
      }
    }
    expect(counts.GREEN).toBeGreaterThan(0);
    expect(counts.YELLOW).toBeGreaterThan(0);
    expect(counts.RED).toBeGreaterThan(0);
  });

  test('earliestWithWorkingDaysLeft', () => {
    const due = endOf('2026-03-23'); // Monday
    expect(cal.earliestWithWorkingDaysLeft(due, 0)).toEqual(sh('2026-03-23 00:00'));
    expect(cal.earliestWithWorkingDaysLeft(due, 1)).toEqual(sh('2026-03-20 00:00'));
    expect(cal.earliestWithWorkingDaysLeft(due, 2)).toEqual(sh('2026-03-19 00:00'));
    // a due date on a non-working day (calendar-hour deadline on Saturday): from Thursday on only Friday is left
    expect(cal.earliestWithWorkingDaysLeft(sh('2026-03-21 10:00'), 1)).toEqual(sh('2026-03-19 00:00'));
  });
});

describe('shiftForPause (挂起: the clock stops while waiting for the citizen)', () => {
  const due = endOf('2026-03-20'); // 5 working days from Fri 3/13

  test('a pause within one day moves nothing', () => {
    expect(shiftForPause(due, sh('2026-03-17 10:00'), sh('2026-03-17 16:00'), cal)).toEqual(due);
    expect(shiftForPause(due, sh('2026-03-17 10:00'), sh('2026-03-17 10:00'), cal)).toEqual(due);
  });

  test('the due date moves by the working days elapsed during the pause', () => {
    // Tue 10:00 → Thu 09:00: Wed and Thu elapsed → Fri 3/20 becomes Tue 3/24
    expect(shiftForPause(due, sh('2026-03-17 10:00'), sh('2026-03-19 09:00'), cal)).toEqual(endOf('2026-03-24'));
    // Fri evening → Mon morning: Monday elapsed → one day
    expect(shiftForPause(due, sh('2026-03-13 18:00'), sh('2026-03-16 08:00'), cal)).toEqual(endOf('2026-03-23'));
    // over a weekend only: nothing
    expect(shiftForPause(due, sh('2026-03-14 10:00'), sh('2026-03-15 18:00'), cal)).toEqual(due);
    // across 清明 (4/4-4/6): only Tue 4/7 elapsed
    const due2 = endOf('2026-04-10');
    expect(shiftForPause(due2, sh('2026-04-03 10:00'), sh('2026-04-07 10:00'), cal)).toEqual(endOf('2026-04-13'));
  });

  test('hour-based and calendar-hour deadlines', () => {
    const hourDue = sh('2026-03-16 14:00');
    expect(shiftForPause(hourDue, sh('2026-03-16 10:00'), sh('2026-03-16 11:00'), cal, 'WORKING_HOURS')).toEqual(sh('2026-03-16 15:00'));
    // paused over lunch and the night: 2 h of working time (16:30-17:30, 09:00-10:00)
    expect(shiftForPause(hourDue, sh('2026-03-13 16:30'), sh('2026-03-16 10:00'), cal, 'WORKING_HOURS')).toEqual(sh('2026-03-16 16:00'));
    expect(shiftForPause(hourDue, sh('2026-03-14 10:00'), sh('2026-03-15 10:00'), cal, 'WORKING_HOURS')).toEqual(hourDue);
    expect(shiftForPause(hourDue, sh('2026-03-14 10:00'), sh('2026-03-15 10:00'), cal, 'CALENDAR_HOURS')).toEqual(sh('2026-03-17 14:00'));
  });

  test('resuming before pausing is an error', () => {
    expect(() => shiftForPause(due, sh('2026-03-17 10:00'), sh('2026-03-16 10:00'), cal)).toThrow(RangeError);
  });
});
