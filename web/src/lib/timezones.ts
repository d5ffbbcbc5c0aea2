const FALLBACK = [
  "UTC", "Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi",
  "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Mexico_City",
  "America/New_York", "America/Sao_Paulo", "America/Toronto", "Asia/Dubai", "Asia/Kolkata",
  "Asia/Shanghai", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "Europe/Berlin",
  "Europe/London", "Europe/Madrid", "Europe/Paris", "Europe/Warsaw", "Pacific/Auckland",
];

let cached: string[] | null = null;

/** Every IANA zone the browser knows, UTC first. */
export function listTimezones(): string[] {
  if (cached) return cached;
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = FALLBACK;
  }
  cached = ["UTC", ...zones.filter((zone) => zone !== "UTC")];
  return cached;
}

/** The zone the browser runs in, e.g. "Europe/Berlin" ("UTC" when it cannot tell). */
export function browserTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

const offsets = new Map<string, string>();

/** "GMT+5:30" style offset of a zone right now. */
export function timezoneOffset(zone: string, at: Date = new Date()): string {
  const hit = offsets.get(zone);
  if (hit) return hit;
  let label: string;
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      timeZoneName: "shortOffset",
    }).formatToParts(at);
    label = parts.find((part) => part.type === "timeZoneName")?.value ?? "";
  } catch {
    label = "";
  }
  offsets.set(zone, label);
  return label;
}

export function timezoneLabel(zone: string): string {
  const offset = timezoneOffset(zone);
  const name = zone.replaceAll("_", " ");
  return offset ? `${name} (${offset})` : name;
}

/** Current local time in a zone, e.g. "14:05". */
export function localTime(zone: string, at: Date = new Date()): string | null {
  try {
    return new Intl.DateTimeFormat(undefined, {
      timeZone: zone,
      hour: "2-digit",
      minute: "2-digit",
    }).format(at);
  } catch {
    return null;
  }
}

/** The zone to preselect: the saved one, unless it is still the sign-up default and the browser knows better. */
export function initialTimezone(saved: string, browser: string): string {
  return saved === "UTC" && browser !== "UTC" ? browser : saved;
}
