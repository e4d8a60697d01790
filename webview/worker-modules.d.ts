// `import source from 'worker:./path.ts'`: the file bundled on its own (esbuild.mjs, webview
// entry), as the text of a script to start a Web Worker from a Blob URL.
declare module 'worker:*' {
  const source: string;
  export default source;
}
