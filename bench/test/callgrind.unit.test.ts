// The two figures bench:instructions reads from callgrind, on text as callgrind 3.19 and its annotate script write it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilerTotal, dumpTotal } from '../src/callgrind.ts';

const dump = `# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 16934
cmd:  /usr/bin/node --single-threaded kernel-front.mjs
part: 1

desc: Trigger: dump

positions: line
events: Ir
summary: 781990649


ob=(4) /usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30
fn=(1092) operator new(unsigned long)
0 371232
calls=46404 3281
`;

const annotated = `--------------------------------------------------------------------------------
Ir                   
--------------------------------------------------------------------------------
781,990,649 (100.0%)  PROGRAM TOTALS

--------------------------------------------------------------------------------
Ir                   file:function
--------------------------------------------------------------------------------
18,819,624 ( 2.41%)  ???:Builtins_LoadIC [/usr/bin/node]
17,894,794 ( 2.29%)  ???:v8::internal::compiler::GraphReducer::ReduceTop() [/usr/bin/node]
 9,926,089 ( 1.27%)  ???:v8::internal::maglev::MaglevGraphBuilder::VisitLdar() [/usr/bin/node]
   812,003 ( 0.10%)  ???:v8::internal::Zone::Expand(unsigned long) [/usr/bin/node]
 5,662,287 ( 0.72%)  ???:v8::internal::HeapObject::SizeFromMap(v8::internal::Map) const [/usr/bin/node]
 4,754,981 ( 0.61%)  ???:v8::internal::Heap::Visit(v8::internal::compiler::Node*) [/usr/bin/node]
   839,000 ( 0.11%)  ./malloc/./malloc/malloc.c:_int_free [/usr/lib/x86_64-linux-gnu/libc.so.6]
`;

test('the total of a dump is its summary line', () => {
  assert.equal(dumpTotal(dump), 781_990_649);
  assert.equal(dumpTotal(dump.replace('summary:', 'totals:')), 781_990_649);
});

test('a dump without a total is refused, not read as zero', () => {
  assert.throws(() => dumpTotal(dump.replace(/^summary:.*$/m, '')), /no instruction total/);
});

test('the compilers are TurboFan, Maglev and their zones, by the function name and not its arguments', () => {
  assert.equal(compilerTotal(annotated), 17_894_794 + 9_926_089 + 812_003);
  assert.equal(compilerTotal(''), 0);
});
