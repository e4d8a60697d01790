// The loss chart's uPlot options: series, scales and axes. The data is already decimated
// (ChartData.view), so the scales take their ranges from the view and the y axes their ticks and
// labels from chart-ticks.ts; a drag selects steps to zoom into (the view is decimated again for
// them) and a double click shows every step again. Colours come from the theme's variables.
import type uPlot from 'uplot';
import { drawMarks, drawStepLine, labelWidth, themeColour, withAlpha } from './chart-canvas';
import type { ChartView } from './chart-data';
import { formatStep, linearTicks, logTicks, tickCount, type Ticks } from './chart-ticks';
import { formatCount, formatNumber } from './format';

export interface PlotHooks {
  /** The view being drawn (set before each setData). */
  view(): ChartView | null;
  /** A drag selected steps [from, to]; null: a double click, every step again. */
  zoom(range: [number, number] | null): void;
  /** uPlot finished drawing a frame. */
  drawn(): void;
  /** The step the scrubber shows (a line across the plot), or null. */
  marked(): number | null;
}

/** The y axes' ticks, as the last frame computed them. */
export interface AxisTicks {
  y: Ticks | null;
  metric: Ticks | null;
}

export interface PlotShape {
  log: boolean;
  smoothing: boolean;
  metrics: string[];
}

const METRIC_COLOURS = ['--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-yellow', '--vscode-charts-red'];

// Steps are whole numbers: ticks at 1, 2, 5, 10, 20, 50, … steps.
const STEP_INCRS = [1, 2, 5].flatMap((m) => Array.from({ length: 11 }, (_, p) => m * 10 ** p)).sort((a, b) => a - b);

export function chartOptions(hooks: PlotHooks, ticks: AxisTicks, shape: PlotShape, width: number, height: number): uPlot.Options {
  const colour = themeColour;
  const fg = colour('--vscode-descriptionForeground', '#888');
  const grid = colour('--vscode-editorWidget-border', colour('--vscode-widget-border', 'rgba(128,128,128,0.25)'));
  const lossColour = colour('--vscode-charts-blue', '#3794ff');
  const bad = colour('--vscode-charts-red', '#f14c4c');
  const font = `11px ${colour('--vscode-font-family', 'sans-serif')}`;
  const axis = (extra: Partial<uPlot.Axis>): uPlot.Axis => ({
    stroke: fg, font, labelFont: font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, ...extra,
  });
  // The width a y axis needs for its widest label (a diverging loss labels "1e30", an accuracy "0.5").
  const ySize = (_u: uPlot, values: string[] | null): number => Math.ceil(labelWidth(values, font)) + 14;
  const plotHeight = (u: uPlot): number => (u.bbox.height ? u.bbox.height / devicePixelRatio : height - 40);
  const yTicks = (u: uPlot, extent: [number, number] | null | undefined, log: boolean): Ticks => {
    const count = tickCount(plotHeight(u));
    return log ? logTicks(extent?.[0] ?? 1, extent?.[1] ?? 10, count) : linearTicks(extent?.[0] ?? 0, extent?.[1] ?? 1, count);
  };
  // A y axis with the ticks from chart-ticks.ts. uPlot still looks for an increment of its own
  // first and draws no label when it finds none (on a log scale, or past 1e17): one huge
  // increment always "fits"; its own filter would drop log ticks it would not have chosen.
  const yAxis = (current: () => Ticks | null, extra: Partial<uPlot.Axis>): uPlot.Axis => axis({
    size: ySize, space: 1, incrs: [Number.MAX_VALUE], filter: (_u, splits) => splits,
    splits: () => current()?.values ?? [], values: () => current()?.labels ?? [], ...extra,
  });
  const value = (_u: uPlot, v: number | null): string => formatNumber(v);
  const series: uPlot.Series[] = [
    { label: 'step', value: (_u, v) => (v === null ? '—' : formatCount(v)) },
    { label: 'loss', stroke: shape.smoothing ? withAlpha(lossColour, 0.35) : lossColour, width: 1, points: { show: false }, value },
    ...(shape.smoothing ? [{ label: 'smoothed', stroke: lossColour, width: 2, points: { show: false }, value }] : []),
    ...shape.metrics.map((name, i): uPlot.Series => ({
      label: name, scale: 'metric', stroke: colour(METRIC_COLOURS[i % METRIC_COLOURS.length], '#d18616'), width: 1.5, points: { show: false }, value,
    })),
  ];
  const axes: uPlot.Axis[] = [
    axis({
      incrs: STEP_INCRS, space: 60, size: 24, label: 'step (backward() calls)', labelSize: 14, labelGap: 0,
      values: (_u, splits) => splits.map(formatStep),
    }),
    yAxis(() => ticks.y, {}),
  ];
  if (shape.metrics.length > 0) axes.push(yAxis(() => ticks.metric, { scale: 'metric', side: 1, grid: { show: false } }));
  return {
    width: Math.floor(width),
    height: Math.floor(height),
    // Room above the plot for half of the top label (a tick at the range's end).
    padding: [10, null, null, null],
    scales: {
      x: { time: false, range: () => hooks.view()?.x ?? [0, 1] },
      y: {
        distr: shape.log ? 3 : 1,
        range: (u) => {
          ticks.y = yTicks(u, hooks.view()?.y, shape.log);
          return [ticks.y.min, ticks.y.max];
        },
      },
      metric: {
        range: (u) => {
          ticks.metric = yTicks(u, hooks.view()?.metric, false);
          return [ticks.metric.min, ticks.metric.max];
        },
      },
    },
    series,
    axes,
    legend: { show: true, live: true },
    cursor: {
      points: { show: false },
      drag: { x: true, y: false, setScale: false },
      bind: { dblclick: () => () => (hooks.zoom(null), null) },
    },
    hooks: {
      draw: [(u) => drawMarks(u, hooks.view()?.marks ?? [], bad), (u) => drawStepLine(u, hooks.marked(), colour('--vscode-focusBorder', '#007fd4')), () => hooks.drawn()],
      setSelect: [
        (u) => {
          if (u.select.width < 2) return;
          const range: [number, number] = [u.posToVal(u.select.left, 'x'), u.posToVal(u.select.left + u.select.width, 'x')];
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          hooks.zoom(range);
        },
      ],
    },
  };
}
