// Maps positions in the JavaScript we run back to the user's TypeScript, from the v3 source map
// TypeScript emits: enough of the format to answer "which original line and column is this?".

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** One segment: generated column → original line and column (all 0-based). */
interface Segment {
  column: number;
  line: number;
  originalColumn: number;
}

export class SourceMap {
  /** Segments per generated line, sorted by generated column. */
  private readonly lines: Segment[][];

  constructor(json: string) {
    const { mappings } = JSON.parse(json) as { mappings: string };
    this.lines = decodeMappings(mappings);
  }

  /**
   * The original position of generated (line, column), 0-based: the closest segment at or before
   * the column on that line; null when the line maps to nothing (instrumentation code).
   */
  original(line: number, column: number): { line: number; col: number } | null {
    const segments = this.lines[line];
    if (!segments || segments.length === 0) return null;
    let best = segments[0];
    for (const s of segments) {
      if (s.column > column) break;
      best = s;
    }
    return { line: best.line, col: best.originalColumn };
  }
}

function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(';')) {
    const segments: Segment[] = [];
    let column = 0;
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue;
      const fields = decodeVlq(segmentText);
      column += fields[0];
      if (fields.length >= 4) {
        sourceLine += fields[2];
        sourceColumn += fields[3];
        segments.push({ column, line: sourceLine, originalColumn: sourceColumn });
      }
    }
    segments.sort((a, b) => a.column - b.column);
    lines.push(segments);
  }
  return lines;
}

/** Base64 VLQ: 5 bits per digit, continuation in bit 6, sign in the lowest bit of the value. */
function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`invalid source map character ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
