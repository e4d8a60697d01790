// Layout quality, measured the same way for every layout engine: edge crossings counted on the
// drawn polylines, total edge length, and the drawing's size.

export interface Drawing {
  /** Each edge as its polyline [x0, y0, x1, y1, ...]. */
  edges: number[][];
  width: number;
  height: number;
}

export interface Quality {
  crossings: number;
  edgeLength: number;
  width: number;
  height: number;
}

export function quality(d: Drawing): Quality {
  const segs: number[][] = []; // [x0, y0, x1, y1, edge]
  let edgeLength = 0;
  d.edges.forEach((pts, e) => {
    for (let i = 0; i + 3 < pts.length; i += 2) {
      const [x0, y0, x1, y1] = [pts[i], pts[i + 1], pts[i + 2], pts[i + 3]];
      edgeLength += Math.hypot(x1 - x0, y1 - y0);
      segs.push(x0 <= x1 ? [x0, y0, x1, y1, e] : [x1, y1, x0, y0, e]);
    }
  });
  segs.sort((a, b) => a[0] - b[0]);
  let crossings = 0;
  for (let i = 0; i < segs.length; i++) {
    const a = segs[i];
    for (let j = i + 1; j < segs.length && segs[j][0] < a[2]; j++) {
      const b = segs[j];
      if (a[4] !== b[4] && properlyIntersect(a, b)) crossings++;
    }
  }
  return { crossings, edgeLength, width: d.width, height: d.height };
}

/** Segments cross at a point inside both (shared end points do not count). */
function properlyIntersect(a: number[], b: number[]): boolean {
  const d1 = orient(b[0], b[1], b[2], b[3], a[0], a[1]);
  const d2 = orient(b[0], b[1], b[2], b[3], a[2], a[3]);
  const d3 = orient(a[0], a[1], a[2], a[3], b[0], b[1]);
  const d4 = orient(a[0], a[1], a[2], a[3], b[2], b[3]);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return Math.abs(v) < 1e-9 ? 0 : Math.sign(v);
}
