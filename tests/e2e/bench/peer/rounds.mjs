// The timing loop of the side-by-side benchmark, the same in the page (bundled with the peer by
// esbuild) and in Node: each round times every side on every input, the sides' order swapped
// from one round to the next so neither always runs on a warmer machine, and the figure is the
// median of the rounds. A side runs an input for at least `budgetMs` per round, and is called
// before the first round so that both are compiled and warm.

/** Microseconds per call of `fn(text)`: repeated until `budgetMs` have passed. */
function perCall(fn, text, budgetMs) {
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs || runs < 5) {
    fn(text);
    runs++;
    elapsed = performance.now() - start;
  }
  return (elapsed * 1000) / runs;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * `sides`: { name: (text) => any }; `inputs`: { name: text }. Returns
 * { [input]: { [side]: { median, rounds } } } in microseconds per call.
 */
export function rounds(sides, inputs, { rounds: n = 7, budgetMs = 150 } = {}) {
  const names = Object.keys(sides);
  for (const text of Object.values(inputs)) for (const side of names) perCall(sides[side], text, budgetMs / 3);
  const samples = {};
  for (const input of Object.keys(inputs)) samples[input] = Object.fromEntries(names.map((s) => [s, []]));
  for (let round = 0; round < n; round++) {
    const order = round % 2 ? [...names].reverse() : names;
    for (const [input, text] of Object.entries(inputs)) {
      for (const side of order) samples[input][side].push(perCall(sides[side], text, budgetMs));
    }
  }
  const result = {};
  for (const [input, bySide] of Object.entries(samples)) {
    result[input] = Object.fromEntries(Object.entries(bySide).map(([side, xs]) => [side, { median: median(xs), rounds: xs }]));
  }
  return result;
}
