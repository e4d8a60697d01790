// A tsserver started as VS Code starts it — the plugin named in --globalPlugins, found through
// --pluginProbeLocations (a folder with node_modules/<plugin>) — driven over its JSON protocol on
// stdin/stdout. Each request waits for the response with its seq (no sleeping), with a generous
// limit: a busy machine is slow, not wrong.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');
const TSSERVER = join(REPO, 'node_modules', 'typescript', 'lib', 'tsserver.js');

export interface TsServerOptions {
  /** Per request; generous, since a busy machine is slow, not wrong. */
  timeoutMs?: number;
  /** Which tsserver.js (default: the project's TypeScript). */
  tsserver?: string;
  /** The folder with node_modules/gradlens-ts-plugin (default: the repository, after a build). */
  probeLocation?: string;
}

/** What VS Code (1.100, TypeScript 5.4 and later) gives a file outside any tsconfig. */
export const VSCODE_INFERRED_OPTIONS = {
  module: 'Preserve',
  moduleResolution: 'Bundler',
  target: 'ES2022',
  jsx: 'react',
  allowImportingTsExtensions: true,
  strictNullChecks: true,
  strictFunctionTypes: true,
  allowJs: true,
  allowSyntheticDefaultImports: true,
  allowNonTsExtensions: true,
  resolveJsonModule: true,
  sourceMap: true,
};

export interface Location { line: number; offset: number }
export interface Diagnostic { start: Location; end: Location; text: string; code: number; category: string }
export interface CompletionEntry { name: string; kind: string }
export interface QuickInfo { displayString: string; documentation: string | { text: string }[]; kindModifiers: string }

interface Message { seq: number; type: string; command?: string; request_seq?: number; success?: boolean; message?: string; body?: unknown }

export class TsServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  private buffer = Buffer.alloc(0);
  private stderr = '';
  private exited: Error | undefined;

  private readonly timeoutMs: number;

  constructor(options: TsServerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.child = spawn(process.execPath, [
      options.tsserver ?? TSSERVER,
      '--globalPlugins', 'gradlens-ts-plugin',
      '--pluginProbeLocations', options.probeLocation ?? REPO,
      '--disableAutomaticTypingAcquisition',
      '--useInferredProjectPerProjectRoot',
    ], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
    this.child.on('exit', (code, signal) => {
      this.exited = new Error(`tsserver exited (${code ?? signal}): ${this.stderr.slice(-2000)}`);
      for (const { reject } of this.waiting.values()) reject(this.exited);
      this.waiting.clear();
    });
  }

  /** Sends a request and resolves with the body of its response. */
  async request<T>(command: string, args: unknown): Promise<T> {
    if (this.exited) throw this.exited;
    const seq = ++this.seq;
    const response = new Promise<Message>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(seq);
        reject(new Error(`tsserver did not answer ${command} within ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      this.waiting.set(seq, {
        resolve: (m) => { clearTimeout(timer); resolvePromise(m); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
    });
    this.child.stdin.write(`${JSON.stringify({ seq, type: 'request', command, arguments: args })}\n`);
    const message = await response;
    if (!message.success) throw new Error(`tsserver ${command} failed: ${message.message}`);
    return message.body as T;
  }

  async open(file: string, content: string, projectRootPath: string): Promise<void> {
    await this.request('updateOpen', { openFiles: [{ file, fileContent: content, projectRootPath }], changedFiles: [], closedFiles: [] });
  }

  /** Replaces the text from `start` to `end` as the editor does while the user types. */
  async edit(file: string, start: Location, end: Location, newText: string): Promise<void> {
    await this.request('updateOpen', { openFiles: [], changedFiles: [{ fileName: file, textChanges: [{ start, end, newText }] }], closedFiles: [] });
  }

  async close(file: string): Promise<void> {
    await this.request('updateOpen', { openFiles: [], changedFiles: [], closedFiles: [file] });
  }

  semanticDiagnostics(file: string): Promise<Diagnostic[]> {
    return this.request('semanticDiagnosticsSync', { file });
  }

  syntacticDiagnostics(file: string): Promise<Diagnostic[]> {
    return this.request('syntacticDiagnosticsSync', { file });
  }

  async completions(file: string, at: Location, triggerCharacter?: string): Promise<CompletionEntry[]> {
    const body = await this.request<{ entries: CompletionEntry[] } | undefined>('completionInfo', { file, ...at, triggerCharacter });
    return body?.entries ?? [];
  }

  async quickInfo(file: string, at: Location): Promise<QuickInfo | undefined> {
    try {
      return await this.request<QuickInfo>('quickinfo', { file, ...at });
    } catch (e) {
      if (/No content available/.test(String(e))) return undefined;
      throw e;
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.stdin.write(`${JSON.stringify({ seq: ++this.seq, type: 'request', command: 'exit' })}\n`);
    const timer = setTimeout(() => this.child.kill(), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Content-Length framed messages: a header, a blank line, then that many bytes of JSON. */
  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      const bodyStart = headerEnd + 4;
      if (this.buffer.length < bodyStart + length) return;
      const message = JSON.parse(this.buffer.subarray(bodyStart, bodyStart + length).toString()) as Message;
      this.buffer = this.buffer.subarray(bodyStart + length);
      if (message.type === 'response' && message.request_seq !== undefined) this.waiting.get(message.request_seq)?.resolve(message);
    }
  }
}

/** A folder in the OS temp dir with no tsconfig and no node_modules; removed by the returned function. */
export function bareFolder(): { dir: string; write: (name: string, content: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-editor-'));
  return {
    dir,
    write: (name, content) => {
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The 1-based line and offset tsserver uses for the first occurrence of `needle` (plus `delta` characters). */
export function locate(text: string, needle: string, delta = 0): Location {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not in the text`);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length, offset: before[before.length - 1].length + 1 };
}
