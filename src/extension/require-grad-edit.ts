// Where `{ requiresGrad: true }` goes in the statement that made a tensor: the first factory call
// in it (`tensor(…)`, `torch.zeros(…)`, …) gets it as a new last argument, or, when its last
// argument is already an options object, as a property of that object. The editor's process has
// no TypeScript compiler (DESIGN.md), so this reads the text itself: brackets, strings and
// comments are skipped, which is all a call's argument list needs.

/** Factories of the engine that take `{ requiresGrad }` (engine/tensor). */
const FACTORY = /\b(?:tensor|zeros|ones|randn|rand|arange|full|zerosLike|onesLike|randnLike|randLike)\s*\(/g;

export interface TextInsert {
  offset: number;
  text: string;
}

/** The insertion for the first factory call in text[from, to), or null when there is none to change. */
export function requireGradInsert(text: string, from: number, to: number): TextInsert | null {
  FACTORY.lastIndex = from;
  const call = FACTORY.exec(text);
  if (!call || call.index >= to) return null;
  const open = call.index + call[0].length - 1;
  const args = topLevelArguments(text, open);
  if (!args || args.parts.length === 0) return null;
  const last = args.parts[args.parts.length - 1];
  const lastText = text.slice(last.start, last.end).trim();
  if (/\brequiresGrad\b/.test(lastText)) return null; // already says something about it: the user's call
  if (lastText.startsWith('{') && args.parts.length > 1) {
    const brace = text.indexOf('{', last.start);
    const empty = /^\{\s*\}$/.test(lastText);
    return { offset: brace + 1, text: empty ? ' requiresGrad: true ' : ' requiresGrad: true,' };
  }
  // After the last argument, before a trailing comma or the closing parenthesis.
  return { offset: last.start + text.slice(last.start, last.end).trimEnd().length, text: ', { requiresGrad: true }' };
}

/** The arguments of the call whose `(` is at `open`, as ranges, or null if it never closes. */
function topLevelArguments(text: string, open: number): { parts: Array<{ start: number; end: number }> } | null {
  const parts: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        if (text.slice(start, i).trim() !== '') parts.push({ start, end: i });
        return { parts };
      }
    } else if (c === ',' && depth === 1) {
      parts.push({ start, end: i });
      start = i + 1;
    }
  }
  return null;
}

function skipString(text: string, at: number): number {
  const quote = text[at];
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}
