import type { LoggedInteraction } from './interaction-log';

/**
 * A binary user × item matrix for the classic item-item models (RP3beta, EASE), in CSR both
 * ways, over the catalogue's item positions. Built from training rows only.
 */
export interface UserItemMatrix {
  readonly itemCount: number;
  readonly userCount: number;
  /** Items of user u: userItems[userStart[u] .. userStart[u + 1]). */
  readonly userStart: Int32Array;
  readonly userItems: Int32Array;
  /** Users of item i: itemUsers[itemStart[i] .. itemStart[i + 1]). */
  readonly itemStart: Int32Array;
  readonly itemUsers: Int32Array;
}

/** Which rows count as an interaction: positives only, or every row (a rating of any value says the item was seen). */
export type MatrixInput = 'positives' | 'all';

export function userItemMatrix(rows: readonly LoggedInteraction[], positionOf: ReadonlyMap<string, number>, itemCount: number, input: MatrixInput): UserItemMatrix {
  const byUser = new Map<number, Set<number>>();
  for (const row of rows) {
    if (input === 'positives' && row.polarity !== 1) continue;
    const position = positionOf.get(row.item);
    if (position === undefined) continue;
    let items = byUser.get(row.user);
    if (items === undefined) byUser.set(row.user, (items = new Set()));
    items.add(position);
  }
  const users = [...byUser.values()];
  const userStart = new Int32Array(users.length + 1);
  users.forEach((items, u) => (userStart[u + 1] = userStart[u]! + items.size));
  const userItems = new Int32Array(userStart[users.length]!);
  const itemCounts = new Int32Array(itemCount + 1);
  users.forEach((items, u) => {
    let k = userStart[u]!;
    for (const item of [...items].sort((a, b) => a - b)) {
      userItems[k++] = item;
      itemCounts[item + 1]! += 1;
    }
  });
  const itemStart = new Int32Array(itemCount + 1);
  for (let i = 0; i < itemCount; i += 1) itemStart[i + 1] = itemStart[i]! + itemCounts[i + 1]!;
  const itemUsers = new Int32Array(userItems.length);
  const fill = itemStart.slice(0, itemCount);
  for (let u = 0; u < users.length; u += 1) for (let k = userStart[u]!; k < userStart[u + 1]!; k += 1) itemUsers[fill[userItems[k]!]!++] = u;
  return { itemCount, userCount: users.length, userStart, userItems, itemStart, itemUsers };
}
