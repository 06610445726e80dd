/**
 * The text on a graph node, for the page's script and the SVG alike: a node is 176 px wide
 * and its text 12 px monospace, so a line holds about 22 characters.
 */

/** `text` cut to `length` characters, the last an ellipsis. */
export const clip = (text: string, length: number): string => (text.length <= length ? text : `${text.slice(0, length - 1)}…`);

const LINE = 22;

/**
 * A node's first line: its name on the left, its op on the right in the room the name
 * leaves, so that the two never overlap (a group's `layers 3001–3500` and `d3000 … d3499`
 * did); an op with fewer than three characters of room is left to the node's title.
 */
export function headline(name: string, op: string): { readonly name: string; readonly op: string } {
  const shown = clip(name, 20);
  const room = LINE - shown.length - 1;
  return { name: shown, op: room >= 3 ? clip(op, Math.min(room, 14)) : '' };
}
