// The one source of "now" for the server and the CLI. Every rule that depends on the date —
// quarters, due dates, reminders, expiries, effective dates of reference data, license validity —
// reads it from `deps.clock`, never from `new Date()` or `Date.now()` (a lint rule says so), so
// that tests and a replay can pin the date.

export interface Clock {
  /** The current instant. */
  now(): Date;
  /** The current instant as an ISO 8601 UTC timestamp (what the database stores). */
  nowIso(): string;
  /** Today's date in UTC, YYYY-MM-DD (what date-effective rules are evaluated at). */
  today(): string;
  /** Milliseconds since the epoch; for intervals (rate limits, polling) as much as for dates. */
  millis(): number;
}

function clockOf(millis: () => number): Clock {
  return {
    millis,
    now: () => new Date(millis()),
    nowIso: () => new Date(millis()).toISOString(),
    today: () => new Date(millis()).toISOString().slice(0, 10),
  };
}

// The only place that reads the machine's time (the lint rule against Date.now() exempts this file).
export const systemClock: Clock = clockOf(() => Date.now());

export interface SettableClock extends Clock {
  /** Moves the clock to an instant; it keeps ticking from there. */
  set(iso: string): void;
  /** Moves the clock forward (or back, with a negative number) by `ms` milliseconds. */
  advance(ms: number): void;
}

/**
 * A clock that starts at `startIso` and ticks at the machine's rate from there, so that events
 * keep their order while the date is pinned. Tests and `AIEP_NOW` use it.
 */
export function clockStartingAt(startIso: string): SettableClock {
  const parsed = Date.parse(startIso);
  if (Number.isNaN(parsed)) throw new Error(`Invalid clock start "${startIso}": expected an ISO 8601 date or timestamp`);
  let offset = 0;
  const setStart = (ms: number) => {
    offset = ms - systemClock.millis();
  };
  setStart(parsed);
  const clock = clockOf(() => systemClock.millis() + offset);
  return {
    ...clock,
    set(iso) {
      const ms = Date.parse(iso);
      if (Number.isNaN(ms)) throw new Error(`Invalid clock time "${iso}"`);
      setStart(ms);
    },
    advance(ms) {
      offset += ms;
    },
  };
}

/** The clock a process runs on: the system clock, or one pinned by `AIEP_NOW` (demos, replays). */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  return env.AIEP_NOW ? clockStartingAt(env.AIEP_NOW) : systemClock;
}

/** Whole days added to an instant, as an ISO timestamp. */
export const addDays = (clock: Clock, days: number): string => new Date(clock.millis() + days * 86_400_000).toISOString();
