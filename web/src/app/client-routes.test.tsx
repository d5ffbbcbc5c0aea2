import type { ReactElement, ReactNode } from "react";
import { createRoutesFromChildren, type RouteObject } from "react-router";
import { describe, expect, it } from "vitest";
import table from "../../public/client-routes.json";
import { AppRoutes } from "./routes";

/** Full patterns of the routes that render a page of their own (catch-all "*" routes excluded). */
function patterns(routes: RouteObject[], parent = ""): string[] {
  return routes.flatMap((route) => {
    const here = route.index ? parent : joinPath(parent, route.path);
    const own = (route.index || route.path) && !route.children?.length && !route.path?.endsWith("*")
      ? [here || "/"] : [];
    return [...own, ...patterns(route.children ?? [], here)];
  });
}

function joinPath(parent: string, path: string | undefined): string {
  if (!path) return parent;
  return `${parent}/${path}`.replace(/\/+/g, "/");
}

describe("the client route table the server reads", () => {
  it("lists exactly the pages routes.tsx renders", () => {
    const element = AppRoutes() as ReactElement<{ children: ReactNode }>;
    const routes = createRoutesFromChildren(element.props.children);
    expect([...table.patterns].sort()).toEqual(patterns(routes).sort());
  });
});
