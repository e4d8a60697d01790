// Graph walks without recursion (a recursive walk overflows the stack near ten thousand nodes;
// ours must handle chains of millions). A node is marked with the number of the walk instead of
// being put in a Set: walk n uses marks 2n (entered) and 2n+1 (finished).

let walks = 0;

export function nextWalk(): number {
  walks += 1;
  return 2 * walks;
}

/**
 * Every node `root` depends on, each input before the nodes computed from it (post-order of
 * a depth-first walk), `root` last.
 */
export function postOrder<T extends { mark: number }>(root: T, inputs: (node: T) => readonly T[]): T[] {
  const entered = nextWalk();
  const finished = entered + 1;
  const order: T[] = [];
  const stack: T[] = [root];
  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    if (node.mark < entered) {
      node.mark = entered;
      const next = inputs(node);
      for (let i = next.length - 1; i >= 0; i--) if (next[i].mark < entered) stack.push(next[i]);
    } else {
      stack.pop();
      if (node.mark === entered) {
        node.mark = finished;
        order.push(node);
      }
    }
  }
  return order;
}
