// Reading what valgrind's callgrind writes: the instruction total of a dump, and the part of it spent in V8's
// optimizing compilers, from callgrind_annotate's list of functions (one "count (share)  file:function" line each).

/** The instruction total of a callgrind dump (its `summary:` line, or `totals:` in older versions). */
export function dumpTotal(dump: string): number {
  const match = /^(?:summary|totals):\s+(\d+)/m.exec(dump);
  if (!match?.[1]) throw new Error('no instruction total in the callgrind dump');
  return Number(match[1]);
}

// A function of TurboFan, Maglev or the zones they allocate from, by its own name (not an argument's type).
const COMPILER_FUNCTION = /^\S*?:v8::internal::(?:compiler|maglev|Zone)::/;

/** The instructions that `callgrind_annotate --inclusive=no` lists under V8's optimizing compilers. */
export function compilerTotal(annotated: string): number {
  let sum = 0;
  for (const line of annotated.split('\n')) {
    const match = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
    if (match?.[1] && match[2] && COMPILER_FUNCTION.test(match[2])) sum += Number(match[1].replaceAll(',', ''));
  }
  return sum;
}
