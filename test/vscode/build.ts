// Builds what a real VS Code loads: the extension (esbuild.mjs -> dist/) and the integration
// suites (test/integration/build.mjs -> out/test/integration/). About two seconds.

import { spawnSync } from 'node:child_process';
import { REPO_ROOT, seconds } from './config';

export function buildExtension({ withIntegrationSuites = false } = {}): void {
  const started = Date.now();
  const steps = [['esbuild.mjs'], ...(withIntegrationSuites ? [['test/integration/build.mjs']] : [])];
  for (const args of steps) {
    const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`build failed: node ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
  console.log(`[build] extension${withIntegrationSuites ? ' and integration suites' : ''} built in ${seconds(Date.now() - started)}`);
}

/** Packages the extension as a user gets it (`npm run package`: production build + vsce); returns the .vsix. */
export function packageVsix(): string {
  const started = Date.now();
  const result = spawnSync('npm', ['run', 'package', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run package failed (${result.status ?? result.signal})`);
  console.log(`[build] gradlens.vsix packaged in ${seconds(Date.now() - started)}`);
  return `${REPO_ROOT}/gradlens.vsix`;
}
