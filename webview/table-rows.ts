// The gradient table's rows, sorting and filtering: pure, so it is unit-tested. One row per shown
// value node and per collapsed group (op nodes are part of their value's row).

import { formatCount, formatNumber, formatShape } from './format';
import { gradMagnitude, type GraphModel } from './graph/model';

export type Column = 'label' | 'op' | 'data' | 'grad' | 'abs';

export const COLUMNS: { key: Column; title: string }[] = [
  { key: 'label', title: 'label' },
  { key: 'op', title: 'op' },
  { key: 'data', title: 'data' },
  { key: 'grad', title: 'grad' },
  { key: 'abs', title: '|grad|' },
];

export interface Row {
  key: string;
  cells: string[];
  /** Sort keys per column: text for label and op, numbers (NaN sorts last) for the others. */
  label: string;
  op: string;
  data: number;
  grad: number;
  abs: number;
  nonFinite: boolean;
  group: boolean;
}

export interface Sort {
  column: Column;
  descending: boolean;
}

export function rowsOf(model: GraphModel): Row[] {
  const rows: Row[] = [];
  for (const item of model.items) {
    if (item.kind === 'value' && item.node) {
      const n = item.node;
      const label = n.label || `#${n.id}`;
      const op = n.op || (item.role === 'param' ? 'parameter' : 'leaf');
      const tensor = n.kind === 'tensor' && n.data === null;
      const data = tensor ? `${formatShape(n.shape)} mean ${formatNumber(n.summary?.mean ?? null)}` : formatNumber(n.data);
      const grad = tensor ? (n.gradSummary ? `mean ${formatNumber(n.gradSummary.mean)}` : '—') : formatNumber(n.grad);
      // A tensor without a gradient (requiresGrad off, or backward() not run) has no norm either.
      const noGrad = tensor && !n.gradSummary;
      const abs = noGrad ? NaN : gradMagnitude(n);
      rows.push({
        key: item.key,
        cells: [`${n.nonFinite ? '⚠ ' : ''}${label}${item.role === 'root' ? ' (root)' : ''}`, op, data, grad, noGrad ? '—' : tensor ? `‖${formatNumber(abs)}‖` : formatNumber(abs)],
        label: label.toLowerCase(), op, data: tensor ? n.summary?.mean ?? NaN : n.data ?? NaN, grad: tensor ? n.gradSummary?.mean ?? NaN : n.grad ?? NaN,
        abs, nonFinite: n.nonFinite, group: false,
      });
    } else if (item.kind === 'group' && item.group) {
      const g = item.group;
      rows.push({
        key: item.key,
        cells: [`${g.nonFinite > 0 ? '⚠ ' : ''}▤ ${g.label}`, `group of ${formatCount(g.count)}`, '—', '—', `max ${formatNumber(g.maxAbsGrad)}`],
        label: g.label.toLowerCase(), op: 'group', data: NaN, grad: NaN, abs: g.maxAbsGrad, nonFinite: g.nonFinite > 0, group: true,
      });
    }
  }
  return rows;
}

/** Rows whose label or op contains the query; "nan" or "inf" also finds the non-finite rows. */
export function filterRows(rows: Row[], query: string): Row[] {
  const q = query.trim().toLowerCase();
  if (!q) return rows;
  const wantsNonFinite = q === 'nan' || q === 'inf';
  return rows.filter((r) => r.label.includes(q) || r.op.toLowerCase().includes(q) || (wantsNonFinite && r.nonFinite));
}

export function sortRows(rows: Row[], sort: Sort | null): Row[] {
  if (!sort) return rows;
  const { column, descending } = sort;
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (column === 'label' || column === 'op') return sign * a[column].localeCompare(b[column]);
    const x = a[column];
    const y = b[column];
    // NaN (no number) always last, whichever the direction.
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
    return sign * (x - y);
  });
}
