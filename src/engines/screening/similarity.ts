// String similarity for name tokens: an optimal-string-alignment edit distance in which
// look-alike and sound-alike substitutions (rigour compare.yml pairs, vowel for vowel) cost
// less than other edits.

export const CONFUSABLE_COST = 0.5;
export const VOWEL_COST = 0.6;

// Substitution costs for ASCII pairs, precomputed (the distance runs on char codes).
const COST = new Float32Array(128 * 128).fill(1);
for (let i = 0; i < 128; i++) COST[i * 128 + i] = 0;
const VOWELS = 'aeiouy';
for (const a of VOWELS) for (const b of VOWELS) if (a !== b) COST[a.charCodeAt(0) * 128 + b.charCodeAt(0)] = VOWEL_COST;
const CONFUSABLE_PAIRS: readonly (readonly [string, string])[] = [
  ['0', 'o'], ['1', 'i'], ['1', 'l'], ['g', '9'], ['q', '9'], ['b', '6'], ['5', 's'], ['e', 'i'], ['o', 'u'],
  ['i', 'j'], ['i', 'y'], ['c', 'k'], ['n', 'h'], // rigour compare.yml similar_pairs
  ['s', 'z'], ['v', 'w'], ['k', 'q'], ['c', 's'], ['j', 'y'], ['f', 'v'], ['d', 't'], ['b', 'p'], ['g', 'k'],
];
for (const [a, b] of CONFUSABLE_PAIRS) {
  COST[a.charCodeAt(0) * 128 + b.charCodeAt(0)] = CONFUSABLE_COST;
  COST[b.charCodeAt(0) * 128 + a.charCodeAt(0)] = CONFUSABLE_COST;
}

function substitutionCost(a: number, b: number): number {
  if (a === b) return 0;
  // a, b < 128, so the index is inside the 128 × 128 table.
  return a < 128 && b < 128 ? COST[a * 128 + b]! : 1;
}

// Reused rows keep the distance allocation-free on the hot path.
let rowA = new Float64Array(64);
let rowB = new Float64Array(64);
let rowC = new Float64Array(64);

/** Weighted optimal string alignment distance (insert/delete 1, transposition 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  if (m + 1 > rowA.length) {
    rowA = new Float64Array(m + 1);
    rowB = new Float64Array(m + 1);
    rowC = new Float64Array(m + 1);
  }
  let prev2 = rowA; // row i-2
  let prev = rowB; // row i-1
  let cur = rowC;
  // The three rows hold at least m + 1 cells (grown above), and every index below is in [0, m].
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    const caPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = prev[j - 1]! + substitutionCost(ca, cb);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      if (del < v) v = del;
      if (ins < v) v = ins;
      if (j > 1 && ca !== cb && ca === b.charCodeAt(j - 2) && caPrev === cb) {
        const t = prev2[j - 2]! + 1;
        if (t < v) v = t;
      }
      cur[j] = v;
    }
    const tmp = prev2;
    prev2 = prev;
    prev = cur;
    cur = tmp;
  }
  return prev[m]!;
}

/**
 * Extra cost per edit beyond the first: one slip is a typo, several edits in one word are
 * more often a different word (Petrochemical / Petromechanical), however long the word is.
 */
export const EDIT_PENALTY = { multiEdit: 1 };

/** 1 − effective distance / longer length, in [0, 1]. */
export function editSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const len = Math.max(a.length, b.length);
  if (len === 0) return 1;
  const d = editDistance(a, b);
  return Math.max(0, 1 - (d + EDIT_PENALTY.multiEdit * Math.max(0, d - 1)) / len);
}
