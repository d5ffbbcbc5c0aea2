/**
 * Mentor search filters live in the address (shareable, back-button friendly). This module turns
 * search params into filter state, filter state back into params, and filters into the API query,
 * checking them first so each problem can be shown next to its own control.
 */
import { ApiError } from "../../api/errors";
import type { MentorSort, SearchMentorsQuery } from "../../api/types";
import { addDays, clockMinutes, isClockTime, isIsoDate, zonedIso } from "../../lib/datetime";
import { isCurrency, parseAmount, type Currency } from "../../lib/money";

export const PAGE_SIZE = 12;
/** Prices are shown and compared in this currency until the viewer picks another. */
export const DEFAULT_CURRENCY: Currency = "USD";
const CURRENCY_STORAGE_KEY = "mentora.currency";

/** The currency this browser last chose to see prices in, else the default. */
export function preferredCurrency(): Currency {
  try {
    const stored = window.localStorage.getItem(CURRENCY_STORAGE_KEY);
    return isCurrency(stored) ? stored : DEFAULT_CURRENCY;
  } catch {
    return DEFAULT_CURRENCY;
  }
}

export function rememberCurrency(currency: string): void {
  try {
    if (isCurrency(currency)) window.localStorage.setItem(CURRENCY_STORAGE_KEY, currency);
  } catch {
    // Private modes may refuse storage: the choice then lasts for this address only.
  }
}

export const SORT_OPTIONS: ReadonlyArray<{ value: MentorSort; label: string }> = [
  { value: "relevance", label: "Best match" },
  { value: "soonest", label: "Soonest available" },
  { value: "rating", label: "Highest rated" },
  { value: "price", label: "Lowest price" },
  { value: "price_desc", label: "Highest price" },
];

export const RATING_OPTIONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: "4.5", label: "4.5 stars and up" },
  { value: "4", label: "4 stars and up" },
  { value: "3", label: "3 stars and up" },
];

export interface MentorFilters {
  q: string;
  subject: string;
  topic: string;
  language: string;
  /** The viewer's currency, when chosen in the address: prices are compared (converted) in it. */
  currency: string;
  /** Major units of the viewer's currency as typed ("25", "25.50"); checked when the query is built. */
  minPrice: string;
  maxPrice: string;
  minRating: string;
  /** "Free between": a local date and wall-clock times in the viewer's zone. */
  day: string;
  from: string;
  to: string;
  sort: MentorSort;
  page: number;
}

export type FilterKey = Exclude<keyof MentorFilters, "page">;
export type FilterErrors = Partial<Record<FilterKey, string>>;

export const EMPTY_FILTERS: MentorFilters = {
  q: "",
  subject: "",
  topic: "",
  language: "",
  currency: "",
  minPrice: "",
  maxPrice: "",
  minRating: "",
  day: "",
  from: "",
  to: "",
  sort: "relevance",
  page: 1,
};

/** Filter -> search parameter name in the page's address. */
const PARAMS: Record<keyof MentorFilters, string> = {
  q: "q",
  subject: "subject",
  topic: "topic",
  language: "language",
  currency: "currency",
  minPrice: "min_price",
  maxPrice: "max_price",
  minRating: "min_rating",
  day: "day",
  from: "from",
  to: "to",
  sort: "sort",
  page: "page",
};

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function catalogRef(value: string | null): string {
  const text = (value ?? "").trim().toLowerCase();
  return SLUG.test(text) || UUID.test(text) ? text : "";
}

/** The filters an address describes. Anything malformed is dropped, except typed prices, which
 * are kept so the page can say what's wrong with them. */
export function filtersFromParams(params: URLSearchParams): MentorFilters {
  const get = (key: keyof MentorFilters) => params.get(PARAMS[key]) ?? "";
  const language = get("language").trim().toLowerCase();
  const currency = get("currency").trim().toUpperCase();
  const page = Number.parseInt(get("page") || "1", 10);
  const sort = SORT_OPTIONS.find((option) => option.value === get("sort"))?.value ?? "relevance";
  return {
    q: get("q").trim().slice(0, 200),
    subject: catalogRef(get("subject")),
    topic: catalogRef(get("topic")),
    language: /^[a-z]{2,3}$/.test(language) ? language : "",
    currency: isCurrency(currency) ? currency : "",
    minPrice: get("minPrice").trim().slice(0, 12),
    maxPrice: get("maxPrice").trim().slice(0, 12),
    minRating: RATING_OPTIONS.some((option) => option.value === get("minRating")) ? get("minRating") : "",
    day: isIsoDate(get("day")) ? get("day") : "",
    from: isClockTime(get("from")) ? get("from") : "",
    to: isClockTime(get("to")) ? get("to") : "",
    sort,
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, 10_000) : 1,
  };
}

/** The address for some filters: defaults are left out, so a clean search is a clean URL. */
export function paramsFromFilters(filters: MentorFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(PARAMS) as Array<keyof MentorFilters>) {
    const value = filters[key];
    if (value === EMPTY_FILTERS[key] || value === "") continue;
    params.set(PARAMS[key], String(value));
  }
  return params;
}

/**
 * Applies a change to the filters in an address. Changing any filter goes back to page 1;
 * a new subject forgets a topic from the old one.
 */
export function withFilters(params: URLSearchParams, change: Partial<MentorFilters>): URLSearchParams {
  const current = filtersFromParams(params);
  const next: MentorFilters = { ...current, ...change };
  const filterChanged = (Object.keys(change) as Array<keyof MentorFilters>).some(
    (key) => key !== "page" && change[key] !== current[key],
  );
  if (filterChanged && change.page === undefined) next.page = 1;
  if (change.subject !== undefined && change.subject !== current.subject && change.topic === undefined) next.topic = "";
  return paramsFromFilters(next);
}

/** How many filters (not text or sort) narrow the search, for the "Filters (3)" button. */
export function activeFilterCount(filters: MentorFilters): number {
  const keys: FilterKey[] = ["subject", "topic", "language", "minRating"];
  let count = keys.filter((key) => filters[key] !== "").length;
  // The currency alone narrows nothing: it only says how prices are shown and compared.
  if (filters.minPrice || filters.maxPrice) count += 1;
  if (filters.day || filters.from || filters.to) count += 1;
  return count;
}

export function hasFilters(filters: MentorFilters): boolean {
  return Boolean(filters.q) || activeFilterCount(filters) > 0;
}

export interface SearchPlan {
  query: SearchMentorsQuery;
  errors: FilterErrors;
}

/**
 * The API query for some filters, in the viewer's time zone and currency: the "free between" day
 * and times become instants with that zone's offset on that day (daylight saving included). A
 * "to" of 00:00, or none, means midnight at the end of the day. Prices are in the viewer's
 * currency (the address's, else `viewerCurrency`); the server converts every mentor's rate to
 * compare them. Problems come back per filter; the query should not be sent while there are any.
 */
export function buildSearch(filters: MentorFilters, zone: string, viewerCurrency: Currency = DEFAULT_CURRENCY): SearchPlan {
  const errors: FilterErrors = {};
  const query: SearchMentorsQuery = { page: filters.page, page_size: PAGE_SIZE };
  if (filters.q) query.q = filters.q;
  if (filters.subject) query.subject = filters.subject;
  if (filters.topic) query.topic = filters.topic;
  if (filters.language) query.language = filters.language;
  if (filters.minRating) query.min_rating = Number(filters.minRating);
  if (filters.sort !== "relevance") query.sort = filters.sort;

  const currency = filters.currency || viewerCurrency;
  const min = filters.minPrice ? parseAmount(filters.minPrice, currency) : null;
  const max = filters.maxPrice ? parseAmount(filters.maxPrice, currency) : null;
  if (filters.minPrice && min === null) errors.minPrice = "Enter an amount, like 25 or 25.50.";
  if (filters.maxPrice && max === null) errors.maxPrice = "Enter an amount, like 60 or 60.50.";
  if (min !== null && max !== null && min > max) errors.maxPrice = "Must be at least the minimum.";
  query.currency = currency;
  if (min !== null) query.min_price = min;
  if (max !== null) query.max_price = max;

  if (filters.day) {
    const from = filters.from || "00:00";
    const to = filters.to || "00:00";
    if (clockMinutes(to, true) <= clockMinutes(from)) {
      errors.to = "Must be later than the start time.";
    } else {
      query.free_from = zonedIso(filters.day, from, zone);
      query.free_to = to === "00:00" ? zonedIso(addDays(filters.day, 1), "00:00", zone) : zonedIso(filters.day, to, zone);
    }
  } else if (filters.from || filters.to) {
    errors.day = "Choose a day for this time range.";
  }
  return { query, errors };
}

/** Server field names -> the control that shows the message. */
const SERVER_FIELDS: Record<string, FilterKey> = {
  q: "q",
  subject: "subject",
  topic: "topic",
  language: "language",
  currency: "currency",
  min_price: "minPrice",
  max_price: "maxPrice",
  min_rating: "minRating",
  free_from: "day",
  free_to: "to",
  sort: "sort",
};

const SERVER_MESSAGES: FilterErrors = {
  subject: "This subject isn't in the catalog any more.",
  topic: "This topic isn't in the catalog any more.",
  currency: "Choose a currency from the list.",
  maxPrice: "Must be at least the minimum.",
  minPrice: "Must not be above the maximum.",
  language: "Choose a language from the list.",
  day: "Choose a valid day and time.",
  to: "Choose an end within 60 days of the start, after it.",
};

/** A rejected search, split per filter (empty when the failure isn't about a filter). */
export function filterErrorsFromApi(error: unknown): FilterErrors {
  if (!(error instanceof ApiError)) return {};
  const errors: FilterErrors = {};
  for (const [field, message] of Object.entries(error.fields)) {
    const key = SERVER_FIELDS[field];
    if (key) errors[key] = SERVER_MESSAGES[key] ?? message;
  }
  return errors;
}
