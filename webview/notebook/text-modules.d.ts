// `import css from 'text:../../media/panel.css'`: a file's contents as a string, bundled by
// esbuild (esbuild.mjs, the notebook renderer's bundle).
declare module 'text:*' {
  const text: string;
  export default text;
}
