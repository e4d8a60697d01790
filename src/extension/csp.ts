// The panel's Content-Security-Policy, without the vscode API so the browser tests serve the page
// under exactly the policy the extension ships: code only with the nonce, styles, images and
// fonts only from our own files (`cspSource`), workers (graph layout) only from blob: URLs.

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}
