// The quick fix for ".grad read on a tensor that does not require grad": where `{ requiresGrad: true }`
// goes in the statement that made the tensor, read from its text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requireGradInsert } from '../../../src/extension/require-grad-edit';

function fixed(statement: string): string | null {
  const edit = requireGradInsert(statement, 0, statement.length);
  return edit && statement.slice(0, edit.offset) + edit.text + statement.slice(edit.offset);
}

describe('where requiresGrad goes', () => {
  it('a new last argument of the factory call', () => {
    assert.equal(fixed('const x = tensor([1, 2, 3]);'), 'const x = tensor([1, 2, 3], { requiresGrad: true });');
    assert.equal(fixed('const w = torch.randn(3, 2);'), 'const w = torch.randn(3, 2, { requiresGrad: true });');
    assert.equal(fixed('const x = tensor([[1, 2],\n  [3, 4]],\n);'), 'const x = tensor([[1, 2],\n  [3, 4]], { requiresGrad: true },\n);');
  });

  it('a property of an options object already there', () => {
    assert.equal(fixed("const x = tensor([1, 2], { label: 'x' });"), "const x = tensor([1, 2], { requiresGrad: true, label: 'x' });");
    assert.equal(fixed('const z = zeros([2, 2], {});'), 'const z = zeros([2, 2], { requiresGrad: true });');
  });

  it('the first factory call, past strings, comments and nested calls in its arguments', () => {
    assert.equal(fixed("const x = tensor(data.map((r) => [r, ')']) /* ) */);"), "const x = tensor(data.map((r) => [r, ')']) /* ) */, { requiresGrad: true });");
    assert.equal(fixed('const y = tensor(f(1, 2)).mul(tensor([3]));'), 'const y = tensor(f(1, 2), { requiresGrad: true }).mul(tensor([3]));');
  });

  it('nothing when there is no factory call, it does not close, or it says requiresGrad already', () => {
    assert.equal(fixed('const x = model.weight;'), null);
    assert.equal(fixed('const x = tensor([1, 2'), null);
    assert.equal(fixed('const x = tensor([1], { requiresGrad: false });'), null);
    assert.equal(fixed('const x = mytensor([1]);'), null);
  });
});
