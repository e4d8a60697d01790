// The GradLens panel's page. For now: an empty state that tells a new user what to do, and the
// message loop with the host.

import type { HostToPanel } from '../src/protocol';
import { vscodeApi } from './vscode-api';

const vscode = vscodeApi<unknown>();
const app = document.getElementById('app')!;

function emptyState(): HTMLElement {
  const section = document.createElement('section');
  section.className = 'empty-state';
  const title = document.createElement('h1');
  title.textContent = 'GradLens';
  const hint = document.createElement('p');
  hint.textContent = 'Select a TypeScript expression that uses the gradlens engine and run "GradLens: Compute gradients", or click "Train this model" above a training loop.';
  section.append(title, hint);
  return section;
}

app.replaceChildren(emptyState());

window.addEventListener('message', (event: MessageEvent<HostToPanel>) => {
  const message = event.data;
  if (message.type === 'ping') vscode.postMessage({ type: 'pong', nonce: message.nonce });
});

vscode.postMessage({ type: 'ready' });
