// The families of a large framework, shared by the compare page and the self-assessment.
// Past 2,000 roles (docs/theming.md) the build splits the roles by group of tracks (a
// family, or part of a large one) and writes, for a role named in an address, a file, a link
// or a stored assessment, where to find it: compare/roles/<n>.json maps each role id to
// `[group, track id]`, n from a hash of the id that the build computes the same way.
import { fetchJson } from "./steps.js";

/** The lookup file of a role id: FNV-1a (32 bits) of its UTF-8 bytes, modulo `shards`. */
export function shardOf(id, shards) {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(id)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % shards;
}

/** `[group, track id]` of role `id` from the lookup files in `folder`, or null. */
export async function findRole(folder, shards, id) {
  if (typeof id !== "string" || !id || !shards) return null;
  const lookup = await fetchJson(`${folder}${shardOf(id, shards)}.json`);
  return Object.prototype.hasOwnProperty.call(lookup, id) ? lookup[id] : null;
}
