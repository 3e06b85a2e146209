// In-memory screening index. Every list name (primary and aliases) is normalised once and
// its tokens are keyed into an inverted index: the token itself, its single-character
// deletions (typos), its phonetic key, its consonant skeleton, and joined neighbours
// ("rami makhlouf" → "ramimakhlouf"). A query looks up its own keys, accumulates a rarity-
// weighted vote per name and fully scores only the best few candidates, so no query scans
// every name.
import { effectRank } from './effects.ts';
import { compareEvidence, evidenceAdjustments, EVIDENCE, prepareEvidence, type EvidenceItem, type QueryEvidence } from './evidence.ts';
import { normalizeName, schemaOfType, type NameSchema, type NameToken, type NormalizedName } from './normalize.ts';
import { baseWeight, compareNormalized, DEFAULT_THRESHOLD, round, type Adjustment, type Explanation } from './scorer.ts';
import type { AliasType, EntityType, ListCode, ListEntry } from './types.ts';

export interface ScreeningQuery {
  name: string;
  type?: EntityType;
  /** ISO 3166-1 alpha-2 */
  country?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD */
  dob?: string;
  ids?: string[];
  /**
   * What else is known of the party (evidence.ts): dates, nationalities, identifiers, addresses.
   * With it, `dob` and `ids` are read as part of it (not scored twice).
   */
  evidence?: QueryEvidence;
}

export interface SearchOptions {
  threshold?: number;
  limit?: number;
  sources?: readonly ListCode[];
}

export interface ScreeningMatch {
  entry: ListEntry;
  matchedName: string;
  aliasType: AliasType;
  score: number;
  explanation: Explanation;
  /** Each piece of the query's evidence compared with the entry (only when the query had evidence). */
  evidence?: EvidenceItem[];
}

interface IndexedName {
  entry: ListEntry;
  name: string;
  aliasType: AliasType;
  norm: NormalizedName;
  /** Token weights (kind × rarity), computed once. */
  weights: number[];
}

/** Strength of each key kind in the candidate vote. */
const KEY_STRENGTH = [1, 0.75, 0.7, 0.5] as const;
const W = 0; // the token itself (or joined neighbours)
const D = 1; // the token minus one character (typos)
const P = 2; // phonetic key
const S = 3; // consonant skeleton

/** Candidates always fully scored, best vote first... */
const MAX_CANDIDATES = 12;
/** ...and beyond them, every candidate whose vote is this close to the best (many names share
 * a common word: "Sberbank …", "Mohammed Ali …"), up to a hard cap. */
const NEAR_BEST_VOTE = 0.75;
const MAX_NEAR_BEST = 500;
/**
 * In screening, name parts of the party that the list name lacks cost twice what they cost in
 * symmetric pair scoring: "Leonardo Ruiz Garcia" is weak evidence for a list entry "Leonardo
 * Ruiz", while a list name fuller than the query (missing middle names) stays cheap.
 */
const QUERY_EXTRA_FACTOR = 2;
/** Keys shared by more names than this are skipped for fuzzy kinds: too common to discriminate. */
const MAX_FUZZY_POSTINGS = 300;
/** Phonetic keys stay useful for longer: the commonest names are the most often respelled (Mohammed / Muhammad). */
const MAX_PHONETIC_POSTINGS = 5000;

const INDEXED_KINDS = new Set<NameToken['kind']>(['word', 'generic', 'number']);

/** FNV-1a of (kind, text) with the character at `skip` left out: keys are hashed, never built. */
function keyHash(kind: number, text: string, skip = -1): number {
  let h = (0x811c9dc5 ^ (kind + 1)) >>> 0;
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < text.length; i++) {
    if (i === skip) continue;
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

type Emit = (hash: number, kind: number) => void;

/**
 * Keys of one token for the inverted index (candidate side) or the lookup (query side).
 * Every list token is indexed by its skeleton, but only abjad query tokens look it up: the
 * skeleton serves Arabic / Hebrew / Thai input against Latin list names.
 */
function tokenKeys(t: NameToken, emit: Emit, side: 'index' | 'query') {
  emit(keyHash(W, t.text), W);
  // A three-letter token meets its four-letter variants ("haj" / "haji") through their deletions;
  // the deletions of a three-letter token itself would be too common to mean anything.
  if (t.text.length >= 3) emit(keyHash(D, t.text), D);
  if (t.text.length >= 4) for (let i = 0; i < t.text.length; i++) emit(keyHash(D, t.text, i), D);
  if (t.phon.length >= 2) emit(keyHash(P, t.phon), P);
  if (t.skel.length >= 2 && (side === 'index' || t.abjad)) emit(keyHash(S, t.skel), S);
}

/**
 * Adjacent tokens joined ("rami makhlouf" → "ramimakhlouf"), for names written without spaces.
 * The query side also looks up the joined form's one-character deletions, which meet a list
 * name written as one word with another vowel ("Abdul Rahman" / "ABDELRAHMAN").
 */
function joinedKeys(tokens: NameToken[], emit: Emit, side: 'index' | 'query') {
  for (let i = 0; i + 1 < tokens.length; i++) {
    let joined = tokens[i]!.text; // i < tokens.length - 1
    // The next one or two tokens, as far as the name goes.
    for (let k = i + 1; k < i + 3; k++) {
      const next = tokens[k];
      if (next === undefined) break;
      joined += next.text;
      emit(keyHash(W, joined), W);
      emit(keyHash(D, joined), D);
      if (side === 'query') for (let x = 0; x < joined.length; x++) emit(keyHash(D, joined, x), D);
    }
  }
}

// A posting is packed as hash × ID_BITS + id in one float64: a 32-bit hash leaves 21 bits of the
// 53-bit mantissa for the id, so up to 2M indexed names (the CSL and the SDN together have ~34k).
const ID_BITS = 2 ** 21;

export class ScreeningIndex {
  readonly entries: readonly ListEntry[];
  private readonly names: IndexedName[] = [];
  // Inverted index in compressed form: sorted unique key hashes, offsets into one id array.
  private readonly postingIds: Int32Array;
  private readonly keyHashes: Uint32Array;
  private readonly keyOffsets: Uint32Array;
  /** Names containing each token text, for rarity weights. */
  private readonly tokenDf = new Map<string, number>();
  /** Names by normalised key, so an exact name is always a candidate whatever the vote. */
  private readonly exactKeys = new Map<string, number[]>();
  private readonly logN: number;
  // Scratch buffers reused across queries (one query at a time per index).
  /**
   * Vote state of each name, four numbers a name so that a posting touches one cache line:
   * the last query token that voted for it (query tokens are numbered across queries), its
   * vote, and how many query tokens hit it.
   */
  private readonly state: Float64Array;
  /** Names voted for by the current query. */
  private readonly touched: Int32Array;
  private nTouched = 0;
  private nPending = 0;
  /** Each name's count of significant tokens. */
  private readonly significant: Uint8Array;
  private tokenCounter = 0;
  private readonly pendingHash = new Uint32Array(256);
  private readonly pendingKind = new Uint8Array(256);

  constructor(entries: readonly ListEntry[]) {
    // The same entry can come from two files (CSL and the OFAC set): keep the first.
    const unique = new Map<string, ListEntry>();
    for (const e of entries) if (!unique.has(`${e.list}\u0000${e.entryId}`)) unique.set(`${e.list}\u0000${e.entryId}`, e);
    this.entries = [...unique.values()];
    for (const entry of this.entries) {
      const schema = schemaOfType(entry.type);
      const seen = new Set<string>();
      const add = (name: string, aliasType: AliasType) => {
        const norm = normalizeName(name, schema);
        if (norm.tokens.length === 0 || seen.has(norm.key)) return;
        seen.add(norm.key);
        this.names.push({ entry, name, aliasType, norm, weights: [] });
      };
      add(entry.name, 'primary');
      for (const a of entry.aliases) add(a.name, a.type);
    }
    if (this.names.length >= ID_BITS) throw new Error(`too many names to index: ${this.names.length}`);
    let pairs = new Float64Array(1 << 20);
    let count = 0;
    let currentId = 0;
    const emit: Emit = (hash) => {
      if (count === pairs.length) {
        const grown = new Float64Array(pairs.length * 2);
        grown.set(pairs);
        pairs = grown;
      }
      pairs[count++] = hash * ID_BITS + currentId;
    };
    this.names.forEach((n, id) => {
      currentId = id;
      const same = this.exactKeys.get(n.norm.key);
      if (same) same.push(id);
      else this.exactKeys.set(n.norm.key, [id]);
      for (const t of n.norm.tokens) if (INDEXED_KINDS.has(t.kind)) tokenKeys(t, emit, 'index');
      joinedKeys(n.norm.tokens, emit, 'index');
      const texts = new Set<string>();
      for (const t of n.norm.tokens) texts.add(t.text);
      for (const text of texts) this.tokenDf.set(text, (this.tokenDf.get(text) ?? 0) + 1);
    });
    const sorted = pairs.subarray(0, count).sort();
    const hashes: number[] = [];
    const offsets: number[] = [];
    const ids = new Int32Array(count);
    let nIds = 0;
    let prevHash = -1;
    let prevId = -1;
    for (let k = 0; k < count; k++) {
      const v = sorted[k]!; // k < count, sorted's length
      const hash = Math.floor(v / ID_BITS);
      const id = v - hash * ID_BITS;
      if (hash !== prevHash) {
        hashes.push(hash);
        offsets.push(nIds);
        prevHash = hash;
        prevId = -1;
      }
      if (id !== prevId) ids[nIds++] = id;
      prevId = id;
    }
    offsets.push(nIds);
    this.postingIds = ids.slice(0, nIds);
    this.keyHashes = Uint32Array.from(hashes);
    this.keyOffsets = Uint32Array.from(offsets);
    this.logN = Math.log(this.names.length + 1);
    this.significant = new Uint8Array(this.names.length);
    this.names.forEach((n, id) => {
      n.weights = n.norm.tokens.map(this.weigh);
      this.significant[id] = Math.min(255, n.norm.tokens.filter((t) => INDEXED_KINDS.has(t.kind)).length);
    });
    this.state = new Float64Array(this.names.length * 4);
    this.touched = new Int32Array(this.names.length);
  }

  get nameCount(): number {
    return this.names.length;
  }

  /** Rarity factor of a token: common words (Mohammed, Bank, Trading) weigh less. */
  rarity(text: string): number {
    const df = this.tokenDf.get(text) ?? 0;
    const idf = Math.log((this.names.length + 1) / (df + 1));
    // Scaled so that a token found in about 20 names weighs 1.
    const ref = Math.max(1, this.logN - Math.log(21));
    return Math.min(1.3, Math.max(0.35, idf / ref));
  }

  private readonly weigh = (t: NameToken) => baseWeight(t) * (t.kind === 'word' || t.kind === 'generic' ? this.rarity(t.text) : 1);

  /** The indexed name with this id (ids come from the index's own postings and exact keys). */
  private name(id: number): IndexedName {
    const n = this.names[id];
    if (n === undefined) throw new RangeError(`screening index: no name with id ${id} (${this.names.length} names)`);
    return n;
  }

  private findKey(hash: number): number {
    const keys = this.keyHashes;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = keys[mid]!; // 0 ≤ lo ≤ mid ≤ hi < keys.length
      if (v < hash) lo = mid + 1;
      else if (v > hash) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** Queues a key of the current query token for `vote`. */
  private readonly collect: Emit = (hash, kind) => {
    if (this.nPending < this.pendingHash.length) {
      this.pendingHash[this.nPending] = hash;
      this.pendingKind[this.nPending++] = kind;
    }
  };

  /**
   * Adds one query token's vote (its queued keys) to every name sharing a key. A name gets the
   * vote of its best key for each query token, not the sum of all keys.
   */
  private vote(weight: number, queryStart: number, completeAt = Infinity) {
    const tid = ++this.tokenCounter;
    const { state, postingIds, keyOffsets, pendingHash, pendingKind, touched } = this;
    const nPending = this.nPending;
    const logN = this.logN;
    const nNames = this.names.length + 1;
    // Typed-array reads below are in range: x < nPending ≤ the pending buffers' length; k is a
    // key found by findKey and keyOffsets has one more entry than there are keys; postings hold
    // name ids, and state has four slots a name.
    // Strongest kinds first so a name's first hit for this query token is its best one.
    for (let pass = W; pass <= S; pass++) {
      const passStrength = KEY_STRENGTH[pass]!; // one strength for each kind W..S
      for (let x = 0; x < nPending; x++) {
        if (pendingKind[x] !== pass) continue;
        const k = this.findKey(pendingHash[x]!);
        if (k < 0) continue;
        const from = keyOffsets[k]!;
        const to = keyOffsets[k + 1]!;
        const len = to - from;
        if (pass !== W && len > (pass === P ? MAX_PHONETIC_POSTINGS : MAX_FUZZY_POSTINGS)) continue;
        const strength = passStrength * weight * Math.max(0.2, Math.log(nNames / len) / logN);
        for (let p = from; p < to; p++) {
          const id = postingIds[p]!;
          const at = id * 4;
          const last = state[at]!;
          if (last === tid) continue;
          // Joined forms stand in for split tokens a name lacks; a name that already has them all gains nothing.
          if (last >= queryStart && state[at + 2]! >= completeAt) continue;
          state[at] = tid;
          if (last < queryStart) {
            // First hit of this name in this query.
            state[at + 1] = strength;
            state[at + 2] = 1;
            touched[this.nTouched++] = id;
          } else {
            state[at + 1] = state[at + 1]! + strength;
            state[at + 2] = state[at + 2]! + 1;
          }
        }
      }
    }
    this.nPending = 0;
  }

  /** Names sharing keys with the query, best vote first. */
  private candidates(q: NormalizedName, allowed: (n: IndexedName) => boolean): number[] {
    // Token stamps grow across queries: a stamp older than this query's first is stale.
    if (this.tokenCounter > 2 ** 52) {
      this.state.fill(0);
      this.tokenCounter = 0;
    }
    const queryStart = this.tokenCounter + 1;
    const { state, touched } = this;
    this.nTouched = 0;
    this.nPending = 0;
    let querySignificant = 0;
    for (const t of q.tokens) {
      if (!INDEXED_KINDS.has(t.kind)) continue;
      querySignificant++;
      tokenKeys(t, this.collect, 'query');
      this.vote(baseWeight(t), queryStart);
    }
    joinedKeys(q.tokens, this.collect, 'query');
    if (this.nPending) this.vote(1, queryStart, querySignificant);
    const nTouched = this.nTouched;
    if (nTouched === 0) return (this.exactKeys.get(q.key) ?? []).filter((id) => allowed(this.name(id)));
    // Keep the best-voted names: a cut at a share of the best vote, then a sort of the few left.
    // (touched[x] for x < nTouched is a name id; state has four slots a name.)
    let best = 0;
    for (let x = 0; x < nTouched; x++) {
      const v = state[touched[x]! * 4 + 1]!;
      if (v > best) best = v;
    }
    const floor = best * 0.3;
    const pool: number[] = [];
    // A name can only reach the threshold if it shares two tokens with the query, unless
    // one of the two names has a single significant token.
    const qNeed = Math.min(2, Math.max(1, querySignificant));
    for (let x = 0; x < nTouched; x++) {
      const id = touched[x]!;
      if (state[id * 4 + 1]! < floor || state[id * 4 + 2]! < Math.min(qNeed, Math.max(1, this.significant[id]!))) continue;
      if (allowed(this.name(id))) pool.push(id);
    }
    pool.sort((a, b) => state[b * 4 + 1]! - state[a * 4 + 1]!);
    let n = Math.min(pool.length, MAX_CANDIDATES);
    const first = pool[0];
    const near = first === undefined ? 0 : state[first * 4 + 1]! * NEAR_BEST_VOTE;
    while (n < pool.length && n < MAX_NEAR_BEST && state[pool[n]! * 4 + 1]! >= near) n++;
    const top = n < pool.length ? pool.slice(0, n) : pool;
    for (const id of this.exactKeys.get(q.key) ?? []) if (!top.includes(id) && allowed(this.name(id))) top.push(id);
    return top;
  }

  search(query: ScreeningQuery, options: SearchOptions = {}): ScreeningMatch[] {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const limit = options.limit ?? 10;
    const schema: NameSchema = query.type ? schemaOfType(query.type) : 'any';
    const q = normalizeName(query.name, schema);
    if (q.tokens.length === 0) return [];
    const queryWeights = q.tokens.map(this.weigh);
    const sources = options.sources ? new Set(options.sources) : undefined;
    const allowed = ({ entry }: IndexedName) => {
      if (sources && !sources.has(entry.list)) return false;
      return typesCompatible(query.type, entry.type);
    };
    // The most that this query's evidence (country, date of birth, identifiers) can add.
    const maxBonus = (query.dob ? DOB_MATCH_BONUS : 0) + (query.country ? COUNTRY_MATCH_BONUS : 0) + (query.ids?.length ? ID_MATCH_BONUS : 0);
    // The party's evidence beyond the name, if any (evidence.ts): it takes over `dob` and `ids`.
    const ev = query.evidence ? prepareEvidence(query.evidence, query) : undefined;
    const basic: ScreeningQuery = ev ? { name: query.name, ...(query.country ? { country: query.country } : {}) } : query;
    const evBonus = ev ? ev.maxRaise - (query.dob ? DOB_MATCH_BONUS : 0) - (query.ids?.length ? ID_MATCH_BONUS : 0) : 0;
    const best = new Map<ListEntry, ScreeningMatch>();
    for (const id of this.candidates(q, allowed)) {
      const n = this.name(id);
      const entry = n.entry;
      // Score first without building an explanation; explain only what passes.
      const weights = { query: queryWeights, candidate: n.weights };
      const quick = compareNormalized(q, n.norm, weights, false, QUERY_EXTRA_FACTOR).score;
      if (quick + maxBonus + evBonus < threshold && !(ev?.canConfirmById && quick >= EVIDENCE.idMinNameScore)) continue;
      // The evidence's exact effect on this entry, before the explained scoring (the costlier part).
      const found = ev ? compareEvidence(ev, entry, quick) : undefined;
      if (ev && found && quick + maxBonus + evBonus - ev.maxRaise + found.delta < threshold && found.floor < threshold) continue;
      const r = compareNormalized(q, n.norm, weights, true, QUERY_EXTRA_FACTOR);
      const adjustments: Adjustment[] = [...r.explanation.adjustments];
      let score = r.score + evidence(basic, entry, adjustments);
      if (found) {
        score += found.delta;
        adjustments.push(...evidenceAdjustments(found.items));
      }
      if (n.aliasType === 'weak') {
        score *= 0.95;
        adjustments.push({ rule: 'weak_alias', detail: 'matched a low-quality alias', effect: '×0.95' });
      }
      if (found && score < found.floor) score = found.floor; // confirmed by an identifier
      score = round(Math.max(0, Math.min(1, score)));
      if (score < threshold) continue;
      const prev = best.get(n.entry);
      if (prev && prev.score >= score) continue;
      best.set(n.entry, {
        entry,
        matchedName: n.name,
        aliasType: n.aliasType,
        score,
        explanation: { ...r.explanation, adjustments },
        ...(found ? { evidence: found.items } : {}),
      });
    }
    return [...best.values()]
      .sort((a, b) => b.score - a.score || effectRank(a.entry.effect) - effectRank(b.entry.effect) || a.entry.entryId.localeCompare(b.entry.entryId))
      .slice(0, limit);
  }

  /** Every name scored, no index: the brute-force baseline of the benchmark. */
  searchBruteForce(query: ScreeningQuery, threshold = DEFAULT_THRESHOLD): { entryId: string; score: number }[] {
    const q = normalizeName(query.name, query.type ? schemaOfType(query.type) : 'any');
    const queryWeights = q.tokens.map(this.weigh);
    const out: { entryId: string; score: number }[] = [];
    for (const n of this.names) {
      const s = compareNormalized(q, n.norm, { query: queryWeights, candidate: n.weights }, false, QUERY_EXTRA_FACTOR).score;
      if (s >= threshold) out.push({ entryId: n.entry.entryId, score: s });
    }
    return out.sort((a, b) => b.score - a.score);
  }
}

/** Persons never match organisations, vessels or aircraft; unknown matches anything. */
function typesCompatible(q: EntityType | undefined, e: EntityType): boolean {
  if (!q || q === 'unknown' || e === 'unknown') return true;
  if (q === e) return true;
  // Vessels and aircraft are sometimes listed as entities: only person-vs-other is excluded.
  return q !== 'person' && e !== 'person';
}

const DOB_MATCH_BONUS = 0.03;
const DOB_MISMATCH_PENALTY = 0.1;
const COUNTRY_MATCH_BONUS = 0.02;
const COUNTRY_MISMATCH_PENALTY = 0.05;
const ID_MATCH_BONUS = 0.15;

function normId(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Optional country, date-of-birth and ID evidence: a small additive change, explained. */
function evidence(query: ScreeningQuery, entry: ListEntry, adjustments: Adjustment[]): number {
  let delta = 0;
  if (query.dob && entry.datesOfBirth.length) {
    const qy = query.dob.slice(0, 4);
    if (entry.datesOfBirth.some((d) => d.startsWith(query.dob!) || query.dob!.startsWith(d))) {
      delta += DOB_MATCH_BONUS;
      adjustments.push({ rule: 'dob_match', detail: `date of birth ${query.dob} is listed`, effect: `+${DOB_MATCH_BONUS}` });
    } else if (!entry.datesOfBirth.some((d) => Math.abs(Number(d.slice(0, 4)) - Number(qy)) <= 1)) {
      delta -= DOB_MISMATCH_PENALTY;
      adjustments.push({ rule: 'dob_mismatch', detail: `date of birth ${query.dob} differs from ${entry.datesOfBirth.join(', ')}`, effect: `-${DOB_MISMATCH_PENALTY}` });
    }
  }
  if (query.country) {
    const countries = new Set([...entry.nationalities, ...entry.addresses.map((a) => a.country).filter(Boolean)]);
    if (countries.size) {
      if (countries.has(query.country)) {
        delta += COUNTRY_MATCH_BONUS;
        adjustments.push({ rule: 'country_match', detail: `${query.country} is a listed country`, effect: `+${COUNTRY_MATCH_BONUS}` });
      } else {
        delta -= COUNTRY_MISMATCH_PENALTY;
        adjustments.push({ rule: 'country_mismatch', detail: `${query.country} not among ${[...countries].join(', ')}`, effect: `-${COUNTRY_MISMATCH_PENALTY}` });
      }
    }
  }
  if (query.ids?.length && entry.ids.length) {
    const listed = new Set(entry.ids.map((i) => normId(i.number)));
    const hit = query.ids.find((i) => normId(i).length >= 4 && listed.has(normId(i)));
    if (hit) {
      delta += ID_MATCH_BONUS;
      adjustments.push({ rule: 'id_match', detail: `identifier ${hit} is listed`, effect: `+${ID_MATCH_BONUS}` });
    }
  }
  return delta;
}

export function buildIndex(entries: readonly ListEntry[]): ScreeningIndex {
  return new ScreeningIndex(entries);
}
