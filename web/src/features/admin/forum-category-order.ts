import { movedIds, type Positioned } from "./catalog-order";

/**
 * The position each forum category needs after moving one a place up (-1) or down (+1): the
 * list renumbered 0, 1, 2, … and only the categories whose number changes (categories that were
 * never ordered all share 0, so the first move numbers them all). Empty past either end.
 */
export function categoryMoves(categories: readonly Positioned[], index: number, direction: -1 | 1): Positioned[] {
  const ids = movedIds(categories, index, direction);
  if (!ids) return [];
  const current = new Map(categories.map((category) => [category.id, category.position]));
  return ids.map((id, position) => ({ id, position })).filter(({ id, position }) => current.get(id) !== position);
}
