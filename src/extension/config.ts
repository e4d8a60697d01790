// GradLens' settings (contributes.configuration in package.json), read fresh on every use.

import * as vscode from 'vscode';
import type { RunLimits } from '../protocol';
import { DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT_S } from '../runner/limits';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('gradlens');
}

export function runLimits(): RunLimits {
  const seconds = section().get<number>('timeLimitSeconds', DEFAULT_TIME_LIMIT_S);
  const memoryMb = section().get<number>('memoryLimitMB', DEFAULT_MEMORY_MB);
  return { timeMs: Math.max(1, seconds) * 1000, memoryMb: Math.max(64, memoryMb) };
}

export const codeLensEnabled = (): boolean => section().get<boolean>('codeLens.enabled', true);
export const inlineGradientsEnabled = (): boolean => section().get<boolean>('inlineGradients.enabled', true);
export const nodeBudget = (): number => section().get<number>('graph.nodeBudget', 1000);
export const liveGraph = (): boolean => section().get<boolean>('graph.live', true);
export const scrubberMemoryMb = (): number => Math.max(0, section().get<number>('scrubber.memoryMB', 64));
export const revealPanelOnRun = (): boolean => section().get<boolean>('panel.revealOnRun', true);
export const numberPrecision = (): number => section().get<number>('numberPrecision', 4);

/** Formats a number the way the settings ask (fixed digits, exponent for very large/small). */
export function formatNumber(x: number | null, digits = numberPrecision()): string {
  if (x === null) return '—';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf';
  const magnitude = Math.abs(x);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 10 ** -digits)) return x.toExponential(Math.max(1, digits - 1));
  return x.toFixed(digits);
}
