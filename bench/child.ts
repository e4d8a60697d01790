// Entry point of a fresh child process (`node child.ts <name> [args]`, result as JSON on stdout)
// or worker thread (workerData { name, args }, result posted back) that runs one workload.
import { parentPort, workerData } from 'node:worker_threads';
import { micrograd } from './w1-micrograd';
import { chain } from './w2-chain';
import { sumOfProducts } from './w3-sum';
import { gradlens, tfjs } from './w4-tensor-mlp';

const workloads: Record<string, (...args: number[]) => unknown> = { micrograd, chain, sumOfProducts, gradlens, tfjs };

const { name, args } = (workerData as { name: string; args: string[] } | null) ?? {
  name: process.argv[2],
  args: process.argv.slice(3),
};
void Promise.resolve(workloads[name](...args.map(Number))).then((result) => {
  if (parentPort) parentPort.postMessage(result);
  else process.stdout.write(JSON.stringify(result));
});
