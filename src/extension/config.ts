// GradLens' settings (contributes.configuration in package.json), read fresh on every use.

import * as vscode from 'vscode';
import type { RunLimits } from '../protocol';
import { formatNumber as formatWith } from '../engine/number-format';
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

/** A number as the settings ask (gradlens.numberPrecision): GradLens' one formatter, shared with the panel. */
export function formatNumber(x: number | null, digits = numberPrecision()): string {
  return formatWith(x, digits);
}
