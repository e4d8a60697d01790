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

/** A target and whether the figure meets it (true/false print as yes/NO). */
export type Check = [target: string, met: boolean | string];

/** Adds a row; figures without a target have no check. */
export function row(workload: string, figure: string, measured: string, check?: Check): void {
  const [target, met] = check ?? ['', ''];
  rows.push({ workload, figure, measured, target, met: met === true ? 'yes' : met === false ? 'NO' : met });
}

export const atMost = (value: number, limit: number): Check => [`≤ ${limit}`, value <= limit];

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
