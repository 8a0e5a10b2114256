/**
 * When the support team answers, e.g. `Mon-Fri 09:00-18:00, Sat 10:00-16:00 Europe/Paris`:
 * comma-separated day ranges with opening times, then an IANA time zone. The handoff message
 * depends on it: during hours a person will join; outside them, the customer is told when the
 * team is back and that the conversation stays open.
 */
export interface SupportHours {
  readonly text: string;
  readonly timeZone: string;
  isOpen(at: Date): boolean;
  /** The next instant the team opens, after `at` (null if no day has hours). */
  nextOpening(at: Date): Date | null;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

interface Segment {
  days: Set<number>;
  openMinute: number;
  closeMinute: number;
}

export class SupportHoursError extends Error {
  override readonly name = 'SupportHoursError';
}

const FORMAT_HINT =
  'write day ranges and hours, then a time zone, e.g. "Mon-Fri 09:00-18:00, Sat 10:00-16:00 Europe/Paris"';

function parseDay(token: string): number {
  const index = DAYS.indexOf(token.slice(0, 3).toLowerCase() as (typeof DAYS)[number]);
  if (index < 0)
    throw new SupportHoursError(`"${token}" is not a day (Mon, Tue, … Sun); ${FORMAT_HINT}`);
  return index;
}

function parseMinute(token: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(token);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 24 || minutes > 59 || (hours === 24 && minutes > 0))
    throw new SupportHoursError(`"${token}" is not a time of day (HH:MM); ${FORMAT_HINT}`);
  return hours * 60 + minutes;
}

/** The local weekday (0 = Sunday) and minute of the day of an instant in a time zone. */
function localTime(at: Date, formatter: Intl.DateTimeFormat): { day: number; minute: number } {
  const parts = Object.fromEntries(
    formatter.formatToParts(at).map((part) => [part.type, part.value]),
  );
  const day = DAYS.indexOf(
    String(parts.weekday).slice(0, 3).toLowerCase() as (typeof DAYS)[number],
  );
  return { day, minute: (Number(parts.hour) % 24) * 60 + Number(parts.minute) };
}

/** Parses SUPPORT_HOURS; throws SupportHoursError with a message fit for the config error. */
export function parseSupportHours(text: string): SupportHours {
  const trimmed = text.trim();
  const lastSpace = trimmed.lastIndexOf(' ');
  if (lastSpace < 0) throw new SupportHoursError(FORMAT_HINT);
  const timeZone = trimmed.slice(lastSpace + 1);
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    throw new SupportHoursError(
      `"${timeZone}" is not a time zone (e.g. Europe/Paris, UTC); ${FORMAT_HINT}`,
    );
  }
  const segments: Segment[] = trimmed
    .slice(0, lastSpace)
    .split(',')
    .map((part) => part.trim())
    .map((part) => {
      const match = /^([A-Za-z]+)(?:\s*-\s*([A-Za-z]+))?\s+(\S+)\s*-\s*(\S+)$/.exec(part);
      if (!match)
        throw new SupportHoursError(`"${part}" is not "Days HH:MM-HH:MM"; ${FORMAT_HINT}`);
      const [, first, last, open, close] = match as unknown as [
        string,
        string,
        string | undefined,
        string,
        string,
      ];
      const from = parseDay(first);
      const to = last ? parseDay(last) : from;
      const days = new Set<number>();
      for (let day = from; ; day = (day + 1) % 7) {
        days.add(day);
        if (day === to) break;
      }
      const openMinute = parseMinute(open);
      const closeMinute = parseMinute(close);
      if (closeMinute <= openMinute)
        throw new SupportHoursError(`"${part}": the closing time must come after the opening time`);
      return { days, openMinute, closeMinute };
    });

  function isOpen(at: Date): boolean {
    const { day, minute } = localTime(at, formatter);
    return segments.some(
      (segment) =>
        segment.days.has(day) && minute >= segment.openMinute && minute < segment.closeMinute,
    );
  }

  return {
    text: trimmed,
    timeZone,
    isOpen,
    nextOpening(at) {
      // Quarter-hour steps over the next eight days, then back minute by minute to the exact
      // opening: plain arithmetic on instants stays right across daylight-saving changes.
      const quarter = 15 * 60_000;
      const start = Math.floor(at.getTime() / 60_000) * 60_000 + 60_000;
      for (let time = start; time < start + 8 * 24 * 3_600_000; time += quarter) {
        if (!isOpen(new Date(time))) continue;
        let opening = time;
        while (opening > start && isOpen(new Date(opening - 60_000))) opening -= 60_000;
        return new Date(opening);
      }
      return null;
    },
  };
}

/** "lundi 09:00 (UTC+1)": when the team is back, in the customer's language and the team's zone. */
export function formatOpening(opening: Date, language: string, timeZone: string): string {
  const weekday = new Intl.DateTimeFormat(language, { weekday: 'long', timeZone }).format(opening);
  const time = new Intl.DateTimeFormat(language, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(opening);
  const zone =
    new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'short' })
      .formatToParts(opening)
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  return `${weekday} ${time} (${zone})`;
}
