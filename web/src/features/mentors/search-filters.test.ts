import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import { activeFilterCount, buildSearch, EMPTY_FILTERS, filterErrorsFromApi, filtersFromParams, paramsFromFilters, withFilters } from "./search-filters";

const params = (text: string) => new URLSearchParams(text);

describe("mentor filters in the address", () => {
  it("reads valid filters and drops malformed ones", () => {
    const filters = filtersFromParams(
      params("q=%20newton%20&subject=Physics&topic=bad%20slug!&language=EN&currency=eur&min_price=20&min_rating=4&day=2026-12-01&from=09:00&to=25:00&sort=soonest&page=3"),
    );
    expect(filters).toEqual({
      ...EMPTY_FILTERS,
      q: "newton",
      subject: "physics",
      language: "en",
      currency: "EUR",
      minPrice: "20",
      minRating: "4",
      day: "2026-12-01",
      from: "09:00",
      sort: "soonest",
      page: 3,
    });
    expect(filtersFromParams(params("sort=cheapest&page=0&min_rating=2&currency=XYZ&day=2026-02-30"))).toEqual(EMPTY_FILTERS);
  });

  it("writes only what differs from the defaults, so the round trip is stable", () => {
    const address = "q=algebra&subject=mathematics&currency=USD&max_price=60&day=2026-12-01&from=18:00&sort=price&page=2";
    const written = paramsFromFilters(filtersFromParams(params(address)));
    expect(Object.fromEntries(written)).toEqual(Object.fromEntries(params(address)));
    expect(paramsFromFilters(EMPTY_FILTERS).toString()).toBe("");
  });

  it("goes back to page 1 when a filter changes, and forgets a topic from another subject", () => {
    const next = withFilters(params("subject=physics&topic=newtons-laws&page=4"), { subject: "chemistry" });
    expect(next.toString()).toBe("subject=chemistry");
    expect(withFilters(params("subject=physics&page=4"), { page: 5 }).toString()).toBe("subject=physics&page=5");
    expect(withFilters(params("language=en&page=2"), { language: "en" }).toString()).toBe("language=en&page=2");
  });

  it("counts filters the way the Filters button does", () => {
    expect(activeFilterCount(filtersFromParams(params("q=x&subject=physics&currency=EUR&max_price=40&day=2026-12-01&sort=rating")))).toBe(3);
    // Choosing the currency prices are shown in narrows nothing.
    expect(activeFilterCount(filtersFromParams(params("currency=INR")))).toBe(0);
  });
});

describe("the search query", () => {
  it("turns a local 'free between' into instants with the viewer's offset", () => {
    const { query, errors } = buildSearch(filtersFromParams(params("day=2026-12-01&from=09:00&to=10:30")), "America/New_York");
    expect(errors).toEqual({});
    expect(query.free_from).toBe("2026-12-01T09:00:00-05:00");
    expect(query.free_to).toBe("2026-12-01T10:30:00-05:00");
  });

  it("covers the whole day when only the day is given, and treats 'to 00:00' as midnight", () => {
    const { query } = buildSearch(filtersFromParams(params("day=2026-07-01")), "Asia/Kolkata");
    expect(query.free_from).toBe("2026-07-01T00:00:00+05:30");
    expect(query.free_to).toBe("2026-07-02T00:00:00+05:30");
    expect(buildSearch(filtersFromParams(params("day=2026-07-01&from=20:00&to=00:00")), "UTC").query.free_to).toBe("2026-07-02T00:00:00+00:00");
  });

  it("refuses a time range that ends before it starts, or has no day", () => {
    expect(buildSearch(filtersFromParams(params("day=2026-07-01&from=12:00&to=09:00")), "UTC").errors).toEqual({ to: "Must be later than the start time." });
    expect(buildSearch(filtersFromParams(params("from=12:00")), "UTC").errors).toEqual({ day: "Choose a day for this time range." });
  });

  it("sends prices in minor units of the viewer's currency, whatever the mentors charge in", () => {
    const ok = buildSearch(filtersFromParams(params("currency=EUR&min_price=20&max_price=45.50")), "UTC");
    expect(ok.query).toMatchObject({ currency: "EUR", min_price: 2000, max_price: 4550 });
    // No currency in the address: the viewer's own (remembered, else USD), no error.
    const remembered = buildSearch(filtersFromParams(params("min_price=20")), "UTC", "GBP");
    expect(remembered.errors).toEqual({});
    expect(remembered.query).toMatchObject({ currency: "GBP", min_price: 2000 });
    expect(buildSearch(filtersFromParams(params("max_price=20")), "UTC").query.currency).toBe("USD");
    // Yen have no minor unit: 3000 is sent as 3000, and decimals are refused.
    expect(buildSearch(filtersFromParams(params("currency=JPY&max_price=3000")), "UTC").query.max_price).toBe(3000);
    expect(buildSearch(filtersFromParams(params("currency=JPY&max_price=30.5")), "UTC").errors.maxPrice).toMatch(/amount/);
    expect(buildSearch(filtersFromParams(params("currency=EUR&min_price=50&max_price=20")), "UTC").errors).toEqual({ maxPrice: "Must be at least the minimum." });
    expect(buildSearch(filtersFromParams(params("currency=EUR&min_price=cheap")), "UTC").errors.minPrice).toMatch(/amount/);
  });

  it("passes the rest through and leaves defaults out", () => {
    const { query } = buildSearch(filtersFromParams(params("q=waves&subject=physics&topic=sound-waves&language=fr&min_rating=4.5&sort=rating&page=2")), "UTC");
    expect(query).toEqual({ q: "waves", subject: "physics", topic: "sound-waves", language: "fr", min_rating: 4.5, sort: "rating", page: 2, page_size: 12, currency: "USD" });
    expect(buildSearch(EMPTY_FILTERS, "UTC").query).toEqual({ page: 1, page_size: 12, currency: "USD" });
  });

  it("puts the server's complaints next to the right filter", () => {
    const error = new ApiError(422, { code: "invalid_input", message: "…", details: { fields: { currency: "Required with a price range.", free_to: "At most 60 days after." } } });
    const mapped = filterErrorsFromApi(error);
    expect(mapped.currency).toBe("Choose a currency from the list.");
    expect(mapped.to).toBeTruthy();
    expect(Object.keys(mapped)).toHaveLength(2);
    const unknown = new ApiError(422, { code: "unknown_catalog_filter", message: "…", details: { fields: { subject: "No such subject in the catalog." } } });
    expect(filterErrorsFromApi(unknown)).toEqual({ subject: "This subject isn't in the catalog any more." });
    expect(filterErrorsFromApi(new Error("x"))).toEqual({});
  });
});
