// Closing an opened group: its expansion goes, and so do the expansions of groups inside it (they
// would come back, still open, the next time it is opened otherwise). Pure, so it is unit-tested.

import type { GraphView } from '../../src/protocol';
import type { Expansion } from './merge';

export function closeGroup(base: GraphView, expansions: readonly Expansion[], group: number): Expansion[] {
  const parent = new Map<number, number>();
  for (const g of base.groups) parent.set(g.id, g.parent);
  for (const e of expansions) for (const g of e.view.groups) parent.set(g.id, g.parent);
  const inside = (id: number): boolean => {
    // Bounded walk up the parents: a malformed view must not loop.
    for (let at: number | undefined = id, hops = 0; at !== undefined && at >= 0 && hops < 1000; at = parent.get(at), hops++) {
      if (at === group) return true;
    }
    return false;
  };
  return expansions.filter((e) => !inside(e.group));
}
