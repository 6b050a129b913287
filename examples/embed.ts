// Embedding tswasm: assemble a module from text, run it on the tswasm
// engine with a host function as its import, call its exports with exact
// values, and catch a trap. Run by packages/cli/src/examples.test.ts; in a
// project of your own: npm install @tswasm/text @tswasm/engine.

import { Engine, Trap } from '@tswasm/engine';
import { watToWasm } from '@tswasm/text';

const bytes = watToWasm(`
  (module
    (import "host" "log" (func $log (param i32)))
    (func (export "countdown") (param $n i32)
      (loop $next
        (call $log (local.get $n))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $next (i32.gt_s (local.get $n) (i32.const 0)))))
    (func (export "spin")
      (loop $forever (br $forever))))
`);

// Fuel bounds how many instructions the guest may run.
const engine = new Engine({ fuel: 100_000 });
const log = engine.hostFunction({ params: ['i32'], results: [] }, ([n]) => {
  console.log(`log: ${n?.type === 'i32' ? n.value : '?'}`);
});
const instance = engine.instantiate(engine.compile(bytes), { host: { log } });

engine.invoke(instance, 'countdown', [{ type: 'i32', value: 3 }]);

try {
  engine.invoke(instance, 'spin', []);
} catch (error) {
  if (!(error instanceof Trap)) throw error;
  const [frame] = error.wasmStack;
  console.log(
    `trap: ${error.message} (${error.kind}) in func ${frame?.funcIndex}`,
  );
}
