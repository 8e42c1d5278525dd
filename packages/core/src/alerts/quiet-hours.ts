import { Cron } from "croner";
import { z } from "zod";

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const Clock = (field: string) => z.string().trim().regex(HHMM, `quietHours.${field} must be a time HH:MM (00:00-23:59)`);

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * A channel's quiet hours: a daily window in a time zone (it may cross midnight, 22:00-07:00).
 * Deliveries due inside it are held and sent when it ends. Per channel, not per rule: quiet hours
 * are about who is woken — the on-call pager waits for the morning while the team's email channel,
 * fed by the same rule, still gets the message at once.
 */
export const QuietHours = z
  .strictObject({
    start: Clock("start"),
    end: Clock("end"),
    timeZone: z.string().trim().max(64).refine(isTimeZone, "quietHours.timeZone must be an IANA time zone such as UTC or Europe/Berlin"),
  })
  .refine((q) => q.start !== q.end, { path: ["end"], message: "quietHours.end must differ from quietHours.start" });
export type QuietHours = z.infer<typeof QuietHours>;

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The wall-clock minute of the day at `now` in a time zone. */
function localMinute(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  return get("hour") * 60 + get("minute");
}

/** When the quiet window that holds `now` ends, or null when `now` is outside it. */
export function quietUntil(quiet: QuietHours, now: Date): Date | null {
  const minute = localMinute(now, quiet.timeZone);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  // The next time the local clock shows the end (croner knows the zone's DST changes).
  return new Cron(`${end % 60} ${Math.floor(end / 60)} * * *`, { timezone: quiet.timeZone }).nextRun(now);
}

export function parseQuietHours(json: string | null): QuietHours | null {
  if (!json) return null;
  try {
    const parsed = QuietHours.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
