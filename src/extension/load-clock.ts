// When this bundle began to evaluate: imported first by extension.ts, so that its body runs before
// any other module's (esbuild keeps import order), and activation can be timed from load to ready.
export const bundleStartedAt = performance.now();
