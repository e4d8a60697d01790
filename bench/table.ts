// The figures table index.ts prints: one row per figure, grouped by workload, each measured value
// next to its target and whether it is met. Nothing fails; "NO" marks a missed target.

interface Row {
  workload: string;
  figure: string;
  measured: string;
  target: string;
  met: string;
}

const rows: Row[] = [];

/** Adds a row; `met` is omitted for figures without a target. */
export function row(workload: string, figure: string, measured: string, target = '', met?: boolean | string): void {
  rows.push({ workload, figure, measured, target, met: met === undefined ? '' : met === true ? 'yes' : met === false ? 'NO' : met });
}

/** "≤ limit" and whether value meets it, as row()'s last two arguments. */
export const atMost = (value: number, limit: number, unit = ''): [string, boolean] => [`≤ ${limit}${unit}`, value <= limit];

export const fixed = (x: number, digits = 1): string => x.toFixed(digits);

export function printTable(title: string): void {
  const header: Row = { workload: 'workload', figure: 'figure', measured: 'measured', target: 'target', met: 'met' };
  const cols = Object.keys(header) as (keyof Row)[];
  const widths = cols.map((c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const line = (r: Row): string => cols.map((c, i) => r[c].padEnd(widths[i])).join('  ').trimEnd();
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r, i) => {
    if (r.workload && i > 0) console.log('');
    console.log(line(r));
  });
}
