/**
 * Referral trees (裂变树): who invited whom, and per inviter the number of direct invitees, the
 * size of the whole tree below them and its depth.
 *
 * @module
 */
import { SiyuError } from '../core/index.js';

/** One accepted invitation: `inviteeId` joined through `inviterId`'s invite, at `at`. */
export interface ReferralEdge {
  /** Who invited. */
  readonly inviterId: string;
  /** Who joined through the invite. */
  readonly inviteeId: string;
  /** When (epoch ms); the earliest edge of an invitee wins. */
  readonly at: number;
}

/** One inviter of a {@link ReferralTreeResult}. */
export interface ReferralTreeNode {
  /** The inviter. */
  readonly userId: string;
  /** Users they invited directly. */
  readonly direct: number;
  /** Users in their tree below them (direct, their invitees, …). */
  readonly size: number;
  /** Generations below them (1 = only direct invitees). */
  readonly depth: number;
}

/** The result of {@link computeReferralTree}. */
export interface ReferralTreeResult {
  /** Every user with at least one invitee, by size descending, then user id. */
  readonly inviters: readonly ReferralTreeNode[];
  /** Users who joined through an invite (each counted once). */
  readonly referredUsers: number;
  /** The deepest chain. */
  readonly maxDepth: number;
  /** Edges ignored: self-invites, second inviters of an invitee, edges closing a cycle. */
  readonly ignoredEdges: number;
}

/**
 * Builds the referral forest from accepted invitations. Each invitee keeps the earliest inviter
 * (ties by inviter id); self-invites, later inviters and edges that would close a cycle are
 * ignored and counted.
 *
 * @example
 * ```ts
 * import { computeReferralTree } from 'siyu/funnel';
 * const r = computeReferralTree([
 *   { inviterId: 'kol', inviteeId: 'a', at: 1 },
 *   { inviterId: 'kol', inviteeId: 'b', at: 2 },
 *   { inviterId: 'a', inviteeId: 'c', at: 3 },
 *   { inviterId: 'b', inviteeId: 'c', at: 4 },
 * ]);
 * r.inviters; // → [{ userId: 'kol', direct: 2, size: 3, depth: 2 }, { userId: 'a', direct: 1, size: 1, depth: 1 }]
 * r.ignoredEdges; // → 1
 * ```
 */
export function computeReferralTree(edges: readonly ReferralEdge[]): ReferralTreeResult {
  edges.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || typeof e.inviterId !== 'string' || typeof e.inviteeId !== 'string') {
      throw SiyuError.at([i], 'needs string inviterId and inviteeId', 'invalid_input');
    }
    if (typeof e.at !== 'number' || !Number.isFinite(e.at)) throw SiyuError.at([i, 'at'], 'must be epoch milliseconds', 'invalid_input');
  });
  const sorted = [...edges].sort((a, b) => a.at - b.at || (a.inviterId < b.inviterId ? -1 : a.inviterId > b.inviterId ? 1 : 0));
  const parent = new Map<string, string>();
  const children = new Map<string, string[]>();
  let ignored = 0;
  for (const e of sorted) {
    if (e.inviterId === e.inviteeId || parent.has(e.inviteeId)) {
      ignored++;
      continue;
    }
    let up: string | undefined = e.inviterId;
    while (up !== undefined && up !== e.inviteeId) up = parent.get(up);
    if (up === e.inviteeId) {
      ignored++;
      continue;
    }
    parent.set(e.inviteeId, e.inviterId);
    const list = children.get(e.inviterId);
    if (list === undefined) children.set(e.inviterId, [e.inviteeId]);
    else list.push(e.inviteeId);
  }
  // Post-order without recursion: sizes and depths bottom-up.
  const size = new Map<string, number>();
  const depth = new Map<string, number>();
  const roots = [...children.keys()].filter((u) => !parent.has(u));
  for (const root of roots) {
    const stack: [string, boolean][] = [[root, false]];
    while (stack.length > 0) {
      const [user, done] = stack.pop() as [string, boolean];
      const kids = children.get(user) ?? []; // leaves have no entry
      if (!done) {
        stack.push([user, true]);
        for (const k of kids) stack.push([k, false]);
        continue;
      }
      let s = 0;
      let d = 0;
      for (const k of kids) {
        s += 1 + (size.get(k) as number); // children are finished before their parent
        d = Math.max(d, 1 + (depth.get(k) as number));
      }
      size.set(user, s);
      depth.set(user, d);
    }
  }
  const inviters = [...children.entries()]
    .map(([userId, kids]) => ({ userId, direct: kids.length, size: size.get(userId) as number, depth: depth.get(userId) as number }))
    .sort((a, b) => b.size - a.size || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  return { inviters, referredUsers: parent.size, maxDepth: inviters.reduce((m, n) => Math.max(m, n.depth), 0), ignoredEdges: ignored };
}
