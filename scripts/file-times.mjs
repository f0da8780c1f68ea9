// A test reporter beside spec (scripts/test.mjs adds it): how long each test file took and the slowest files at the
// end — what to look at when the suite gets slow. Files run one at a time (--test-concurrency=1) and the runner
// hands on a file's results when the file ends, so a file's time is from the end of the one before to its own end
// (its process start included).
export default async function* fileTimes(source) {
  const started = Date.now();
  const ended = new Map();
  for await (const event of source) {
    const file = event.data?.file;
    if (file && ['test:pass', 'test:fail'].includes(event.type)) ended.set(file, Date.now());
  }
  let previous = started;
  const rows = [...ended.entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([file, end]) => {
      const row = { file, seconds: (end - previous) / 1000 };
      previous = end;
      return row;
    })
    .sort((a, b) => b.seconds - a.seconds);
  yield `\nslowest test files (of ${rows.length}, ${((previous - started) / 1000).toFixed(0)} s in all):\n`;
  const root = `${process.cwd()}/`;
  for (const r of rows.slice(0, 20)) yield `  ${r.seconds.toFixed(1).padStart(6)} s  ${r.file.replace(root, '')}\n`;
}
