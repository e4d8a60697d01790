// The typed messages that cross a process or frame boundary in GradLens.
export * from './run';
export * from './graph';
export * from './panel';
export * from './plot';
export * from './notebook';
